// The late joiner through Switchboard: four people in an ad-hoc room (over the SFU: the server's threshold is
// 4), a fifth joins with the calling library; the time from `agent.join()` to its first decoded remote video
// frame, and to frames from all four, measured in the page (getStats polled every 20 ms). Unlike bench.mjs this
// goes through Switchboard's signaling and SfuTopology (publish, subscribe, relayed SDP/ICE), not Janus's API.
//
// Runs against a server started like test.sh's main one (seeded users, `--Calling:Janus:Mode=launch
// --Calling:Janus:SfuThreshold=4`), with the tests/js packages installed (`cd tests/js && npm ci`):
//   SWITCHBOARD_URL=https://localhost:<port> NODE_EXTRA_CA_CERTS=<data>/tls/ca.pem node bench/sfu/late-joiner-switchboard.mjs [runs]

import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor } from '../../tests/js/calling/support.mjs';

const runs = Number(process.argv[2] ?? 5);

async function join(side, groupId) {
  await side.page.evaluate(async (groupId) => {
    const sb = window.sb;
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 15 } });
    sb.track(sb.agent.join({ groupId }, { videoOptions: { localVideoStreams: [new sb.sdk.LocalVideoStream(media)] } }));
  }, groupId);
}

/** In the page: joins, then polls the sub link until video decodes from `expected` participants; times in ms from join(). */
async function timedJoin(side, groupId, expected) {
  return side.page.evaluate(async ({ groupId, expected }) => {
    const sb = window.sb;
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 15 } });
    const started = performance.now();
    const call = sb.track(sb.agent.join({ groupId }, { videoOptions: { localVideoStreams: [new sb.sdk.LocalVideoStream(media)] } }));
    let first = null;
    for (;;) {
      await new Promise((r) => setTimeout(r, 20));
      let decoding = 0;
      (await call.getStats()).forEach((s, key) => {
        if (String(key).startsWith('sub/') && s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) decoding += 1;
      });
      if (decoding > 0 && first === null) first = performance.now() - started;
      if (decoding >= expected) return { first, all: performance.now() - started, topology: call.mediaTopology };
      if (performance.now() - started > 30_000) throw new Error(`only ${decoding} of ${expected} remote videos decoded after 30 s`);
    }
  }, { groupId, expected });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchWithFakeMedia();
try {
  const present = ['brad', 'bree', 'cara', 'cody'];
  const sides = {};
  for (const name of [...present, 'cleo']) sides[name] = await agentPage(browser, await teamsAcsToken(CALLERS[name]));
  const groupId = crypto.randomUUID();
  for (const name of present) {
    await join(sides[name], groupId);
    await waitFor(sides[name].page, () => window.sb.calls.at(-1)?.state === 'Connected', undefined, 30_000);
  }
  await waitFor(sides.brad.page, () => window.sb.calls[0].mediaTopology === 'sfu', undefined, 30_000);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await timedJoin(sides.cleo, groupId, present.length);
    results.push(r);
    console.log(`run ${i + 1}: first remote frame ${Math.round(r.first)} ms, all ${present.length} ${Math.round(r.all)} ms (${r.topology})`);
    await sides.cleo.page.evaluate(() => window.sb.calls.at(-1).hangUp());
    await new Promise((r) => setTimeout(r, 1500));
  }
  const firsts = results.map((r) => r.first);
  const alls = results.map((r) => r.all);
  console.log(`median: first ${Math.round(median(firsts))} ms (${Math.round(Math.min(...firsts))}–${Math.round(Math.max(...firsts))}), all four ${Math.round(median(alls))} ms (${Math.round(Math.min(...alls))}–${Math.round(Math.max(...alls))}); load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
} finally {
  await browser.close();
}
