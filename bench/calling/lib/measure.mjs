// The measuring process: tokens, one chromium with two pages (caller Brad, callee Bree), then warm-up and
// measured calls, Switchboard and bare WebRTC alternating (A B A B …) so both see the same noise.

import { chromium } from 'playwright-core';

import { setupPage, switchboardCall, switchboardHangUp, switchboardCalleeDone, bareCall, bareHangUp, bareCalleeDone } from './page.mjs';
import { startRelay } from './relay.mjs';
import { CALLERS, teamsAcsToken } from './tokens.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function openPage(browser, url, acsToken, role, { relayMode, relayUrl, forward }, log) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['camera', 'microphone'] });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`[${role} page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log(`[${role} console.${m.type()}] ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`);
  });
  // Signaling of the bare baseline: the page calls window.benchSignal(frame) and the other page's
  // bench.bareSignal gets it, in order. 'websocket' (default): through the bare relay of relay.mjs, opened
  // below. 'playwright': page.exposeFunction out of the page, page.evaluate into the other (through the
  // browser's DevTools channel: about 1 ms a frame on an idle machine, 5-30 ms during call setup on two
  // busy cores, often slower than the server's WebSocket, which makes the baseline slower than it should be).
  let deliver;
  if (relayMode === 'playwright') {
    await page.exposeFunction('benchSignal', (message) => forward(message));
    deliver = (message) => page.evaluate((m) => window.bench.bareSignal(m), message);
  }
  await page.goto(`${url}/`);
  const info = await page.evaluate(setupPage, { acsToken, role });
  if (relayMode === 'websocket') {
    await page.evaluate(({ relayUrl, role }) => new Promise((resolve, reject) => {
      const socket = new WebSocket(`${relayUrl}?role=${role}`);
      socket.onmessage = (event) => window.bench.bareSignal(JSON.parse(event.data));
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error(`the relay ${relayUrl} refused the ${role}`));
      window.benchSignal = (message) => socket.send(JSON.stringify(message));
    }), { relayUrl, role });
  }
  return { context, page, info, role, deliver };
}

/**
 * Runs the benchmark. Returns { runs, failures, environment }; each run is
 * { path: 'switchboard' | 'bare', index, warm, t0, tConnected, tFrame, caller: marks, callee: marks }.
 */
export async function measure({ url, calls, warmup, pollMs, timeoutMs, relayMode, chromiumPath, log }) {
  log('getting the Teams users\' ACS tokens');
  const bradToken = await teamsAcsToken(url, CALLERS.brad);
  const breeToken = await teamsAcsToken(url, CALLERS.bree);

  log(`launching ${chromiumPath}`);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 60_000 });
  let relayServer;
  try {
    let caller;
    let callee;
    const relayErrors = [];
    if (relayMode === 'websocket') relayServer = await startRelay();
    const relayUrl = relayServer?.url;
    // --relay playwright: what one page sends, node delivers to the other.
    const forwardTo = (target) => (message) => {
      target().deliver(message).catch((e) => relayErrors.push(String(e?.message ?? e)));
    };
    caller = await openPage(browser, url, bradToken, 'caller', { relayMode, relayUrl, forward: forwardTo(() => callee) }, log);
    callee = await openPage(browser, url, breeToken, 'callee', { relayMode, relayUrl, forward: forwardTo(() => caller) }, log);
    log(`pages ready: camera "${caller.info.camera}"`);
    let libraryIceServers = null;

    const runs = [];
    const failures = [];
    const total = warmup + calls;
    let bareId = 0;

    const once = async (path, index) => {
      const warm = index < warmup;
      try {
        let result;
        let calleeSide;
        if (path === 'switchboard') {
          result = await caller.page.evaluate(switchboardCall, { calleeId: CALLERS.bree.id, timeoutMs, pollMs });
          await caller.page.evaluate(switchboardHangUp, { timeoutMs });
          calleeSide = await callee.page.evaluate(switchboardCalleeDone, { timeoutMs });
        } else {
          result = await caller.page.evaluate(bareCall, { id: ++bareId, timeoutMs, pollMs });
          await caller.page.evaluate(bareHangUp);
          calleeSide = await callee.page.evaluate(bareCalleeDone, { timeoutMs });
        }
        if (path === 'switchboard') libraryIceServers ??= result.iceServers;
        const errors = [result.error, calleeSide.error].filter(Boolean);
        const run = { path, index, warm, t0: result.t0, tConnected: result.tConnected, tFrame: result.tFrame, caller: result.marks, callee: calleeSide.marks, errors };
        runs.push(run);
        log(`${warm ? 'warm-up' : `call ${String(index - warmup + 1).padStart(2)}/${calls}`} ${path.padEnd(11)} Connected ${(run.tConnected - run.t0).toFixed(0).padStart(5)} ms, first frame ${(run.tFrame - run.t0).toFixed(0).padStart(5)} ms${errors.length ? `  (${errors.join('; ')})` : ''}`);
      } catch (error) {
        failures.push({ path, index, warm, error: String(error?.message ?? error).split('\n')[0] });
        log(`${path} call ${index} failed: ${String(error?.message ?? error).split('\n')[0]}`);
        // Leave both pages idle for the next call.
        await caller.page.evaluate(async () => {
          const b = window.bench;
          b.closeBare();
          if (b.current) {
            const { call, camera } = b.current;
            b.current = null;
            await call.hangUp().catch(() => {});
            camera.dispose();
          }
        }).catch(() => {});
        await sleep(1_000);
        await callee.page.evaluate(() => {
          const b = window.bench;
          b.closeBare();
          b.current?.camera.dispose();
          b.current = null;
          b.marks = [];
        }).catch(() => {});
      }
      // A short pause between calls, the same for both paths (teardown finishes, nothing overlaps).
      await sleep(300);
    };

    for (let index = 0; index < total; index++) {
      await once('switchboard', index);
      await once('bare', index);
      if (failures.length > 6) throw new Error(`too many failed calls: ${JSON.stringify(failures)}`);
    }

    const gumConstraints = [];
    for (const side of [caller, callee]) {
      gumConstraints.push(...(await side.page.evaluate(() => [...window.bench.gumConstraints]).catch(() => [])).map((c) => `${side.role} ${c}`));
    }
    return {
      runs,
      failures,
      relayErrors,
      environment: { chromium: browser.version(), userAgent: caller.info.userAgent, iceServers: libraryIceServers, camera: caller.info.camera, gumConstraints },
    };
  } finally {
    await browser.close().catch(() => {});
    relayServer?.close();
  }
}
