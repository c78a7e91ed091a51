// Error paths of /authorize seen from a real browser: a user declining consent (redirected back to the
// app as access_denied) and an unregistered redirect URI (shown on Switchboard's own page, never redirected).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PublicClientApplication, CryptoProvider } from '@azure/msal-node';

import { SWITCHBOARD_URL, CONTOSO_CALLS_CLIENT_ID, TEAMS_SCOPES, USERS, msalAuth, msalSystemOptions } from '../support/env.mjs';
import { launchChromium, newPage, submitCredentials } from '../support/browser.mjs';
import { startRedirectListener } from '../support/loopback.mjs';

let browser;
let listener;
let pca;

before(async () => {
  browser = await launchChromium();
  listener = await startRedirectListener();
  pca = new PublicClientApplication({ auth: msalAuth(CONTOSO_CALLS_CLIENT_ID), system: msalSystemOptions });
});

after(async () => {
  await browser?.close();
  await listener?.close();
});

async function authCodeUrl(redirectUri) {
  const { challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomUUID();
  const url = await pca.getAuthCodeUrl({
    scopes: TEAMS_SCOPES, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state,
  });
  return { url, state };
}

test('the Cancel button on consent returns access_denied with AADSTS65004', { timeout: 120_000 }, async () => {
  const user = USERS.browser; // never consents, so this test leaves no grant behind
  const { url, state } = await authCodeUrl(listener.redirectUri);
  const { context, page } = await newPage(browser);
  try {
    await page.goto(url);
    await submitCredentials(page, user);

    await page.getByRole('button', { name: 'Accept' }).waitFor();
    await page.getByText('Manage calls in Teams').waitFor();
    await page.getByText('Manage chats in Teams').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    const redirect = await listener.redirectFor(state);
    assert.equal(redirect.get('code'), null, 'declining consent must not issue a code');
    assert.equal(redirect.get('error'), 'access_denied');
    const description = redirect.get('error_description') ?? '';
    assert.match(description, /^AADSTS65004: /, `error_description: ${description}`);
    assert.equal(redirect.get('state'), state, 'state must round-trip on errors too');
    await page.waitForURL((u) => u.href.startsWith(listener.redirectUri));
  } finally {
    await context.close();
  }
});

test('an unregistered redirect URI is shown on an error page, never redirected', { timeout: 120_000 }, async () => {
  const evil = 'https://evil.example/cb';
  const { url } = await authCodeUrl(evil);
  assert.equal(new URL(url).searchParams.get('redirect_uri'), evil);

  const { context, page } = await newPage(browser);
  const evilRequests = [];
  await context.route((u) => u.hostname === 'evil.example', (route) => {
    evilRequests.push(route.request().url());
    return route.abort();
  });
  try {
    const response = await page.goto(url);
    assert.ok(response, 'no response for the authorize URL');
    assert.equal(response.request().redirectedFrom(), null, 'the authorize request must not be redirected');
    assert.equal(new URL(response.url()).origin, SWITCHBOARD_URL);

    await page.getByText(/AADSTS50011: /).first().waitFor();
    assert.equal(new URL(page.url()).origin, SWITCHBOARD_URL, `the browser left Switchboard: ${page.url()}`);
    assert.equal(await page.getByLabel('Password').count(), 0, 'no credentials may be collected for a bad redirect URI');
    assert.deepEqual(evilRequests, [], 'the browser must never be sent to the unregistered redirect URI');
  } finally {
    await context.close();
  }
});
