// Microsoft's @azure/communication-identity (unchanged) against Switchboard's ACS Identity REST API
// (spec acs-identity.md §5), through a connection string over https with HMAC-SHA256 (§3.1). Tokens are
// checked against Switchboard's own routes: the ACS JWKS (GET /communication/discovery/keys, verified with
// node's crypto) and GET /communication/tokenInfo (signature, expiry, identity not deleted, not revoked).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { createIdentifierFromRawId, getIdentifierRawId } from '@azure/communication-common';

import { decodeJwtPayload } from '../support/env.mjs';
import {
  ACS_RESOURCES, connectionString, decodeJwtHeader, fetchAcsJwks, verifyRs256, withFlippedPayloadByte,
  tokenInfo, assertTokenAccepted, assertTokenRefused, restError, assertAbout,
} from '../support/communication.mjs';

const CONTOSO = ACS_RESOURCES['contoso-acs'];
const FABRIKAM = ACS_RESOURCES['fabrikam-acs'];
const MINUTE = 60_000;
const SLACK = 2 * MINUTE; // server/issue latency allowance for "now + N minutes"

const contoso = () => new CommunicationIdentityClient(connectionString(CONTOSO.accessKey));

/** 8:acs:<resourceId>_<localId> → the parts, asserting the shape of spec §9. */
function parseAcsUserId(rawId, resourceId) {
  const match = /^8:acs:([0-9a-f-]{36})_(.+)$/.exec(rawId);
  assert.ok(match, `not an ACS user id: ${rawId}`);
  assert.equal(match[1], resourceId, `user id ${rawId} is not in resource ${resourceId}`);
  assert.doesNotMatch(match[2], /[_:]/, `the local id of ${rawId} contains '_' or ':'`);
  assert.ok(match[2].length > 0);
  return { resourceId: match[1], localId: match[2] };
}

test('createUser returns an 8:acs:<resourceId>_<localId> id that communication-common classifies as a communication user', { timeout: 60_000 }, async () => {
  const client = contoso();
  const user = await client.createUser();
  assert.equal(typeof user.communicationUserId, 'string');
  parseAcsUserId(user.communicationUserId, CONTOSO.id);

  const identifier = createIdentifierFromRawId(user.communicationUserId);
  assert.equal(identifier.kind, 'communicationUser');
  assert.equal(identifier.communicationUserId, user.communicationUserId);
  assert.equal(getIdentifierRawId(identifier), user.communicationUserId);

  const second = await client.createUser();
  assert.notEqual(second.communicationUserId, user.communicationUserId, 'two createUser calls returned the same id');
});

test('createUserAndToken with chat,voip and 90 minutes returns a signed RS256 token with the documented claims', { timeout: 60_000 }, async () => {
  const before = Date.now();
  const { user, token, expiresOn } = await contoso().createUserAndToken(['chat', 'voip'], { tokenExpiresInMinutes: 90 });
  parseAcsUserId(user.communicationUserId, CONTOSO.id);
  assert.equal(typeof token, 'string');
  assert.ok(expiresOn instanceof Date, `expiresOn is ${expiresOn}`);

  const header = decodeJwtHeader(token);
  assert.equal(header.alg, 'RS256');
  assert.equal(typeof header.kid, 'string');

  const claims = decodeJwtPayload(token);
  assert.equal(typeof claims.exp, 'number');
  assert.equal(typeof claims.iat, 'number');
  assert.equal(typeof claims.csi, 'string');
  assert.equal(claims.acsScope, 'chat,voip');
  assert.equal(claims.skypeid, user.communicationUserId.slice('8:'.length));
  assert.equal(claims.resourceId, CONTOSO.id);
  assertAbout(claims.exp * 1000, before + 90 * MINUTE, SLACK, 'exp');
  assert.equal(expiresOn.getTime(), claims.exp * 1000, 'expiresOn differs from the JWT exp');

  const jwks = await fetchAcsJwks();
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `the token's kid ${header.kid} is not published`);
  assert.equal(jwk.kty, 'RSA');
  assert.ok(Array.isArray(jwk.x5c) && jwk.x5c.length > 0, 'the JWK has no x5c');
  assert.equal(typeof jwk.x5t, 'string');
  assert.equal(verifyRs256(token, jwks), true, 'the signature does not verify against the ACS JWKS');
  assert.equal(verifyRs256(withFlippedPayloadByte(token), jwks), false, 'a token with a flipped payload byte still verifies');

  const info = await assertTokenAccepted(token);
  assert.equal(info.id, user.communicationUserId);
  assert.equal(info.resourceId, CONTOSO.id);
  assert.deepEqual(info.scopes, ['chat', 'voip']);
});

