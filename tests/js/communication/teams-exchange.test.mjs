// The Teams user exchange (POST /teamsUser/:exchangeAccessToken, spec acs-identity.md §5.6, §8) driven by
// Microsoft's @azure/communication-identity getTokenForTeamsUser, with Entra tokens that msal-node
// (unchanged) gets from Switchboard's sign-in service for Teams users the seed has already consented for
// Contoso Calls. The last test keeps an AzureCommunicationTokenCredential (@azure/communication-common)
// alive across the expiry of 20-second tokens on the second ("short") server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublicClientApplication } from '@azure/msal-node';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { AzureCommunicationTokenCredential, createIdentifierFromRawId } from '@azure/communication-common';

import {
  SWITCHBOARD_URL, FABRIKAM_TENANT_ID, CONTOSO_CALLS_CLIENT_ID, TEAMS_SCOPES, msalAuth, msalSystemOptions, decodeJwtPayload,
} from '../support/env.mjs';
import { recordFetch } from '../support/wire.mjs';
import {
  ACS_RESOURCES, TEAMS_USERS, connectionString, msalAuthFor, shortServerUrl, fetchAcsJwks, verifyRs256,
  assertTokenAccepted, restError,
} from '../support/communication.mjs';

const CONTOSO = ACS_RESOURCES['contoso-acs'];

let wire;
before(() => { wire = recordFetch(); });
after(() => wire?.restore());

/** A Teams user's Entra access token for the ACS Teams scopes, by ROPC (the user has consented). */
async function teamsUserToken(pca, user) {
  try {
    const result = await pca.acquireTokenByUsernamePassword({ scopes: TEAMS_SCOPES, username: user.upn, password: user.password });
    assert.ok(result?.accessToken, 'msal-node returned no access token');
    return result;
  } catch (err) {
    err.message += `\n-- msal-node traffic --\n${wire.describe()}`;
    throw err;
  }
}

function contosoCalls(baseUrl = SWITCHBOARD_URL) {
  return new PublicClientApplication({
    auth: baseUrl === SWITCHBOARD_URL ? msalAuth(CONTOSO_CALLS_CLIENT_ID) : msalAuthFor(baseUrl, CONTOSO_CALLS_CLIENT_ID),
    system: msalSystemOptions,
  });
}

test('getTokenForTeamsUser exchanges a Teams user\'s Entra token for an ACS token that expires with it', { timeout: 60_000 }, async () => {
  const user = TEAMS_USERS.ropc;
  const entra = await teamsUserToken(contosoCalls(), user);
  const entraClaims = decodeJwtPayload(entra.accessToken);
  assert.equal(entraClaims.oid, user.id);
  assert.equal(entraClaims.tid, FABRIKAM_TENANT_ID);

  const client = new CommunicationIdentityClient(connectionString(CONTOSO.accessKey));
  const { token, expiresOn } = await client.getTokenForTeamsUser({
    teamsUserAadToken: entra.accessToken,
    clientId: CONTOSO_CALLS_CLIENT_ID,
    userObjectId: user.id,
  });
  assert.equal(typeof token, 'string');
  assert.ok(expiresOn instanceof Date, `expiresOn is ${expiresOn}`);
  assert.equal(expiresOn.getTime(), entraClaims.exp * 1000, 'the ACS token does not expire with the Entra token');

  const claims = decodeJwtPayload(token);
  assert.equal(claims.skypeid, `orgid:${user.id}`);
  assert.equal(claims.tid, FABRIKAM_TENANT_ID);
  assert.equal(claims.oid, user.id);
  assert.equal(claims.exp, entraClaims.exp);
  assert.equal(typeof claims.acsScope, 'string');
  assert.equal(verifyRs256(token, await fetchAcsJwks()), true, 'the ACS token does not verify against the ACS JWKS');

  const identifier = createIdentifierFromRawId(`8:${claims.skypeid}`);
  assert.equal(identifier.kind, 'microsoftTeamsUser');
  assert.equal(identifier.microsoftTeamsUserId, user.id);
  assert.equal(identifier.isAnonymous, false);
  assert.equal(identifier.cloud, 'public');

  const info = await assertTokenAccepted(token);
  assert.equal(info.id, `8:orgid:${user.id}`);
  assert.equal(info.tenantId, FABRIKAM_TENANT_ID);
  assert.equal(info.resourceId, CONTOSO.id);
});

