// One-to-one Teams calls in headless Chromium with Switchboard's calling library (/sdk/calling.js):
// every endpoint of the callee rings, the first answer wins, media flows both ways (getStats), and
// mute, video, screen sharing, hold and hang-up behave as @azure/communication-calling's do.

import test from 'node:test';
import assert from 'node:assert/strict';

import { SWITCHBOARD_URL } from '../support/env.mjs';
import { CALLERS, teamsAcsToken, graphToken, launchWithFakeMedia, agentPage, waitForInbound, waitFor } from './support.mjs';

test('a Teams call rings both of the callee\'s endpoints, one answers, media flows both ways, and the chat records it', { timeout: 180_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const breeToken = await teamsAcsToken(CALLERS.bree);
  const breeDesk = await agentPage(browser, breeToken);
  const breePhone = await agentPage(browser, breeToken);

  // Brad calls Bree with his camera on.
  const callId = await brad.page.evaluate(async (breeId) => {
    const { sdk, agent } = window.sb;
    const cameras = await (await window.sb.client.getDeviceManager()).getCameras();
    const video = new sdk.LocalVideoStream(cameras[0]);
    const call = window.sb.track(agent.startCall({ microsoftTeamsUserId: breeId }, { videoOptions: { localVideoStreams: [video] } }));
    return call.id;
  }, CALLERS.bree.id);
  assert.ok(callId);

  for (const endpoint of [breeDesk, breePhone]) {
    await waitFor(endpoint.page, () => window.sb.incoming.length === 1);
  }
  const callerInfo = await breeDesk.page.evaluate(() => ({ ...window.sb.incoming[0].callerInfo }));
  assert.equal(callerInfo.identifier.microsoftTeamsUserId, CALLERS.brad.id);
  assert.equal(callerInfo.displayName, CALLERS.brad.name);
  await waitFor(brad.page, () => window.sb.calls[0].state === 'Ringing');

  // The desk answers with video; the phone stops ringing with 487/10003.
  await breeDesk.page.evaluate(async () => {
    const { sdk } = window.sb;
    const cameras = await (await window.sb.client.getDeviceManager()).getCameras();
    const call = await window.sb.incoming[0].accept({ videoOptions: { localVideoStreams: [new sdk.LocalVideoStream(cameras[0])] } });
    window.sb.track(call);
  });
  await waitFor(breePhone.page, () => window.sb.ended.length === 1);
  assert.deepEqual(await breePhone.page.evaluate(() => ({ ...window.sb.ended[0].callEndReason })), { code: 487, subCode: 10003 });

  await waitFor(brad.page, () => window.sb.calls[0].state === 'Connected');
  await waitFor(breeDesk.page, () => window.sb.calls[0].state === 'Connected');
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].info.threadId), `19:${[CALLERS.brad.id, CALLERS.bree.id].sort().join('_')}@unq.gbl.spaces`);

  // Media both ways: bytes and decoded frames grow, and the fake microphone's beep has a level.
  for (const side of [brad, breeDesk]) {
    await waitForInbound(side.page, 0, (a, b) => b.audioBytes > a.audioBytes && b.videoBytes > a.videoBytes && b.framesDecoded > a.framesDecoded + 5 && b.audioEnergy > 0);
  }
  const remote = await brad.page.evaluate(() => {
    const p = window.sb.calls[0].remoteParticipants[0];
    return { id: p.identifier.microsoftTeamsUserId, name: p.displayName, state: p.state, streams: p.videoStreams.map((s) => ({ type: s.mediaStreamType, available: s.isAvailable })) };
  });
  assert.equal(remote.id, CALLERS.bree.id);
  assert.equal(remote.state, 'Connected');
  assert.deepEqual(remote.streams, [{ type: 'Video', available: true }]);

  // Hang-up ends both sides.
  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
  await waitFor(breeDesk.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await brad.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 0 });
  assert.equal((await breeDesk.page.evaluate(() => window.sb.calls[0].callEndReason)).code, 0);

  // The call is in the chat's messages.
  const threadId = `19:${[CALLERS.brad.id, CALLERS.bree.id].sort().join('_')}@unq.gbl.spaces`;
  const graph = await graphToken(CALLERS.bree);
  let detail;
  for (let i = 0; i < 50 && !detail; i++) {
    const response = await fetch(`${SWITCHBOARD_URL}/v1.0/chats/${encodeURIComponent(threadId)}/messages`, { headers: { authorization: `Bearer ${graph}`, prefer: 'include-unknown-enum-members' } });
    const body = await response.json();
    detail = body.value.map((m) => m.eventDetail).find((d) => d?.['@odata.type'] === '#microsoft.graph.callEndedEventMessageDetail' && d.callParticipants.length === 2);
    if (!detail) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(detail, 'the ended call is in the chat');
  assert.equal(detail.initiator.user.id, CALLERS.brad.id);
});

