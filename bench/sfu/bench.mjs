// SFU capacity of one Janus (the one Switchboard launches) on this machine: N participants at 640x360,
// each publishing camera + microphone and subscribing to every other participant in one PeerConnection
// (N·(N−1) video streams through Janus). Per step: received frame rate of every video stream, the rate
// the publishers actually encode, Janus's CPU and chromium's CPU. Then the time from a late joiner's join
// to its first decoded remote frame. Janus is driven over its HTTP API from node; see README.md.
//
//   node bench.mjs [--sizes 2,3,4,5,6,8] [--window 10] [--warmup 5] [--late 5] [--out ../results/sfu.md]

import http from 'node:http';
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomInt, randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

import { startServer, REPO_ROOT } from './lib/server.mjs';
import { JanusSession } from './lib/janus.mjs';
import { PAGE_SCRIPT } from './lib/page.mjs';
import { cpuSeconds, treeCpuSeconds, chromiumChildOf } from './lib/cpu.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const SIZES = (args.sizes ?? '2,3,4,5,6,8').split(',').map(Number);
const WINDOW_S = Number(args.window ?? 10);
const WARMUP_S = Number(args.warmup ?? 5);
const LATE_RUNS = Number(args.late ?? 5);
const OUT = path.resolve(args.out ?? path.join(REPO_ROOT, 'bench/results/sfu.md'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN; };
const log = (...m) => console.error(new Date().toISOString().slice(11, 19), ...m);
const until = async (what, check, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) { if (await check()) return; await sleep(100); }
  throw new Error(`timed out waiting for ${what}`);
};

