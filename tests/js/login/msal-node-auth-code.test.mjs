// msal-node (unchanged) against Switchboard: interactive auth code + PKCE through the real,
// server-rendered sign-in and consent pages in Debian's chromium, then a refresh-token grant.
//
// The two tests run in order and share one user: the first grants consent on the consent page, the
// second proves that grant is remembered. Needs a fresh Switchboard data directory (node@ has no grant).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PublicClientApplication, CryptoProvider } from '@azure/msal-node';

import {
  SWITCHBOARD_URL, SWITCHBOARD_HOST, CONTOSO_CALLS_CLIENT_ID, FABRIKAM_TENANT_ID, ACS_RESOURCE,
  TEAMS_SCOPES, USERS, msalAuth, msalSystemOptions, decodeJwtPayload, scopesOf,
} from '../support/env.mjs';
import { launchChromium, newPage, submitCredentials } from '../support/browser.mjs';
import { startRedirectListener } from '../support/loopback.mjs';
import { recordFetch } from '../support/wire.mjs';

const user = USERS.node;
let browser;
let listener;
let pca;
let wire;

before(async () => {
  wire = recordFetch();
  browser = await launchChromium();
  listener = await startRedirectListener();
  pca = new PublicClientApplication({
    auth: msalAuth(CONTOSO_CALLS_CLIENT_ID),
    system: msalSystemOptions,
  });
});

after(async () => {
  wire?.restore();
  await browser?.close();
  await listener?.close();
});

/** getAuthCodeUrl with PKCE (S256) and a state, exactly as a native app using msal-node builds it. */
async function startAuthCode() {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomUUID();
  const url = await pca.getAuthCodeUrl({
    scopes: TEAMS_SCOPES,
    redirectUri: listener.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state,
  });
  const parsed = new URL(url);
  assert.equal(parsed.origin, SWITCHBOARD_URL, 'msal-node must send the browser to Switchboard');
  assert.equal(parsed.pathname, '/organizations/oauth2/v2.0/authorize');
  return { url, verifier, state };
}

/** Redeems a code the way the redirect handler of an msal-node app does. */
async function redeem(code, verifier) {
  try {
    return await pca.acquireTokenByCode({
      code,
      scopes: TEAMS_SCOPES,
      redirectUri: listener.redirectUri,
      codeVerifier: verifier,
    });
  } catch (err) {
    err.message += `\n-- msal-node traffic --\n${wire.describe()}`;
    throw err;
  }
}

/** Checks the v1.0 ACS access token and msal-node's view of the account for the node@ user. */
function assertTeamsTokenForNodeUser(result) {
  assert.ok(result, 'msal-node returned no result');
  assert.equal(typeof result.accessToken, 'string');
  assert.ok(result.accessToken.length > 0, 'access token is empty');

  const at = decodeJwtPayload(result.accessToken);
  assert.equal(at.aud, ACS_RESOURCE, 'ACS tokens are v1.0: aud is the resource URI');
  const scp = scopesOf(at);
  assert.ok(scp.includes('Teams.ManageCalls'), `scp lacks Teams.ManageCalls: ${at.scp}`);
  assert.ok(scp.includes('Teams.ManageChats'), `scp lacks Teams.ManageChats: ${at.scp}`);
  assert.equal(at.tid, FABRIKAM_TENANT_ID);
  assert.equal(at.oid, user.id);
  assert.equal(at.appid, CONTOSO_CALLS_CLIENT_ID);
  assert.equal(at.ver, '1.0');

  assert.equal(result.tenantId, FABRIKAM_TENANT_ID);
  assert.equal(result.uniqueId, user.id);
  assert.ok(result.account, 'no account in the result');
  assert.equal(result.account.homeAccountId, `${user.id}.${FABRIKAM_TENANT_ID}`,
    'homeAccountId comes from client_info (uid.utid)');
  assert.equal(result.account.tenantId, FABRIKAM_TENANT_ID);
  assert.equal(result.account.environment, SWITCHBOARD_HOST);
  assert.equal(result.account.username.toLowerCase(), user.upn);
  assert.deepEqual(
    result.scopes.map((s) => s.toLowerCase()).filter((s) => s.startsWith(ACS_RESOURCE)).sort(),
    TEAMS_SCOPES.map((s) => s.toLowerCase()).sort(),
    `msal-node should report both Teams scopes; got ${JSON.stringify(result.scopes)}`);
}

