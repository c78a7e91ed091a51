// What goes wrong, handled: a Fabrikam user without Microsoft Teams gets a clear message from the Contoso
// sample (its back end's 403), not a broken page; and on the "short" server, whose Entra access tokens
// live 20 seconds, a session outlives its tokens: chat and calls keep working with no sign-in prompt.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { SWITCHBOARD_URL } from '../support/env.mjs';
import { launchWithFakeMedia, personPage, signIn, shoot } from './support.mjs';

const SHORT = process.env.SWITCHBOARD_SHORT_URL?.replace(/\/+$/, '');
const NESTOR = { upn: 'nestor@fabrikam.test', password: 'Fabrikam!Nestor1', name: 'Nestor Wilke' };
const LEE = { upn: 'lee@fabrikam.test', password: 'Fabrikam!Lee1', name: 'Lee Gu' };
const JONI = { upn: 'joni@fabrikam.test', password: 'Fabrikam!Joni1', name: 'Joni Sherman' };

let browser;
before(async () => { browser = await launchWithFakeMedia(); });
after(async () => browser?.close());

test('A user without Microsoft Teams sees in the Contoso sample that their account is not enabled for Teams', { timeout: 120_000 }, async () => {
  const { context, page } = await personPage(browser, { width: 390, height: 844 });
  try {
    await signIn(page, `${SWITCHBOARD_URL}/samples/contoso/`, NESTOR, { consent: 'accept' });
    const message = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: "Your account isn't enabled for Microsoft Teams" }) });
    await message.waitFor();
    assert.equal(await page.locator('#app').isVisible(), false, 'the chat and call workspace should not open');
    assert.equal(await page.locator('#notice').isVisible(), false, 'no raw error toast next to the message');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    await shoot(page, 'contoso-no-teams');
  } finally {
    await context.close();
  }
});

test('After the 20-second Entra tokens expire, a chat message still goes out live and a call still connects, with no sign-in prompt',
  { timeout: 240_000, skip: SHORT ? false : 'SWITCHBOARD_SHORT_URL is not set' }, async () => {
    const lee = await personPage(browser);
    const joni = await personPage(browser, { width: 390, height: 844 }); // the client at phone width
    try {
      await signIn(lee.page, `${SHORT}/`, LEE);
      await signIn(joni.page, `${SHORT}/`, JONI);
      for (const p of [lee.page, joni.page]) await p.locator('#calling-state').filter({ hasText: 'Calls ready' }).waitFor();
      const signedInAt = { lee: lee.page.titles.length, joni: joni.page.titles.length };

      await lee.page.getByRole('button', { name: 'New chat' }).click();
      await lee.page.getByLabel('Add people').fill('Joni');
      await lee.page.getByRole('button', { name: /Joni Sherman/ }).click();
      await lee.page.getByRole('button', { name: 'Start chat' }).click();
      await lee.page.locator('#conv-title').filter({ hasText: JONI.name }).waitFor();

      // Past the tokens' lifetime (20 s, plus the server's 1 s clock skew).
      await new Promise((r) => setTimeout(r, 26_000));

      const text = `Still here after expiry ${Date.now().toString(36)}`;
      await lee.page.getByLabel('Type a message').fill(text);
      await lee.page.getByRole('button', { name: 'Send' }).click();
      await lee.page.locator('#messages .message.mine').filter({ hasText: text }).waitFor();
      await joni.page.locator('#chat-list .chat-item').filter({ hasText: text }).waitFor();
      const overflow = await joni.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the client scrolls sideways by ${overflow}px at 390px`);
      await shoot(joni.page, 'client-390px');

      await lee.page.getByRole('button', { name: 'Call', exact: true }).click();
      await joni.page.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
      for (const p of [lee.page, joni.page]) await p.locator('#call-state').filter({ hasText: 'Connected' }).waitFor();
      await shoot(joni.page, 'call-390px');
      await lee.page.getByRole('button', { name: 'Hang up' }).click();
      await joni.page.locator('#call').waitFor({ state: 'hidden' });

      // No page load since the sign-in: no sign-in page, no redirect, and still on the app.
      assert.deepEqual(lee.page.titles.slice(signedInAt.lee), []);
      assert.deepEqual(joni.page.titles.slice(signedInAt.joni), []);
      assert.equal(new URL(lee.page.url()).origin, SHORT);
    } catch (e) {
      await shoot(lee.page, 'failure-lee').catch(() => {});
      await shoot(joni.page, 'failure-joni').catch(() => {});
      throw e;
    } finally {
      await lee.context.close();
      await joni.context.close();
    }
  });