// A secure context for getUserMedia: a blank page on http://127.0.0.1.
const pageServer = http.createServer((_, res) => res.end('<!doctype html><title>sfu bench</title>'));
await new Promise((r) => pageServer.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${pageServer.address().port}/`;

log('starting Switchboard with Calling:Janus:Mode=launch');
const server = await startServer();
log(`Janus pid ${server.janusPid} at ${server.api}`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream=fps=30', '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows'],
});
const browserPid = chromiumChildOf(process.pid);

async function openRoom(session, control) {
  const room = randomInt(1, 2 ** 40);
  const pin = randomBytes(8).toString('hex');
  const secret = randomBytes(16).toString('hex');
  await session.message(control, {
    request: 'create', room, admin_key: server.adminKey, publishers: 50, is_private: true, secret, pin,
    audiocodec: 'opus', videocodec: 'vp8', bitrate: 1_024_000, audiolevel_event: true, notify_joining: true,
  });
  return { room, pin, secret };
}

class Participant {
  constructor(session, room, id) { Object.assign(this, { session, room, id }); }

  async open() {
    this.context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    this.page = await this.context.newPage();
    await this.page.goto(origin);
    await this.page.evaluate(PAGE_SCRIPT);
    this.camera = await this.page.evaluate(() => window.b.camera());
    return this;
  }

  async publish() {
    const up = new Promise((resolve) => { this.publisherUp = resolve; });
    this.pub = await this.session.attach((e) => { if (e.janus === 'webrtcup') this.publisherUp(); });
    await this.session.message(this.pub, { request: 'join', ptype: 'publisher', room: this.room.room, pin: this.room.pin, id: this.id, display: `p${this.id}` });
    const offer = await this.page.evaluate(() => window.b.offer());
    const reply = await this.session.message(this.pub, { request: 'publish' }, { type: 'offer', sdp: offer });
    await this.page.evaluate((sdp) => window.b.published(sdp), reply.jsep.sdp);
    await up;
  }

  async subscribe(feeds) {
    this.sub = await this.session.attach();
    const reply = await this.session.message(this.sub, { request: 'join', ptype: 'subscriber', room: this.room.room, pin: this.room.pin, streams: feeds.map((feed) => ({ feed })) });
    const answer = await this.page.evaluate((sdp) => window.b.answer(sdp), reply.jsep.sdp);
    await this.session.message(this.sub, { request: 'start' }, { type: 'answer', sdp: answer });
  }

  sample() { return this.page.evaluate(() => window.b.sample()); }

  async close() {
    await this.page.evaluate(() => window.b.close()).catch(() => {});
    if (this.pub) await this.session.detach(this.pub);
    if (this.sub) await this.session.detach(this.sub);
    await this.context.close();
  }
}

async function step(n) {
  const session = await new JanusSession(server.api, server.apiSecret).open();
  const control = await session.attach();
  const room = await openRoom(session, control);
  const people = await Promise.all(Array.from({ length: n }, (_, i) => new Participant(session, room, i + 1).open()));
  try {
    for (const p of people) await p.publish();
    for (const p of people) await p.subscribe(people.filter((o) => o !== p).map((o) => o.id));
    await until('every stream decoding', async () => (await Promise.all(people.map((p) => p.sample())))
      .every((s) => s.inbound.length === n - 1 && s.inbound.every((i) => i.frames > 0)), 60_000);
    await sleep(WARMUP_S * 1000);

    const cpu0 = { janus: cpuSeconds(server.janusPid), chromium: browserPid ? treeCpuSeconds(browserPid) : NaN, wall: performance.now() };
    const a = await Promise.all(people.map((p) => p.sample()));
    await sleep(WINDOW_S * 1000);
    const b = await Promise.all(people.map((p) => p.sample()));
    const wall = (performance.now() - cpu0.wall) / 1000;
    const janusCpu = (cpuSeconds(server.janusPid) - cpu0.janus) / wall;
    const chromiumCpu = browserPid ? (treeCpuSeconds(browserPid) - cpu0.chromium) / wall : NaN;

    const fps = [];
    const sent = [];
    people.forEach((_, i) => {
      const dt = (b[i].t - a[i].t) / 1000;
      sent.push((b[i].encoded - a[i].encoded) / dt);
      for (const s of b[i].inbound) {
        const before = a[i].inbound.find((x) => x.mid === s.mid);
        if (before) fps.push((s.frames - before.frames) / dt);
      }
    });
    return {
      n, streams: fps.length, camera: people[0].camera,
      medianFps: median(fps), minFps: Math.min(...fps), sentFps: median(sent), janusCpu, chromiumCpu, load: os.loadavg()[0],
    };
  } finally {
    for (const p of people) await p.close();
    await session.message(control, { request: 'destroy', room: room.room, secret: room.secret }).catch(() => {});
    await session.close();
  }
}

/** Existing participants publish; a newcomer joins (publish, then subscribe to all): join → first decoded remote frame. */
async function lateJoin(existing) {
  const session = await new JanusSession(server.api, server.apiSecret).open();
  const control = await session.attach();
  const room = await openRoom(session, control);
  const people = await Promise.all(Array.from({ length: existing }, (_, i) => new Participant(session, room, i + 1).open()));
  const times = [];
  try {
    for (const p of people) await p.publish();
    for (let run = 0; run < LATE_RUNS; run++) {
      const late = await new Participant(session, room, 100 + run).open(); // camera already started: not counted
      const first = late.page.evaluate(() => window.b.firstFrame());
      const t0 = Date.now();
      await late.publish();
      const published = Date.now();
      await late.subscribe(people.map((p) => p.id));
      const decoded = await first;
      times.push({ total: decoded - t0, publish: published - t0, subscribe: decoded - published });
      await late.close();
    }
  } finally {
    for (const p of people) await p.close();
    await session.close();
  }
  return times;
}

const rows = [];
try {
  for (const n of SIZES) {
    log(`N=${n}: ${n * (n - 1)} video streams`);
    try {
      const row = await step(n);
      rows.push(row);
      log(`N=${n}: median ${row.medianFps.toFixed(1)} fps (min ${row.minFps.toFixed(1)}, sent ${row.sentFps.toFixed(1)}), Janus ${(row.janusCpu * 100).toFixed(0)}% CPU, chromium ${(row.chromiumCpu * 100).toFixed(0)}%`);
    } catch (e) {
      log(`N=${n} failed: ${e.message}`);
      rows.push({ n, error: e.message });
      break;
    }
  }
  log('late joiner');
  const late = await lateJoin(3);
  report(rows, late);
} finally {
  await browser.close();
  await server.stop();
  pageServer.close();
}

function report(steps, late) {
  const pct = (x) => `${(x * 100).toFixed(0)}%`;
  const threshold = steps.find((r) => !r.error && r.medianFps < 0.9 * r.sentFps);
  const cameraFps = steps[0]?.camera?.frameRate ?? 30;
  const fallsBelow = steps.find((r) => !r.error && r.medianFps < 0.9 * cameraFps);
  const cpus = os.cpus();
  const lines = [
    '# SFU capacity: one Janus VideoRoom on this machine',
    '',
    `Run ${new Date().toISOString()} on ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}; Janus ${'1.1.2'} launched by Switchboard (\`Calling:Janus:Mode=launch\`), chromium \`${CHROMIUM}\` headless with a fake 640×360 camera at 30 fps (\`--use-fake-device-for-media-stream=fps=30\` and getUserMedia constraints) (actual: ${steps[0]?.camera ? `${steps[0].camera.width}×${steps[0].camera.height} @ ${steps[0].camera.frameRate}` : 'n/a'}). Generated by \`bench/sfu/bench.mjs\` (see \`bench/sfu/README.md\`).`,
    '',
    'Each of N participants publishes camera + microphone (VP8 + opus, room bitrate cap 1 Mbit/s) and subscribes to all others in one PeerConnection: N·(N−1) video streams leave Janus. Frame rates are `framesDecoded` deltas per received video stream over a ' + `${WINDOW_S} s window after ${WARMUP_S} s warm-up; "sent" is the median publisher's \`framesEncoded\` rate. CPU is /proc utime+stime over the same window, in cores (100% = one core).`,
    '',
    '| N | video streams | median fps received | min fps | median fps sent | received / sent | Janus CPU | Janus CPU per 100 streams | chromium CPU (all pages) | load avg (1 min) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...steps.map((r) => (r.error ? `| ${r.n} | — | failed: ${r.error} | | | | | |` :
      `| ${r.n} | ${r.streams} | ${r.medianFps.toFixed(1)} | ${r.minFps.toFixed(1)} | ${r.sentFps.toFixed(1)} | ${pct(r.medianFps / r.sentFps)} | ${pct(r.janusCpu)} | ${pct(r.janusCpu / r.streams * 100)} | ${pct(r.chromiumCpu)} | ${r.load.toFixed(1)} |`)),
    '',
    `- Median received fps below 90% of the camera's ${cameraFps} fps first at: ${fallsBelow ? `N = ${fallsBelow.n}` : 'not within the sizes run'}.`,
    `- Median received fps below 90% of what the publishers actually sent first at: ${threshold ? `N = ${threshold.n}` : 'not within the sizes run'}.`,
    '',
    `## Late joiner: join → first decoded remote frame (3 participants already publishing, ${late.length} runs)`,
    '',
    `median ${median(late.map((t) => t.total))} ms (min ${Math.min(...late.map((t) => t.total))}, max ${Math.max(...late.map((t) => t.total))}); of which publish (join + offer with gathered candidates → answer → Janus \`webrtcup\`) median ${median(late.map((t) => t.publish))} ms, subscribe (join → Janus offer → answer + \`start\` → first frame) median ${median(late.map((t) => t.subscribe))} ms. The camera was already open (getUserMedia not counted).`,
    '',
    '## Read with care',
    '',
    '- **Everything shares the same 2 cores**: the N chromium pages encode N streams and decode N·(N−1), and that, not Janus, is what saturates the machine first (compare the two CPU columns). The frame-rate drop therefore marks the capacity of *this machine running the participants too*, a lower bound for Janus alone; on a server where browsers run elsewhere Janus\'s own CPU column is the number to scale from.',
    '- The bench talks to Janus\'s HTTP API directly from node (it measures Janus, not Switchboard\'s signaling); the room is created with the server-generated admin key, like the adapter\'s rooms. ICE candidates are gathered before each SDP is sent (no trickle).',
    '- Other engineers\' work may run on the same machine during a run (the load average column counts every runnable process on the machine, this bench\'s chromium threads included); numbers move between runs.',
    '',
  ];
  const text = lines.join('\n');
  writeFileSync(OUT, text);
  console.log(text);
}
