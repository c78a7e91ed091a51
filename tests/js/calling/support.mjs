// Helpers for the calling suite: Teams users' ACS tokens (Entra password grant for Contoso Calls, then
// the Teams exchange through @azure/communication-identity, as Contoso's server does), and pages that
// load Switchboard's calling library from /sdk/calling.js with a fake camera and microphone.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CommunicationIdentityClient } from '@azure/communication-identity';

import { SWITCHBOARD_URL, CHROMIUM_PATH, CONTOSO_CALLS_CLIENT_ID, TEAMS_SCOPES, FABRIKAM_TENANT_ID } from '../support/env.mjs';
import { ACS_RESOURCES, connectionString } from '../support/communication.mjs';

/** Fabrikam Teams users the seed reserves for the browser calling tests (consented to Contoso Calls). */
export const CALLERS = {
  brad: { upn: 'brad@fabrikam.test', password: 'Fabrikam!Brad1', id: '22222222-0000-4000-8000-000000000055', name: 'Brad Browser Caller' },
  bree: { upn: 'bree@fabrikam.test', password: 'Fabrikam!Bree1', id: '22222222-0000-4000-8000-000000000056', name: 'Bree Browser Callee' },
  // Also consented to Contoso Calls; the C# calling tests use them on their own servers.
  cara: { upn: 'cara@fabrikam.test', password: 'Fabrikam!Cara1', id: '22222222-0000-4000-8000-000000000051', name: 'Cara Caller' },
  cody: { upn: 'cody@fabrikam.test', password: 'Fabrikam!Cody1', id: '22222222-0000-4000-8000-000000000052', name: 'Cody Callee' },
  cleo: { upn: 'cleo@fabrikam.test', password: 'Fabrikam!Cleo1', id: '22222222-0000-4000-8000-000000000053', name: 'Cleo Caller' },
  cyd: { upn: 'cyd@fabrikam.test', password: 'Fabrikam!Cyd1', id: '22222222-0000-4000-8000-000000000054', name: 'Cyd Callee' },
};

async function entraToken(baseUrl, user, scope) {
  const response = await fetch(`${baseUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: CONTOSO_CALLS_CLIENT_ID, username: user.upn, password: user.password, scope }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

/** The ACS token a Teams user's app gets from Contoso's server (exchange with the contoso-acs key). */
export async function teamsAcsToken(user, baseUrl = SWITCHBOARD_URL) {
  const aad = await entraToken(baseUrl, user, TEAMS_SCOPES.join(' '));
  const identity = new CommunicationIdentityClient(connectionString(ACS_RESOURCES['contoso-acs'].accessKey, baseUrl));
  const { token, expiresOn } = await identity.getTokenForTeamsUser({ teamsUserAadToken: aad, clientId: CONTOSO_CALLS_CLIENT_ID, userObjectId: user.id });
  return { token, expiresOnTimestamp: expiresOn.getTime() };
}

/** A Graph token for reading the user's chats (the seed's "Contoso Chat" app, consented tenant-wide in Fabrikam). */
export async function graphToken(user, baseUrl = SWITCHBOARD_URL) {
  const response = await fetch(`${baseUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'c0de0006-0000-4000-8000-000000000006', username: user.upn, password: user.password, scope: 'https://graph.microsoft.com/.default' }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

export { FABRIKAM_TENANT_ID };

export function launchWithFakeMedia() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
    timeout: 60_000,
  });
}

/**
 * A page on Switchboard's origin with the calling library loaded and an agent connected. In the page,
 * `window.sb` holds the agent, the calls and what happened (events), so tests read state with evaluate().
 */
