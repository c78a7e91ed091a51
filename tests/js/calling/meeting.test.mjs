// Joining a Teams meeting in headless Chromium: Brad creates an online meeting with Graph; he joins by its
// link, Bree by its meeting id and passcode: one call, media both ways. A wrong passcode is refused.

import test from 'node:test';
import assert from 'node:assert/strict';

import { SWITCHBOARD_URL } from '../support/env.mjs';
import { CALLERS, teamsAcsToken, graphToken, launchWithFakeMedia, agentPage, waitFor, waitForLinks } from './support.mjs';

test('joiners by meeting link and by meeting id + passcode share the meeting\'s call with media; a wrong passcode is refused', { timeout: 120_000 }, async (t) => {
  const start = new Date(Date.now() + 3600_000);
  const response = await fetch(`${SWITCHBOARD_URL}/v1.0/me/onlineMeetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await graphToken(CALLERS.brad)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'Calling e2e', startDateTime: start.toISOString(), endDateTime: new Date(start.getTime() + 3600_000).toISOString() }),
  });
  const meeting = await response.json();
  assert.equal(response.status, 201, JSON.stringify(meeting));

  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));

  // A wrong passcode: the call ends with the server's refusal (403).
  await bree.page.evaluate(({ meetingId }) => window.sb.track(window.sb.agent.join({ meetingId, passcode: 'wrong' })), { meetingId: meeting.joinMeetingIdSettings.joinMeetingId });
  await waitFor(bree.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.equal(await bree.page.evaluate(() => window.sb.calls[0].callEndReason.code), 403);
  await bree.page.evaluate(() => { window.sb.calls.length = 0; });

  await brad.page.evaluate(async (meetingLink) => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(window.sb.agent.join({ meetingLink }, { videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
  }, meeting.joinWebUrl);
  await waitFor(brad.page, () => window.sb.calls[0].state === 'Connected');
  await bree.page.evaluate(async ({ meetingId, passcode }) => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(window.sb.agent.join({ meetingId, passcode }, { videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
  }, { meetingId: meeting.joinMeetingIdSettings.joinMeetingId, passcode: meeting.joinMeetingIdSettings.passcode });
  await waitFor(bree.page, () => window.sb.calls[0].state === 'Connected');
  for (const side of [brad, bree]) {
    await waitForLinks(side.page, 0, 1);
  }
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].id), await bree.page.evaluate(() => window.sb.calls[0].id));
  assert.equal(await bree.page.evaluate(() => window.sb.calls[0].info.threadId), meeting.chatInfo.threadId);
  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
  await bree.page.evaluate(() => window.sb.calls[0].hangUp());
});