test('getTokenForTeamsUser error rows reach the SDK as RestErrors with the service\'s codes and texts', { timeout: 60_000 }, async () => {
  const user = TEAMS_USERS.errors;
  const { accessToken } = await teamsUserToken(contosoCalls(), user);
  const client = new CommunicationIdentityClient(connectionString(CONTOSO.accessKey));
  const exchange = (overrides) => client.getTokenForTeamsUser({
    teamsUserAadToken: accessToken, clientId: CONTOSO_CALLS_CLIENT_ID, userObjectId: user.id, ...overrides,
  });

  await assert.rejects(exchange({ clientId: 'c0de0002-0000-4000-8000-000000000002' }),
    restError({ statusCode: 400, code: 'ValidationError', message: 'AAD application is not the expected one.' }));
  await assert.rejects(exchange({ userObjectId: TEAMS_USERS.ropc.id }),
    restError({ statusCode: 400, code: 'ValidationError', message: 'Provided AAD token issued for unexpected user.' }));
  await assert.rejects(exchange({ clientId: 'not-a-guid' }),
    restError({ statusCode: 400, code: 'ValidationError', message: 'Provided AppId has invalid format.' }));
  await assert.rejects(exchange({ userObjectId: 'x' }),
    restError({ statusCode: 400, code: 'ValidationError', message: 'Provided UserId has invalid format.' }));
  await assert.rejects(exchange({ teamsUserAadToken: 'garbage.not-a.token' }),
    restError({ statusCode: 401, code: 'InvalidAccessToken', message: 'Provided access token is not valid.' }));

  // The same request with the right values succeeds: the rows above failed for the reason they name.
  const ok = await exchange({});
  assert.equal(decodeJwtPayload(ok.token).skypeid, `orgid:${user.id}`);
});

test('AzureCommunicationTokenCredential keeps a Teams user signed in across the expiry of 20-second tokens', { timeout: 120_000 }, async (t) => {
  const shortUrl = shortServerUrl();
  const user = TEAMS_USERS.refresh;
  const pca = contosoCalls(shortUrl);
  const first = await teamsUserToken(pca, user);
  const entraLifetime = decodeJwtPayload(first.accessToken).exp - decodeJwtPayload(first.accessToken).iat;
  assert.ok(entraLifetime <= 30, `${shortUrl} issues Entra tokens of ${entraLifetime} s; it must be started with 20-second lifetimes`);
  const account = first.account;
  assert.ok(account, 'msal-node returned no account');

  const client = new CommunicationIdentityClient(connectionString(CONTOSO.accessKey, shortUrl));
  const refresherCalls = [];
  const refresherErrors = [];
  const tokenRefresher = async () => {
    const call = { at: Date.now() };
    refresherCalls.push(call);
    try {
      const renewed = await pca.acquireTokenSilent({ account, scopes: TEAMS_SCOPES, forceRefresh: true });
      const { token } = await client.getTokenForTeamsUser({
        teamsUserAadToken: renewed.accessToken, clientId: CONTOSO_CALLS_CLIENT_ID, userObjectId: user.id,
      });
      call.exp = decodeJwtPayload(token).exp;
      return token;
    } catch (err) {
      refresherErrors.push(err); // a proactive refresh runs in a timer: keep its failure for the assertion below
      throw err;
    }
  };

  const credential = new AzureCommunicationTokenCredential({ tokenRefresher, refreshProactively: true });
  try {
    const a = await credential.getToken();
    const aClaims = decodeJwtPayload(a.token);
    assert.equal(aClaims.skypeid, `orgid:${user.id}`);
    assert.equal(a.expiresOnTimestamp, aClaims.exp * 1000);
    assert.ok(a.expiresOnTimestamp - Date.now() <= 30_000, `the ACS token lives ${(a.expiresOnTimestamp - Date.now()) / 1000} s, not ~20 s`);
    await assertTokenAccepted(a.token, shortUrl);

    await sleep(Math.max(0, a.expiresOnTimestamp - Date.now()) + 5_000); // until after its expiry

    const b = await credential.getToken();
    assert.deepEqual(refresherErrors, [], 'a token refresh failed');
    assert.notEqual(b.token, a.token, 'the credential returned the expired token');
    assert.ok(Date.now() > a.expiresOnTimestamp, 'the first token has not expired yet');
    assert.ok(b.expiresOnTimestamp > Date.now(), `the credential returned an expired token (exp ${new Date(b.expiresOnTimestamp).toISOString()})`);
    const bClaims = decodeJwtPayload(b.token);
    assert.equal(bClaims.skypeid, `orgid:${user.id}`);
    assert.equal(b.expiresOnTimestamp, bClaims.exp * 1000);
    const info = await assertTokenAccepted(b.token, shortUrl);
    assert.equal(info.id, `8:orgid:${user.id}`);
    t.diagnostic(`tokenRefresher calls: ${refresherCalls.length} (at +${refresherCalls.map((c) => ((c.at - refresherCalls[0].at) / 1000).toFixed(1)).join(' s, +')} s)`);
    assert.ok(refresherCalls.length > 1, `the tokenRefresher ran ${refresherCalls.length} time(s)`);

    // Every refresh really renewed the Entra token: msal-node sent refresh_token grants to the short server.
    const completed = refresherCalls.filter((c) => c.exp !== undefined).length;
    const refreshes = wire.tokenRequests('refresh_token').filter((e) => e.url.startsWith(shortUrl));
    assert.ok(refreshes.length >= completed, `only ${refreshes.length} refresh_token grants for ${completed} completed refresher calls:\n${wire.describe()}`);
    assert.ok(refreshes.every((e) => e.status === 200), wire.describe());
  } finally {
    credential.dispose();
  }
  await assert.rejects(credential.getToken(), /disposed/);
});
