// Forwarding in headless Chromium: users' own forwarding settings (set here through PUT /calling/forwarding:
// Cody forwards every call to Cleo at once, Cyd's go to Cleo after 5 s unanswered) and Switchboard's forward() extension on a
// ringing TeamsIncomingCall. The target sees the forwarding user in transferorInfo; media flows.

import test from 'node:test';
import { SWITCHBOARD_URL } from '../support/env.mjs';
import assert from 'node:assert/strict';

import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor, waitForLinks } from './support.mjs';

/** The user's own forwarding settings, through Switchboard's REST extension with their ACS token. */
async function setForwarding({ token }, settings) {
  const response = await fetch(`${SWITCHBOARD_URL}/calling/forwarding`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  assert.equal(response.status, 200, await response.text());
}

async function call(side, user) {
  await side.page.evaluate(async (id) => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id }, { videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
  }, user.id);
}

/** The target answers its ringing call (returning its transferorInfo) and media flows both ways. */
async function answerForwarded(target, caller) {
  await waitFor(target.page, () => window.sb.incoming.some((i) => !i.callEndReason));
  const transferor = await target.page.evaluate(async () => {
    const incoming = window.sb.incoming.find((i) => !i.callEndReason);
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    const call = window.sb.track(await incoming.accept({ videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
    return { incoming: incoming.transferorInfo?.identifier?.microsoftTeamsUserId, call: call.transferorInfo?.identifier?.microsoftTeamsUserId };
  });
  await waitForLinks(target.page, 0, 1);
  await waitForLinks(caller.page, 0, 1);
  return transferor;
}

test('forward() on a ringing call stops it ringing here (302) and rings the target with this user as transferor', { timeout: 120_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const cara = await agentPage(browser, await teamsAcsToken(CALLERS.cara));
  await call(brad, CALLERS.bree);
  await waitFor(bree.page, () => window.sb.incoming.length === 1);
  await bree.page.evaluate((id) => window.sb.incoming[0].forward({ microsoftTeamsUserId: id }), CALLERS.cara.id);
  await waitFor(bree.page, () => window.sb.ended.length === 1);
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.ended[0].callEndReason })), { code: 302, subCode: 0 });

  assert.deepEqual(await answerForwarded(cara, brad), { incoming: CALLERS.bree.id, call: CALLERS.bree.id });
  await waitFor(brad.page, (id) => window.sb.calls[0].remoteParticipants.length === 1 && window.sb.calls[0].remoteParticipants[0].identifier.microsoftTeamsUserId === id, CALLERS.cara.id);
  assert.deepEqual(await brad.page.evaluate(() => window.sb.calls[0].remoteParticipants.map((p) => p.identifier.microsoftTeamsUserId)), [CALLERS.cara.id]);
  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
});

test('forwarding rules: an immediate rule never rings the user; an unanswered rule rings them for its delay, then the target', { timeout: 180_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const codyToken = await teamsAcsToken(CALLERS.cody);
  const cydToken = await teamsAcsToken(CALLERS.cyd);
  await setForwarding(codyToken, { immediate: { rawId: `8:orgid:${CALLERS.cleo.id}` } });
  await setForwarding(cydToken, { unanswered: { rawId: `8:orgid:${CALLERS.cleo.id}`, afterSeconds: 5 } });
  t.after(async () => { await setForwarding(codyToken, {}); await setForwarding(cydToken, {}); });
  const cody = await agentPage(browser, codyToken);
  const cyd = await agentPage(browser, cydToken);
  const cleo = await agentPage(browser, await teamsAcsToken(CALLERS.cleo));

  // Cody forwards everything to Cleo.
  await call(brad, CALLERS.cody);
  assert.deepEqual(await answerForwarded(cleo, brad), { incoming: CALLERS.cody.id, call: CALLERS.cody.id });
  assert.equal(await cody.page.evaluate(() => window.sb.incoming.length), 0);
  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
  await waitFor(cleo.page, () => window.sb.calls[0].state === 'Disconnected');

  // Cyd rings for 5 s, stops with 487/10004, and Cleo rings with Cyd as transferor.
  await call(brad, CALLERS.cyd);
  await waitFor(cyd.page, () => window.sb.incoming.length === 1);
  await waitFor(cyd.page, () => window.sb.ended.length === 1, undefined, 15_000);
  assert.deepEqual(await cyd.page.evaluate(() => ({ ...window.sb.ended[0].callEndReason })), { code: 487, subCode: 10004 });
  await cleo.page.evaluate(() => { window.sb.calls.length = 0; });
  await waitFor(cleo.page, () => window.sb.incoming.length === 2);
  const forwarded = await cleo.page.evaluate(async () => {
    const incoming = window.sb.incoming[1];
    window.sb.track(await incoming.accept());
    return incoming.transferorInfo?.identifier?.microsoftTeamsUserId;
  });
  assert.equal(forwarded, CALLERS.cyd.id);
  await waitFor(brad.page, () => window.sb.calls[1].state === 'Connected');
  await waitForLinks(cleo.page, 0, 1);
  await brad.page.evaluate(() => window.sb.calls[1].hangUp());
});
