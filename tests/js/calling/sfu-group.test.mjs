// A group call through the SFU in headless Chromium: five people join an ad-hoc room (the server moves the
// call from mesh to Janus when the fourth arrives, test.sh starts it with SfuThreshold=4), each receives
// audio and video from every other on its one `sub` link; a screen share arrives as its own stream; one leaves, one is removed (0/5000), and a late
// joiner receives everyone and is received by everyone. Fake camera at 320x180 to spare the 2 cores.

import test from 'node:test';
import assert from 'node:assert/strict';

import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor } from './support.mjs';

/** In the page: joins the room with a small fake camera, and installs `sb.perParticipant` (inbound stats by remote participant). */
async function joinRoom(side, groupId) {
  return side.page.evaluate(async (groupId) => {
    const sb = window.sb;
    // Inbound audio and video per remote participant: its streams name the link and the mid they arrive on.
    sb.perParticipant = async (call) => {
      const report = await call.getStats();
      const byKey = new Map();
      report.forEach((s, key) => {
        if (s.type === 'inbound-rtp' && typeof s.mid === 'string') byKey.set(`${String(key).split('/')[0]}/${s.mid}`, s);
      });
      const out = {};
      for (const p of call.remoteParticipants) {
        const camera = p.videoStreams.find((v) => v.mediaStreamType === 'Video');
        const audio = p.audio?.mid != null ? byKey.get(`${p.audio.link}/${p.audio.mid}`) : undefined;
        const video = camera?.mid != null ? byKey.get(`${camera.link ?? p.link}/${camera.mid}`) : undefined;
        out[p.identifier.microsoftTeamsUserId] = {
          audioBytes: audio?.bytesReceived ?? 0,
          audioEnergy: audio?.totalAudioEnergy ?? 0,
          framesDecoded: video?.framesDecoded ?? 0,
        };
      }
      return out;
    };
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 10 } });
    sb.track(sb.agent.join({ groupId }, { videoOptions: { localVideoStreams: [new sb.sdk.LocalVideoStream(media)] } }));
  }, groupId);
}

/** Waits until `side` receives growing audio (with energy) and decoded video from exactly `expected` users. */
async function waitForMediaFrom(side, index, expected, timeout = 45_000) {
  const read = () => side.page.evaluate((i) => window.sb.perParticipant(window.sb.calls[i]), index);
  const ids = expected.map((u) => u.id).sort();
  const deadline = Date.now() + timeout;
  let before = await read();
  let now = before;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    now = await read();
    const flowing = ids.filter((id) => now[id] && now[id].audioBytes > (before[id]?.audioBytes ?? 0) && now[id].audioEnergy > 0
      && now[id].framesDecoded > (before[id]?.framesDecoded ?? 0));
    if (flowing.length === ids.length && Object.keys(now).sort().join() === ids.join()) return now;
    if (Date.now() > deadline) throw new Error(`media from ${ids.join(', ')} did not flow: before ${JSON.stringify(before)} now ${JSON.stringify(now)}`);
    // Compare with the last reading, so streams that stalled earlier count once they grow again.
    before = now;
  }
}