test('msal-node auth code + PKCE through the real sign-in and consent pages, then silent refresh',
  { timeout: 180_000 }, async () => {
    const { url, verifier, state } = await startAuthCode();
    const { context, page } = await newPage(browser);
    try {
      await page.goto(url);
      await submitCredentials(page, user);

      // First sign-in of node@ to Contoso Calls: Switchboard asks for consent.
      const accept = page.getByRole('button', { name: 'Accept' });
      const consentShown = accept.waitFor().then(() => 'consent page');
      const redirected = listener.redirectFor(state).then(() => 'redirect without consent');
      const shown = await Promise.race([consentShown, redirected]);
      consentShown.catch(() => {}); // the loser of the race may reject later; that is not a failure
      redirected.catch(() => {});
      assert.equal(shown, 'consent page',
        `${user.upn} was not asked to consent. It must have no grant for Contoso Calls: run against a fresh data directory.`);
      await page.getByText('Manage calls in Teams').waitFor();
      await page.getByText('Manage chats in Teams').waitFor();
      assert.equal(new URL(page.url()).origin, SWITCHBOARD_URL, 'the consent page is served by Switchboard');
      await page.getByRole('button', { name: 'Cancel' }).waitFor();
      await accept.click();

      const redirect = await listener.redirectFor(state);
      assert.equal(redirect.get('error'), null,
        `redirected with an error: ${redirect.get('error')}: ${redirect.get('error_description')}`);
      assert.equal(redirect.get('state'), state, 'state must round-trip');
      const code = redirect.get('code');
      assert.ok(code, 'the redirect carries no code');

      const result = await redeem(code, verifier);
      assertTeamsTokenForNodeUser(result);
      assert.equal(result.fromCache, false);
      const [redemption] = wire.tokenRequests('authorization_code').slice(-1);
      assert.equal(redemption?.url && new URL(redemption.url).pathname, '/organizations/oauth2/v2.0/token');
      assert.equal(redemption.status, 200);
      assert.ok(result.idToken, 'openid was requested by msal-node, so an id_token is expected');
      assert.equal(result.idTokenClaims.oid, user.id);
      assert.equal(result.idTokenClaims.tid, FABRIKAM_TENANT_ID);
      assert.equal(result.idTokenClaims.aud, CONTOSO_CALLS_CLIENT_ID);

      // The account is in msal-node's cache, keyed on uid.utid.
      const cached = await pca.getTokenCache().getAccountByHomeId(`${user.id}.${FABRIKAM_TENANT_ID}`);
      assert.ok(cached, 'the signed-in account is not in the token cache');

      // Silent refresh: forceRefresh skips the cached access token and redeems the refresh token.
      const refreshesBefore = wire.tokenRequests('refresh_token').length;
      const refreshed = await pca.acquireTokenSilent({ account: cached, scopes: TEAMS_SCOPES, forceRefresh: true });
      assert.equal(refreshed.fromCache, false, 'forceRefresh must go to the token endpoint');
      const refreshes = wire.tokenRequests('refresh_token').slice(refreshesBefore);
      assert.equal(refreshes.length, 1, `expected one refresh_token grant:\n${wire.describe()}`);
      assert.equal(refreshes[0].status, 200);
      assert.equal(new URL(refreshes[0].url).origin, SWITCHBOARD_URL);
      assert.notEqual(refreshed.accessToken, result.accessToken, 'the refresh token grant must mint a new access token');
      assertTeamsTokenForNodeUser(refreshed);

      // And without forceRefresh the fresh token now comes from the cache.
      const cachedAgain = await pca.acquireTokenSilent({ account: cached, scopes: TEAMS_SCOPES });
      assert.equal(cachedAgain.fromCache, true);
      assert.equal(cachedAgain.accessToken, refreshed.accessToken);
    } finally {
      await context.close();
    }
  });

test('a second sign-in for the same user is not asked to consent again', { timeout: 180_000 }, async () => {
  const { url, verifier, state } = await startAuthCode();
  const { context, page } = await newPage(browser); // fresh context: no Switchboard session cookie
  const switchboardPages = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith(SWITCHBOARD_URL)) switchboardPages.push(frame.url());
  });
  try {
    await page.goto(url);
    // A fresh context has no session: the credential page is shown again.
    await page.getByLabel('Password').waitFor();

    // Submitting the credentials answers with a redirect straight to the app: no consent page.
    const signInResponse = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().startsWith(`${SWITCHBOARD_URL}/`));
    await submitCredentials(page, user);
    const response = await signInResponse;
    assert.equal(response.status(), 302, `expected a redirect after sign-in, got HTTP ${response.status()}`);
    const location = response.headers().location ?? '';
    assert.ok(location.startsWith(`${listener.redirectUri}?`), `redirected to ${location}`);

    const redirect = await listener.redirectFor(state);
    assert.equal(redirect.get('error'), null,
      `redirected with an error: ${redirect.get('error')}: ${redirect.get('error_description')}`);
    assert.equal(redirect.get('state'), state);
    await page.waitForURL((u) => u.href.startsWith(listener.redirectUri));
    assert.equal(await page.getByRole('button', { name: 'Accept' }).count(), 0);
    assert.equal(switchboardPages.length, 1, `only the sign-in page should have been shown: ${switchboardPages.join(', ')}`);

    const result = await redeem(redirect.get('code'), verifier);
    assertTeamsTokenForNodeUser(result);
    assert.equal(result.fromCache, false);
  } finally {
    await context.close();
  }
});