test('mute silences the remote audio, video stops and starts, screen sharing arrives as ScreenSharing, hold stops media', { timeout: 180_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));

  await brad.page.evaluate(async (breeId) => {
    const { sdk, agent } = window.sb;
    const cameras = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.video = new sdk.LocalVideoStream(cameras[0]);
    window.sb.track(agent.startCall({ microsoftTeamsUserId: breeId }, { videoOptions: { localVideoStreams: [window.sb.video] } }));
  }, CALLERS.bree.id);
  await waitFor(bree.page, () => window.sb.incoming.length === 1);
  await bree.page.evaluate(async () => window.sb.track(await window.sb.incoming[0].accept()));
  await waitFor(bree.page, () => window.sb.calls[0]?.state === 'Connected');
  await waitForInbound(bree.page, 0, (a, b) => b.framesDecoded > a.framesDecoded + 5 && b.audioLevel > 0);

  // Mute: Bree sees isMuted and the audio level falls to zero.
  await brad.page.evaluate(() => window.sb.calls[0].mute());
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].isMuted), true);
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants[0].isMuted === true);
  await waitForInbound(bree.page, 0, (a, b) => b.audioLevel < 0.001);
  await brad.page.evaluate(() => window.sb.calls[0].unmute());
  await waitForInbound(bree.page, 0, (a, b) => b.audioLevel > 0);

  // stopVideo / startVideo: the remote stream becomes unavailable, then frames flow again.
  await brad.page.evaluate(() => window.sb.calls[0].stopVideo(window.sb.video));
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants[0].videoStreams.every((s) => s.mediaStreamType !== 'Video' || !s.isAvailable));
  await brad.page.evaluate(() => window.sb.calls[0].startVideo(window.sb.video));
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants[0].videoStreams.some((s) => s.mediaStreamType === 'Video' && s.isAvailable));
  await waitForInbound(bree.page, 0, (a, b) => b.framesDecoded > a.framesDecoded + 5);

  // Screen sharing: a second remote stream of type ScreenSharing with frames.
  await brad.page.evaluate(() => window.sb.calls[0].startScreenSharing());
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].isScreenSharingOn), true);
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants[0].videoStreams.some((s) => s.mediaStreamType === 'ScreenSharing' && s.isAvailable));
  await waitForInbound(bree.page, 0, (a, b) => b.videoTracks >= 2 && b.framesDecoded > a.framesDecoded + 10);
  await brad.page.evaluate(() => window.sb.calls[0].stopScreenSharing());
  await waitFor(bree.page, () => !window.sb.calls[0].remoteParticipants[0].videoStreams.some((s) => s.mediaStreamType === 'ScreenSharing' && s.isAvailable));

  // Hold: LocalHold and RemoteHold, no media either way; resume brings it back.
  await brad.page.evaluate(() => window.sb.calls[0].hold());
  await waitFor(brad.page, () => window.sb.calls[0].state === 'LocalHold');
  await waitFor(bree.page, () => window.sb.calls[0].state === 'RemoteHold');
  await new Promise((r) => setTimeout(r, 1000));
  await waitForInbound(bree.page, 0, (a, b) => b.audioBytes === a.audioBytes && b.videoBytes === a.videoBytes, 10_000);
  await waitForInbound(brad.page, 0, (a, b) => b.audioBytes === a.audioBytes && b.videoBytes === a.videoBytes, 10_000);
  await brad.page.evaluate(() => window.sb.calls[0].resume());
  await waitFor(bree.page, () => window.sb.calls[0].state === 'Connected');
  await waitForInbound(bree.page, 0, (a, b) => b.audioBytes > a.audioBytes && b.framesDecoded > a.framesDecoded);

  await bree.page.evaluate(() => window.sb.calls[0].hangUp());
  await waitFor(brad.page, () => window.sb.calls[0].state === 'Disconnected');
});

test('decline is 603, cancel is 487, and calling someone offline is 480', { timeout: 120_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));

  await brad.page.evaluate((id) => window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id })), CALLERS.bree.id);
  await waitFor(bree.page, () => window.sb.incoming.length === 1);
  await bree.page.evaluate(() => window.sb.incoming[0].reject());
  await waitFor(brad.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await brad.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 603, subCode: 0 });

  await brad.page.evaluate((id) => window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id })), CALLERS.bree.id);
  await waitFor(bree.page, () => window.sb.incoming.length === 2);
  await brad.page.evaluate(() => window.sb.calls[1].hangUp());
  await waitFor(bree.page, () => window.sb.ended.length === 2);
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.ended[1].callEndReason })), { code: 487, subCode: 0 });

  // Alex Wilber has no agent connected.
  await brad.page.evaluate(() => window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: '22222222-0000-4000-8000-000000000002' })));
  await waitFor(brad.page, () => window.sb.calls[2].state === 'Disconnected');
  assert.equal(await brad.page.evaluate(() => window.sb.calls[2].callEndReason.code), 480);
});