test('a group call of five goes through the SFU: everyone gets audio and video from every other; leave, remove and a late joiner', { timeout: 420_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const names = ['brad', 'bree', 'cara', 'cody', 'cleo'];
  const sides = {};
  for (const name of [...names, 'cyd']) {
    sides[name] = await agentPage(browser, await teamsAcsToken(CALLERS[name]));
  }
  const groupId = crypto.randomUUID();

  for (const name of names) {
    await joinRoom(sides[name], groupId);
    await waitFor(sides[name].page, () => window.sb.calls[0]?.state === 'Connected', undefined, 30_000)
      .catch((e) => { throw new Error(`${name} did not connect: ${e.message}`); });
  }

  // The fourth joiner moved the call to the SFU: every endpoint has exactly the pub and sub links.
  for (const name of names) {
    await waitFor(sides[name].page, () => window.sb.calls[0].mediaTopology === 'sfu' && window.sb.calls[0].remoteParticipants.length === 4, undefined, 30_000);
  }
  const everyone = names.map((n) => CALLERS[n]);
  for (const name of names) {
    await waitForMediaFrom(sides[name], 0, everyone.filter((u) => u !== CALLERS[name]));
  }
  const links = await sides.brad.page.evaluate(async () => {
    const keys = [];
    (await window.sb.calls[0].getStats()).forEach((s, key) => { if (s.type === 'peer-connection') keys.push(String(key).split('/')[0]); });
    return keys.sort();
  });
  assert.deepEqual(links, ['pub', 'sub']);
  // Each remote camera is a live track on the sub link, and its stream says it is a camera.
  await waitFor(sides.cara.page, () => window.sb.calls[0].remoteParticipants.every((p) => p.videoStreams.some((s) => s.mediaStreamType === 'Video' && s.link === 'sub' && s.isReceiving)), undefined, 20_000);

  // Brad shares his screen (a second video track on pub, labelled "screen"): Cara receives it as his
  // ScreenSharing stream on its own sub transceiver, next to his camera.
  await sides.brad.page.evaluate(async () => {
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 5 } });
    await window.sb.calls[0].startScreenSharing(new window.sb.sdk.LocalVideoStream(media));
  });
  const bradStreams = await waitFor(sides.cara.page, (id) => {
    const brad = window.sb.calls[0].remoteParticipants.find((p) => p.identifier.microsoftTeamsUserId === id);
    const screen = brad?.videoStreams.find((s) => s.mediaStreamType === 'ScreenSharing' && s.isReceiving);
    const camera = brad?.videoStreams.find((s) => s.mediaStreamType === 'Video' && s.isReceiving);
    return screen && camera && screen.mid !== camera.mid ? { screen: [screen.link, screen.mid], camera: [camera.link, camera.mid] } : false;
  }, CALLERS.brad.id, 30_000).then((h) => h.jsonValue());
  assert.equal(bradStreams.screen[0], 'sub');
  await sides.brad.page.evaluate(() => window.sb.calls[0].stopScreenSharing());
  await waitFor(sides.cara.page, (id) => !window.sb.calls[0].remoteParticipants.find((p) => p.identifier.microsoftTeamsUserId === id).videoStreams.some((s) => s.mediaStreamType === 'ScreenSharing' && s.isAvailable), CALLERS.brad.id);

  // Cleo leaves: the others stop seeing her and her streams, and keep everyone else's media.
  await sides.cleo.page.evaluate(() => window.sb.calls[0].hangUp());
  const four = everyone.filter((u) => u !== CALLERS.cleo);
  for (const name of ['brad', 'bree', 'cara', 'cody']) {
    await waitFor(sides[name].page, (id) => !window.sb.calls[0].remoteParticipants.some((p) => p.identifier.microsoftTeamsUserId === id), CALLERS.cleo.id);
  }
  await waitForMediaFrom(sides.bree, 0, four.filter((u) => u !== CALLERS.bree));

  // Brad removes Cody: his call ends 0/5000, the rest keep receiving each other.
  await sides.brad.page.evaluate((id) => window.sb.calls[0].removeParticipant({ microsoftTeamsUserId: id }), CALLERS.cody.id);
  await waitFor(sides.cody.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await sides.cody.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 5000 });
  const three = [CALLERS.brad, CALLERS.bree, CALLERS.cara];
  for (const name of ['brad', 'bree', 'cara']) {
    await waitForMediaFrom(sides[name], 0, three.filter((u) => u !== CALLERS[name]));
  }

  // Cyd joins late: the call stays on the SFU; Cyd receives the three, and the three receive Cyd.
  await joinRoom(sides.cyd, groupId);
  await waitFor(sides.cyd.page, () => window.sb.calls[0]?.state === 'Connected' && window.sb.calls[0].mediaTopology === 'sfu', undefined, 30_000);
  await waitForMediaFrom(sides.cyd, 0, three);
  for (const name of ['brad', 'bree', 'cara']) {
    await waitForMediaFrom(sides[name], 0, [...three, CALLERS.cyd].filter((u) => u !== CALLERS[name]));
  }

  for (const name of ['brad', 'bree', 'cara', 'cyd']) {
    await sides[name].page.evaluate(() => window.sb.calls[0].hangUp());
  }
});
