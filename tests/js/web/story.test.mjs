// The whole story of the seed document, in one browser: Fabrikam's administrator consents to Contoso
// Calls for the organisation in /admin; a Fabrikam Teams user then signs in to the Contoso sample with no
// consent prompt, chats with a colleague who uses Switchboard's client at /, calls them with video, shares
// the screen and hangs up; the call is recorded in the chat on both sides.
//
// Runs against SWITCHBOARD_DEMO_URL: a server started with the demo seed, where Fabrikam has not
// consented to Contoso Calls (the test seed consents it for its calling users; see docs/web.md).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchWithFakeMedia, personPage, signIn, shoot, framesGrow, tilePlays, inbound } from './support.mjs';

const DEMO = process.env.SWITCHBOARD_DEMO_URL?.replace(/\/+$/, '');
const CONTOSO_CALLS = 'c0de0001-0000-4000-8000-000000000001';
const MEGAN = { upn: 'megan@fabrikam.test', password: 'Fabrikam!Megan1', name: 'Megan Bowen' };
const ADELE = { upn: 'adele@fabrikam.test', password: 'Fabrikam!Adele1', name: 'Adele Vance' };
const ALEX = { upn: 'alex@fabrikam.test', password: 'Fabrikam!Alex1', name: 'Alex Wilber' };

let browser;
before(async () => { if (DEMO) browser = await launchWithFakeMedia(); });
after(async () => browser?.close());

async function grantAdminConsent() {
  const { context, page } = await personPage(browser);
  try {
    await signIn(page, `${DEMO}/admin/`, MEGAN, { app: false });
    await page.getByRole('link', { name: 'Enterprise applications' }).click();
    await page.getByRole('heading', { name: 'Enterprise applications' }).waitFor();
    const app = page.locator(`[data-app-id="${CONTOSO_CALLS}"]`);
    await page.locator('#status').filter({ hasText: /^$/ }).waitFor();
    if (!(await app.count())) {
      await page.getByLabel('Application (client) ID').fill(CONTOSO_CALLS);
      await page.getByRole('button', { name: 'Add application' }).click();
      await app.waitFor();
    }
    const [popup] = await Promise.all([context.waitForEvent('page'), app.getByRole('button', { name: 'Grant admin consent' }).click()]);
    const proceed = popup.getByRole('button', { name: /^Continue as / });
    const accept = popup.getByRole('button', { name: 'Accept' });
    await proceed.or(accept).first().waitFor();
    if (await proceed.isVisible()) await proceed.click();
    await accept.click();
    await popup.getByText('Permissions granted').waitFor();
    await popup.close();
    await app.getByText('Admin consent', { exact: true }).first().waitFor();
  } finally {
    await context.close();
  }
}

test('Admin consent, then a Teams user of the Contoso sample chats live with a colleague on the client, calls with video, shares the screen, and the call is recorded in the chat',
  { timeout: 300_000, skip: DEMO ? false : 'SWITCHBOARD_DEMO_URL is not set (test.sh starts the demo-seed server)' }, async () => {
    await grantAdminConsent();

    // Alex has Switchboard's client open at /.
    const alex = await personPage(browser);
    const adele = await personPage(browser);
    try {
      await signIn(alex.page, `${DEMO}/`, ALEX);
      await alex.page.locator('#calling-state').filter({ hasText: 'Calls ready' }).waitFor();
      await shoot(alex.page, 'client-chat-list');

      // Adele signs in to the Contoso sample: the organisation consented, so no consent page.
      await signIn(adele.page, `${DEMO}/samples/contoso/`, ADELE);
      assert.ok(!adele.page.titles.some((t) => /Permissions requested/i.test(t)), `a consent page was shown: ${adele.page.titles.join(' | ')}`);
      assert.equal(await adele.page.getByRole('heading', { name: 'Permissions requested' }).count(), 0);
      await adele.page.getByText('Sample app').waitFor();
      await adele.page.locator('#calling-state').filter({ hasText: 'Calls ready' }).waitFor();

      // A new one-on-one chat with Alex through the people picker, and a message.
      await adele.page.getByRole('button', { name: 'New chat' }).click();
      await adele.page.getByLabel('Add people').fill('Alex');
      await adele.page.getByRole('button', { name: /Alex Wilber/ }).click();
      await adele.page.getByRole('button', { name: 'Start chat' }).click();
      await adele.page.locator('#conv-title').filter({ hasText: ALEX.name }).waitFor();
      const hello = `Hello Alex, this is Adele from Contoso Calls (${Date.now().toString(36)})`;
      await adele.page.getByLabel('Type a message').fill(hello);
      await adele.page.keyboard.press('Enter');
      await adele.page.locator('#messages .message.mine').filter({ hasText: hello }).waitFor();
      await shoot(adele.page, 'contoso-signed-in');

      // Alex sees it live: the chat arrives unread in the list, then the message in the conversation.
      const item = alex.page.locator('#chat-list .chat-item').filter({ hasText: ADELE.name });
      await item.filter({ hasText: hello }).waitFor();
      assert.match(await item.getAttribute('class'), /unread/);
      await item.click();
      await alex.page.locator('#messages .message').filter({ hasText: hello }).waitFor();
      await shoot(alex.page, 'conversation');

      // Adele calls Alex with video; Alex gets the incoming-call notice and accepts.
      await adele.page.getByRole('button', { name: 'Video call' }).click();
      const notice = alex.page.getByRole('alertdialog');
      await notice.filter({ hasText: `${ADELE.name} is calling you` }).waitFor();
      await shoot(alex.page, 'incoming-call');
      await notice.getByRole('button', { name: 'Accept' }).click();

      for (const p of [adele.page, alex.page]) await p.locator('#call-state').filter({ hasText: 'Connected' }).waitFor();
      // Each decodes the other's camera: inbound video frames grow on both sides, and the tiles play.
      await Promise.all([framesGrow(adele.page), framesGrow(alex.page)]);
      await Promise.all([tilePlays(adele.page, 'Video'), tilePlays(alex.page, 'Video')]);
      await alex.page.locator('#call-participants').filter({ hasText: ADELE.name }).waitFor();
      await shoot(alex.page, 'call-video-tiles');

      // Adele shares her screen: Alex receives a ScreenSharing stream with frames.
      await adele.page.getByRole('button', { name: 'Share screen' }).click();
      await adele.page.getByRole('button', { name: 'Stop sharing' }).waitFor();
      await tilePlays(alex.page, 'ScreenSharing');
      const stats = await inbound(alex.page);
      assert.ok(stats.videoTracks >= 2, `Alex should receive camera and screen: ${JSON.stringify(stats)}`);
      await shoot(alex.page, 'call-screen-sharing');

      // Adele hangs up: both call windows close and the call is recorded in the chat on both sides.
      await adele.page.getByRole('button', { name: 'Hang up' }).click();
      for (const p of [adele.page, alex.page]) {
        await p.locator('#call').waitFor({ state: 'hidden' });
        await p.locator('#messages .call-record').filter({ hasText: /Call ended/ }).waitFor();
      }
      await shoot(alex.page, 'call-record');
    } catch (e) {
      // What each person saw when it failed, for the log.
      await shoot(alex.page, 'failure-alex').catch(() => {});
      await shoot(adele.page, 'failure-adele').catch(() => {});
      throw e;
    } finally {
      await alex.context.close();
      await adele.context.close();
    }
  });
