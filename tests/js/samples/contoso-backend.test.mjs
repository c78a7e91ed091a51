// The Contoso sample's back end (samples/contoso/server), as the server test.sh starts runs it and
// forwards /samples/contoso/api/* to it: its configuration, and the Teams token exchange it performs with
// Contoso's access key after checking the user's Entra token itself (jose, against the server's keys).
// Entra tokens come from msal-node (password grant), as a native Contoso tool would get them.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PublicClientApplication, ConfidentialClientApplication } from '@azure/msal-node';

import {
  SWITCHBOARD_URL, CONTOSO_CALLS_CLIENT_ID, CONTOSO_SERVER_CLIENT_ID, CONTOSO_SERVER_SECRET,
  TEAMS_SCOPES, msalSystemOptions, decodeJwtPayload,
} from '../support/env.mjs';
import { ACS_RESOURCES, shortServerUrl } from '../support/communication.mjs';

const SAM = { upn: 'sam@fabrikam.test', password: 'Fabrikam!Sam1', id: '22222222-0000-4000-8000-000000000062' };
const NESTOR = { upn: 'nestor@fabrikam.test', password: 'Fabrikam!Nestor1' }; // consented, no Teams licence
const OBO = { upn: 'obo@fabrikam.test', password: 'Fabrikam!Obo1' }; // consented to Contoso Calls Server's Teams scopes

const api = (base = SWITCHBOARD_URL) => `${base}/samples/contoso/api`;
const bodies = [];

function authFor(clientId, base) {
  const host = new URL(base).host;
  return { clientId, authority: `${base}/organizations`, knownAuthorities: [host] };
}

async function userToken(user, scopes, { clientId = CONTOSO_CALLS_CLIENT_ID, secret, base = SWITCHBOARD_URL } = {}) {
  const auth = authFor(clientId, base);
  const app = secret
    ? new ConfidentialClientApplication({ auth: { ...auth, clientSecret: secret }, system: msalSystemOptions })
    : new PublicClientApplication({ auth, system: msalSystemOptions });
  const result = await app.acquireTokenByUsernamePassword({ scopes, username: user.upn, password: user.password });
  return result.accessToken;
}

async function exchange(token, base = SWITCHBOARD_URL) {
  const response = await fetch(`${api(base)}/token`, { method: 'POST', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, body: JSON.parse(text) };
}

/** The back end starts with the server; wait for it (the forwarder answers 503/502 until it listens). */
async function waitForBackend(base = SWITCHBOARD_URL) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${api(base)}/config`);
    if (![502, 503].includes(response.status) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(async () => {
  const response = await waitForBackend();
  assert.equal(response.status, 200, await response.text());
});

test('GET /api/config names Contoso Calls, the organizations authority and the Teams scopes', async () => {
  const response = await fetch(`${api()}/config`);
  const config = await response.json();
  assert.equal(response.status, 200);
  assert.equal(config.clientId, CONTOSO_CALLS_CLIENT_ID);
  assert.equal(config.authority, `${SWITCHBOARD_URL}/organizations`);
  assert.deepEqual(config.scopes, TEAMS_SCOPES);
  assert.ok(config.graphScopes.includes('https://graph.microsoft.com/Chat.ReadWrite'));
});

test('POST /api/token exchanges a Teams user\'s Contoso Calls token for an ACS token that Switchboard accepts', async () => {
  const entra = await userToken(SAM, TEAMS_SCOPES);
  const { status, body } = await exchange(entra);
  assert.equal(status, 200, JSON.stringify(body));

  const acs = decodeJwtPayload(body.token);
  assert.equal(acs.skypeid, `orgid:${SAM.id}`);
  assert.equal(new Date(body.expiresOn).getTime(), decodeJwtPayload(entra).exp * 1000);

  // The calling and chat services validate it as this route does.
  const info = await fetch(`${SWITCHBOARD_URL}/communication/tokenInfo`, { headers: { authorization: `Bearer ${body.token}` } });
  const described = await info.json();
  assert.equal(info.status, 200, JSON.stringify(described));
  assert.equal(described.id, `8:orgid:${SAM.id}`);
  assert.equal(described.resourceId, ACS_RESOURCES['contoso-acs'].id);
});

test('POST /api/token refuses a missing or garbage token with 401 JSON', async () => {
  const missing = await exchange(undefined);
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error.code, 'TokenRequired');

  const garbage = await exchange('not-a-jwt');
  assert.equal(garbage.status, 401);
  assert.equal(garbage.body.error.code, 'InvalidToken');

  const entra = await userToken(SAM, TEAMS_SCOPES);
  const [header, payload] = entra.split('.');
  const forged = await exchange(`${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`);
  assert.equal(forged.status, 401);
  assert.equal(forged.body.error.code, 'InvalidToken');
});

test('POST /api/token refuses a token issued to another app', async () => {
  const other = await userToken(OBO, TEAMS_SCOPES, { clientId: CONTOSO_SERVER_CLIENT_ID, secret: CONTOSO_SERVER_SECRET });
  assert.equal(decodeJwtPayload(other).appid ?? decodeJwtPayload(other).azp, CONTOSO_SERVER_CLIENT_ID);
  const { status, body } = await exchange(other);
  assert.equal(status, 401);
  assert.equal(body.error.code, 'WrongApplication');
});

test('POST /api/token refuses a Contoso Calls token for another audience (Graph)', async () => {
  const graph = await userToken(SAM, ['https://graph.microsoft.com/User.Read']);
  const { status, body } = await exchange(graph);
  assert.equal(status, 401);
  assert.equal(body.error.code, 'InvalidAudience');
});

test('POST /api/token passes on the exchange\'s 403 for a user without Teams', async () => {
  const entra = await userToken(NESTOR, TEAMS_SCOPES);
  const { status, body } = await exchange(entra);
  assert.equal(status, 403, JSON.stringify(body));
  assert.equal(body.error.code, 'TeamsLicenseRequired');
});

test('POST /api/token refuses an expired token (short-lived tokens of the second server)', { timeout: 90_000 }, async () => {
  const base = shortServerUrl();
  const ready = await waitForBackend(base);
  assert.equal(ready.status, 200, await ready.text());
  const entra = await userToken(SAM, TEAMS_SCOPES, { base });
  const wait = decodeJwtPayload(entra).exp * 1000 - Date.now() + 6_000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  const { status, body } = await exchange(entra, base);
  assert.equal(status, 401);
  assert.equal(body.error.code, 'TokenExpired');
});

test('no response of the back end contains Contoso\'s access key', async () => {
  const { accessKey, secondaryKey } = ACS_RESOURCES['contoso-acs'];
  assert.ok(bodies.length >= 5);
  for (const text of bodies) {
    assert.ok(!text.includes(accessKey) && !text.includes(secondaryKey), 'an access key leaked into a response');
  }
});