test('getToken issues each scope with a default 24 h lifetime; 60 and 1440 minutes are accepted, 59 and 1441 rejected', { timeout: 90_000 }, async () => {
  const client = contoso();
  const user = await client.createUser();
  const rawId = user.communicationUserId;

  for (const scope of ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join']) {
    const before = Date.now();
    const { token, expiresOn } = await client.getToken(user, [scope]);
    const claims = decodeJwtPayload(token);
    assert.equal(claims.acsScope, scope, `scope ${scope}`);
    assert.equal(claims.skypeid, rawId.slice(2), `scope ${scope}`);
    assert.equal(claims.resourceId, CONTOSO.id, `scope ${scope}`);
    assertAbout(claims.exp * 1000, before + 1440 * MINUTE, SLACK, `default exp for ${scope}`);
    assert.equal(expiresOn.getTime(), claims.exp * 1000, `expiresOn for ${scope}`);
    const info = await assertTokenAccepted(token);
    assert.deepEqual(info.scopes, [scope]);
  }

  for (const minutes of [60, 1440]) {
    const before = Date.now();
    const { token, expiresOn } = await client.getToken(user, ['chat'], { tokenExpiresInMinutes: minutes });
    const claims = decodeJwtPayload(token);
    assertAbout(claims.exp * 1000, before + minutes * MINUTE, SLACK, `exp for ${minutes} minutes`);
    assert.equal(expiresOn.getTime(), claims.exp * 1000);
  }

  for (const minutes of [59, 1441]) {
    await assert.rejects(client.getToken(user, ['chat'], { tokenExpiresInMinutes: minutes }), restError({
      statusCode: 400,
      code: 'ValidationError',
      message: `ExpiresInMinutes value ${minutes} is invalid. Value must be within the [60, 1440] interval.`,
    }));
  }
});

test('revokeTokens invalidates earlier tokens (still correctly signed) but not tokens issued afterwards', { timeout: 60_000 }, async () => {
  const client = contoso();
  const { user, token: old } = await client.createUserAndToken(['chat']);

  const accepted = await assertTokenAccepted(old);
  assert.equal(accepted.id, user.communicationUserId);

  await client.revokeTokens(user);

  await assertTokenRefused(old);
  assert.equal(verifyRs256(old, await fetchAcsJwks()), true, 'the revoked token should still carry a valid signature');

  const { token: fresh } = await client.getToken(user, ['chat']);
  assert.notEqual(fresh, old);
  const info = await assertTokenAccepted(fresh);
  assert.equal(info.id, user.communicationUserId);
  await assertTokenRefused(old); // and the old one stays refused
});

test('deleteUser: the identity is gone (getToken 404 IdentityNotFound) and its earlier token is refused', { timeout: 60_000 }, async () => {
  const client = contoso();
  const { user, token } = await client.createUserAndToken(['voip']);
  await assertTokenAccepted(token);

  await client.deleteUser(user);

  await assert.rejects(client.getToken(user, ['voip']), restError({ statusCode: 404, code: 'IdentityNotFound' }));
  await assertTokenRefused(token);
});

test('a user of contoso-acs does not exist for fabrikam-acs', { timeout: 60_000 }, async () => {
  const user = await contoso().createUser();
  const fabrikam = new CommunicationIdentityClient(connectionString(FABRIKAM.accessKey));

  await assert.rejects(fabrikam.getToken(user, ['chat']), restError({ statusCode: 404, code: 'IdentityNotFound' }));

  // fabrikam-acs itself works, and its users are its own.
  const own = await fabrikam.createUser();
  parseAcsUserId(own.communicationUserId, FABRIKAM.id);
  const { token } = await fabrikam.getToken(own, ['chat']);
  assert.equal((await tokenInfo(token)).body.resourceId, FABRIKAM.id);
  // and the contoso user still works in contoso-acs.
  await contoso().getToken(user, ['chat']);
});

test('the secondary key signs requests too; a wrong key is 401 Denied', { timeout: 60_000 }, async () => {
  const secondary = new CommunicationIdentityClient(connectionString(CONTOSO.secondaryKey));
  const { user, token } = await secondary.createUserAndToken(['chat']);
  parseAcsUserId(user.communicationUserId, CONTOSO.id);
  await assertTokenAccepted(token);
  // one resource, two keys: the primary key sees the user created with the secondary one
  await contoso().getToken(user, ['chat']);

  const wrong = new CommunicationIdentityClient(connectionString(randomBytes(64).toString('base64')));
  await assert.rejects(wrong.createUser(), restError({ statusCode: 401, code: 'Denied' }));
  await assert.rejects(wrong.getToken(user, ['chat']), restError({ statusCode: 401, code: 'Denied' }));
});
