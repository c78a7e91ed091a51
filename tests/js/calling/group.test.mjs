// Group calls in headless Chromium (mesh: one RTCPeerConnection per pair): three people in a group
// chat's call each receive audio and video from both others; one is removed (0/5000) and added back
// with addParticipant, and then receives media from everyone; ad-hoc rooms by groupId.

import test from 'node:test';
import assert from 'node:assert/strict';

import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor, waitForLinks, groupChat } from './support.mjs';

/** Answers the newest incoming call with the camera on, and tracks the call. */
async function answerWithVideo(side) {
  await waitFor(side.page, () => window.sb.incoming.some((i) => !i.callEndReason && !i.sbAnswered));
  await side.page.evaluate(async () => {
    const incoming = window.sb.incoming.filter((i) => !i.callEndReason && !i.sbAnswered).at(-1);
    incoming.sbAnswered = true;
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(await incoming.accept({ videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
  });
}

test('a mesh group call of three: everyone gets audio and video from both others; a removed participant added back gets media from all', { timeout: 240_000 }, async (t) => {
  const threadId = await groupChat(CALLERS.brad, CALLERS.bree, CALLERS.cara);
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const cara = await agentPage(browser, await teamsAcsToken(CALLERS.cara));

  await brad.page.evaluate(async ({ ids, threadId }) => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    const video = new window.sb.sdk.LocalVideoStream(cams[0]);
    window.sb.track(window.sb.agent.startCall(ids.map((id) => ({ microsoftTeamsUserId: id })), { threadId, videoOptions: { localVideoStreams: [video] } }));
  }, { ids: [CALLERS.bree.id, CALLERS.cara.id], threadId });
  await answerWithVideo(bree);
  await answerWithVideo(cara);

  for (const side of [brad, bree, cara]) {
    await waitFor(side.page, () => window.sb.calls[0]?.state === 'Connected' && window.sb.calls[0].remoteParticipants.filter((p) => p.state === 'Connected').length === 2, undefined, 30_000);
    await waitForLinks(side.page, 0, 2);
  }
  assert.equal(await bree.page.evaluate(() => window.sb.calls[0].info.threadId), threadId);
  const seenByCara = await cara.page.evaluate(() => window.sb.calls[0].remoteParticipants.map((p) => ({
    id: p.identifier.microsoftTeamsUserId, video: p.videoStreams.filter((s) => s.mediaStreamType === 'Video' && s.isAvailable).length,
  })).sort((a, b) => a.id.localeCompare(b.id)));
  assert.deepEqual(seenByCara, [{ id: CALLERS.brad.id, video: 1 }, { id: CALLERS.bree.id, video: 1 }]);
  // Each remote camera resolves to a live track of its own link.
  await waitFor(cara.page, () => window.sb.calls[0].remoteParticipants.every((p) => p.videoStreams.some((s) => s.isReceiving)), undefined, 20_000);

  // Dominant speakers: each endpoint reports its own microphone (the fake one beeps); the server orders them.
  await waitFor(brad.page, () => window.sb.calls[0].feature(window.sb.sdk.Features.DominantSpeakers).dominantSpeakers.speakersList.length > 0, undefined, 20_000);
  await waitFor(brad.page, () => window.sb.calls[0].remoteParticipants.some((p) => p.isSpeaking), undefined, 20_000);

  // Brad removes Cara: her call ends 0/5000, the others see her go, Brad and Bree keep their media.
  await brad.page.evaluate((id) => window.sb.calls[0].removeParticipant({ microsoftTeamsUserId: id }), CALLERS.cara.id);
  await waitFor(cara.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await cara.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 5000 });
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants.length === 1);
  await waitForLinks(bree.page, 0, 1);

  // Bree adds Cara back: she is there at once (Connecting), rings, joins late and gets media from both.
  const added = await bree.page.evaluate((id) => {
    const p = window.sb.calls[0].addParticipant({ microsoftTeamsUserId: id });
    return { state: p.state, count: window.sb.calls[0].remoteParticipants.length };
  }, CALLERS.cara.id);
  assert.deepEqual(added, { state: 'Connecting', count: 2 });
  await answerWithVideo(cara);
  await waitFor(cara.page, () => window.sb.calls[1]?.state === 'Connected', undefined, 30_000);
  await waitForLinks(cara.page, 1, 2);
  await waitForLinks(brad.page, 0, 2);
  assert.equal(await cara.page.evaluate(() => window.sb.calls[1].callerInfo.identifier.microsoftTeamsUserId), CALLERS.bree.id);

  // Brad ends it for everyone: 0/4097.
  await brad.page.evaluate(() => window.sb.calls[0].hangUp({ forEveryone: true }));
  await waitFor(bree.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 4097 });
  assert.deepEqual(await cara.page.evaluate(() => ({ ...window.sb.calls[1].callEndReason })), { code: 0, subCode: 4097 });
});

test('two people join an ad-hoc room by groupId and get each other\'s media; the room lives until the last leaves', { timeout: 120_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const groupId = crypto.randomUUID();

  for (const side of [brad, bree]) {
    await side.page.evaluate(async (groupId) => {
      const cams = await (await window.sb.client.getDeviceManager()).getCameras();
      window.sb.track(window.sb.agent.join({ groupId }, { videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
    }, groupId);
    await waitFor(side.page, () => window.sb.calls[0]?.state === 'Connected');
  }
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].info.groupId), groupId);
  for (const side of [brad, bree]) {
    await waitForLinks(side.page, 0, 1);
  }
  const callIds = await Promise.all([brad, bree].map((s) => s.page.evaluate(() => window.sb.calls[0].id)));
  assert.equal(callIds[0], callIds[1]);

  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
  await waitFor(bree.page, () => window.sb.calls[0].remoteParticipants.length === 0);
  assert.equal(await bree.page.evaluate(() => window.sb.calls[0].state), 'Connected');
  await bree.page.evaluate(() => window.sb.calls[0].hangUp());
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 0 });

  // A groupId that is not a UUID: the call ends with the server's 400.
  await brad.page.evaluate(() => window.sb.track(window.sb.agent.join({ groupId: 'not-a-uuid' })));
  await waitFor(brad.page, () => window.sb.calls[1].state === 'Disconnected');
  assert.equal(await brad.page.evaluate(() => window.sb.calls[1].callEndReason.code), 400);
});