export async function agentPage(browser, acsToken, { baseUrl = SWITCHBOARD_URL, kind = 'teams', displayName, refresh } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['camera', 'microphone'] });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  // With `refresh`, the page's credential asks node for a new token each time, as a refreshing
  // AzureCommunicationTokenCredential would; otherwise it always returns the one token.
  if (refresh) await page.exposeFunction('sbFreshToken', refresh);
  await page.goto(`${baseUrl}/`);
  await page.evaluate(async ({ acsToken, kind, displayName, refreshing }) => {
    const sdk = await import('/sdk/calling.js');
    const sb = { sdk, events: [], incoming: [], calls: [], ended: [] };
    window.sb = sb;
    const credential = { getToken: async () => (refreshing ? window.sbFreshToken() : acsToken), dispose() {} };
    sb.client = new sdk.CallClient();
    sb.agent = kind === 'teams'
      ? await sb.client.createTeamsCallAgent(credential)
      : await sb.client.createCallAgent(credential, { displayName });
    sb.agent.on('connectionStateChanged', (e) => sb.events.push({ type: 'connectionStateChanged', newValue: e.newValue, reason: e.reason }));
    sb.agent.on('incomingCall', ({ incomingCall }) => {
      sb.incoming.push(incomingCall);
      incomingCall.on('callEnded', ({ callEndReason }) => sb.ended.push({ id: incomingCall.id, callEndReason }));
    });
    sb.track = (call) => {
      sb.calls.push(call);
      call.on('stateChanged', () => sb.events.push({ type: 'stateChanged', id: call.id, state: call.state }));
      return call;
    };
    // Inbound media per link (getStats() keys are '<link>/<stat id>'): audio bytes and decoded frames.
    sb.links = async (call) => {
      const report = await call.getStats();
      const out = {};
      report.forEach((s, key) => {
        if (s.type !== 'inbound-rtp') return;
        const link = String(key).split('/')[0];
        const entry = (out[link] ??= { audioBytes: 0, framesDecoded: 0 });
        if (s.kind === 'audio') entry.audioBytes += s.bytesReceived ?? 0;
        else if (s.kind === 'video') entry.framesDecoded += s.framesDecoded ?? 0;
      });
      return out;
    };
    // Inbound media as getStats() reports it: bytes, decoded frames, audio level, per kind.
    sb.inbound = async (call) => {
      const report = await call.getStats();
      const out = { audioBytes: 0, videoBytes: 0, framesDecoded: 0, audioLevel: 0, audioEnergy: 0, videoTracks: 0 };
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') {
          out.audioBytes += s.bytesReceived ?? 0;
          out.audioLevel = Math.max(out.audioLevel, s.audioLevel ?? 0);
          out.audioEnergy += s.totalAudioEnergy ?? 0;
        } else if (s.kind === 'video') {
          out.videoBytes += s.bytesReceived ?? 0;
          out.framesDecoded += s.framesDecoded ?? 0;
          out.videoTracks += 1;
        }
      });
      return out;
    };
  }, { acsToken, kind, displayName, refreshing: Boolean(refresh) });
  return { context, page };
}

/** Polls the page's inbound stats until `predicate(before, now)` holds. */
export async function waitForInbound(page, callIndex, predicate, timeout = 20_000) {
  const before = await page.evaluate((i) => window.sb.inbound(window.sb.calls[i]), callIndex);
  const deadline = Date.now() + timeout;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await page.evaluate((i) => window.sb.inbound(window.sb.calls[i]), callIndex);
    if (predicate(before, now)) return { before, now };
    if (Date.now() > deadline) throw new Error(`inbound media never matched: before ${JSON.stringify(before)} now ${JSON.stringify(now)}`);
  }
}

export function waitFor(page, fn, arg, timeout = 20_000) {
  return page.waitForFunction(fn, arg, { timeout, polling: 100 });
}

/** Waits until the call at `callIndex` receives audio and video on `links` links (growing bytes and frames on each). */
export async function waitForLinks(page, callIndex, links, timeout = 30_000) {
  const read = () => page.evaluate((i) => window.sb.links(window.sb.calls[i]), callIndex);
  const before = await read();
  const deadline = Date.now() + timeout;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await read();
    const flowing = Object.entries(now).filter(([link, n]) => n.audioBytes > (before[link]?.audioBytes ?? 0) && n.framesDecoded > (before[link]?.framesDecoded ?? 0) + 3);
    if (flowing.length >= links) return now;
    if (Date.now() > deadline) throw new Error(`media did not flow on ${links} links: before ${JSON.stringify(before)} now ${JSON.stringify(now)}`);
  }
}

/** A group chat of Fabrikam users (Graph REST as `owner`), for calls in its thread. */
export async function groupChat(owner, ...members) {
  const token = await graphToken(owner);
  const response = await fetch(`${SWITCHBOARD_URL}/v1.0/chats`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      chatType: 'group',
      topic: `Calls ${Math.random().toString(36).slice(2, 8)}`,
      members: [owner, ...members].map((u) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${u.id}')` })),
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.id;
}

/** In the page: a LocalVideoStream of the fake camera. */
export const withCamera = `(async () => { const cams = await (await window.sb.client.getDeviceManager()).getCameras(); return new window.sb.sdk.LocalVideoStream(cams[0]); })()`;
