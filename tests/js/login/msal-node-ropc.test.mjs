// msal-node's classification of Switchboard's token-endpoint errors. ROPC
// (acquireTokenByUsernamePassword) is deprecated but still present in msal-node 7.2.3.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PublicClientApplication, InteractionRequiredAuthError } from '@azure/msal-node';

import { CONTOSO_CALLS_CLIENT_ID, TEAMS_SCOPES, USERS, msalAuth, msalSystemOptions } from '../support/env.mjs';
import { recordFetch } from '../support/wire.mjs';

let wire;
before(() => { wire = recordFetch(); });
after(() => wire?.restore());

test('msal-node turns a consent error into InteractionRequiredAuthError', { timeout: 60_000 }, async () => {
  const user = USERS.pradeep; // has never consented to Contoso Calls
  const pca = new PublicClientApplication({ auth: msalAuth(CONTOSO_CALLS_CLIENT_ID), system: msalSystemOptions });
  assert.equal(typeof pca.acquireTokenByUsernamePassword, 'function', 'ROPC missing from this msal-node');

  await assert.rejects(
    pca.acquireTokenByUsernamePassword({ scopes: TEAMS_SCOPES, username: user.upn, password: user.password }),
    (err) => {
      const wireDump = `\n-- msal-node traffic --\n${wire.describe()}`;
      assert.ok(err instanceof InteractionRequiredAuthError,
        `expected InteractionRequiredAuthError, got ${err?.name}: ${err?.message}${wireDump}`);
      assert.equal(err.errorCode, 'invalid_grant', wireDump);
      assert.equal(err.subError, 'consent_required', wireDump);
      assert.match(err.errorMessage, /AADSTS65001/, wireDump);
      return true;
    });

  const [request] = wire.tokenRequests('password');
  assert.ok(request, `msal-node sent no password grant:\n${wire.describe()}`);
  assert.equal(new URL(request.url).pathname, '/organizations/oauth2/v2.0/token');
  assert.equal(request.status, 400);
  assert.equal(request.form.get('username'), user.upn);
});
