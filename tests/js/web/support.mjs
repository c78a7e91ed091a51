// Helpers for the web app suites: one chromium with a fake camera, microphone and screen (as the calling
// suite launches it), a context per person, the real sign-in pages, screenshots listed in the test log,
// and the inbound media of the call on screen as the page's getStats() reports it.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { submitCredentials } from '../support/browser.mjs';
export { launchWithFakeMedia } from '../calling/support.mjs';

export const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'artifacts'));
mkdirSync(SCREENSHOTS, { recursive: true });

/** A person's browser context (no session yet) with camera and microphone allowed, and a page in it. */
export async function personPage(browser, { width = 1200, height = 820 } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['camera', 'microphone'], viewport: { width, height } });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  if (process.env.WEB_DEBUG) page.on('console', (m) => { if (m.type() !== 'log') console.error(`[console ${m.type()}] ${m.text()}`); });
  // Every page title the main frame shows, so a test can assert which pages (consent!) were never shown.
  page.titles = [];
  page.on('load', () => { page.title().then((t) => page.titles.push(t), () => {}); });
  return { context, page };
}

/** Opens `url`, presses the app's "Sign in" button, fills the real sign-in page and waits for the name. */
export async function signIn(page, url, user, { consent = 'refuse', app = true } = {}) {
  await page.goto(url);
  // The web apps mark the body once MSAL is ready (the Sign in button works from then on).
  if (app) await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await submitCredentials(page, user);
  if (consent === 'accept') {
    const accept = page.getByRole('button', { name: 'Accept' });
    const who = page.locator('#who').filter({ hasText: user.name });
    await accept.or(who).first().waitFor();
    if (await accept.isVisible()) await accept.click();
  }
  await page.waitForURL(`${url}**`);
  await page.locator('#who').filter({ hasText: user.name }).waitFor();
}

export async function shoot(page, name) {
  const path = join(SCREENSHOTS, `web-${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
  return path;
}

/** Inbound RTP of the call on screen: decoded video frames and audio bytes, summed over tracks. */
export function inbound(page) {
  return page.evaluate(async () => {
    const call = window.switchboardApp?.calls?.call;
    if (!call) return null;
    const out = { framesDecoded: 0, audioBytes: 0, videoTracks: 0 };
    (await call.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') { out.framesDecoded += s.framesDecoded ?? 0; out.videoTracks += 1; }
      if (s.kind === 'audio') out.audioBytes += s.bytesReceived ?? 0;
    });
    return out;
  });
}

/** Waits until the page decodes more inbound video frames than it had (the other side's camera arrives). */
export async function framesGrow(page, timeout = 30_000) {
  const before = await inbound(page);
  const deadline = Date.now() + timeout;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await inbound(page);
    if (now && before && now.framesDecoded > before.framesDecoded + 10) return { before, now };
    if (Date.now() > deadline) throw new Error(`inbound video never grew: before ${JSON.stringify(before)} now ${JSON.stringify(now)}`);
  }
}

/** Waits until a video tile of `type` in the page has frames (a decoded size and time advancing). */
export async function tilePlays(page, type, timeout = 30_000) {
  await page.waitForFunction((t) => {
    const v = document.querySelector(`#tiles figure[data-stream-type="${t}"] video`);
    if (!v || v.videoWidth === 0) return false;
    const q = v.getVideoPlaybackQuality?.();
    return !q || q.totalVideoFrames > 5;
  }, type, { timeout, polling: 250 });
}
