// msal-node ConfidentialClientApplication (unchanged) against a tenanted Switchboard authority:
// client credentials with the right secret, and msal-node's ServerError for a wrong one (spec §8.4's
// "secret 7000215" error row).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';

import {
  SWITCHBOARD_URL, CONTOSO_TENANT_ID, CONTOSO_SERVER_CLIENT_ID, CONTOSO_SERVER_SECRET,
  msalAuth, msalSystemOptions, decodeJwtPayload,
} from '../support/env.mjs';
import { recordFetch } from '../support/wire.mjs';

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

let wire;
before(() => { wire = recordFetch(); });
after(() => wire?.restore());

function contosoServer(clientSecret) {
  return new ConfidentialClientApplication({
    auth: msalAuth(CONTOSO_SERVER_CLIENT_ID, CONTOSO_TENANT_ID, { clientSecret }),
    system: msalSystemOptions,
  });
}

test('msal-node client credentials with the registered secret get an app-only Graph token', { timeout: 60_000 }, async () => {
  const cca = contosoServer(CONTOSO_SERVER_SECRET);
  let result;
  try {
    result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  } catch (err) {
    err.message += `\n-- msal-node traffic --\n${wire.describe()}`;
    throw err;
  }
  assert.equal(result.fromCache, false);
  const [request] = wire.tokenRequests('client_credentials');
  assert.equal(request.url.split('?')[0], `${SWITCHBOARD_URL}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`);
  assert.equal(request.status, 200);

  const at = decodeJwtPayload(result.accessToken);
  assert.equal(at.aud, 'https://graph.microsoft.com');
  assert.equal(at.tid, CONTOSO_TENANT_ID);
  assert.equal(at.appid, CONTOSO_SERVER_CLIENT_ID);
  assert.equal(at.ver, '1.0');
  assert.equal(at.scp, undefined, 'an app-only token carries no delegated scopes');
  assert.equal(result.account, null, 'client credentials involve no user account');

  // The second call is answered from msal-node's cache, without another request.
  const sent = wire.tokenRequests('client_credentials').length;
  const again = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  assert.equal(again.fromCache, true);
  assert.equal(again.accessToken, result.accessToken);
  assert.equal(wire.tokenRequests('client_credentials').length, sent);
});

test('msal-node client credentials with a wrong secret fail with ServerError AADSTS7000215', { timeout: 60_000 }, async () => {
  const cca = contosoServer('not-the-contoso-server-secret');
  await assert.rejects(cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }), (err) => {
    const wireDump = `\n-- msal-node traffic --\n${wire.describe()}`;
    assert.ok(err instanceof ServerError, `expected ServerError, got ${err?.name}: ${err?.message}${wireDump}`);
    assert.equal(err.errorCode, 'invalid_client', wireDump);
    assert.equal(String(err.errorNo), '7000215', wireDump);
    assert.equal(err.status, 401, 'invalid_client is HTTP 401');
    assert.match(err.message, /7000215/);
    return true;
  });
});
