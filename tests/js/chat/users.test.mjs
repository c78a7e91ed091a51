// The directory reads a chat app needs (people picker, "who am I") through @microsoft/microsoft-graph-client:
// GET /me, GET /users/{id|upn}, GET /users with $filter=startswith and $search (ConsistencyLevel: eventual).
// Users see their own tenant only.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeJwtPayload, scopesOf } from '../support/env.mjs';
import {
  USERS, FABRIKAM_TENANT_ID, CHAT_APP_ID, CHAT_SCOPES, TEST_TIMEOUT,
  graphClient, graphToken, graphError,
} from './support.mjs';

const { jsa, jsb, carlos } = USERS;

test('the ROPC token is a v1 Graph token for Contoso Chat carrying the chat scopes', { timeout: TEST_TIMEOUT }, async () => {
  const claims = decodeJwtPayload(await graphToken(jsa));
  assert.equal(claims.aud, 'https://graph.microsoft.com');
  assert.equal(claims.ver, '1.0');
  assert.equal(claims.appid, CHAT_APP_ID);
  assert.equal(claims.oid, jsa.id);
  assert.equal(claims.tid, FABRIKAM_TENANT_ID);
  const scopes = scopesOf(claims);
  for (const scope of CHAT_SCOPES) assert.ok(scopes.includes(scope), `${scope} missing from scp '${claims.scp}'`);
});

test('GET /me returns the signed-in user', { timeout: TEST_TIMEOUT }, async () => {
  const me = await (await graphClient(jsa)).api('/me').get();
  assert.equal(me.id, jsa.id);
  assert.equal(me.displayName, jsa.name);
  assert.equal(me.userPrincipalName, jsa.upn);
  assert.equal(me.mail, jsa.upn);
});

test('GET /users/{id} and GET /users/{upn} return the same colleague', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const byId = await client.api(`/users/${jsb.id}`).get();
  const byUpn = await client.api(`/users/${jsb.upn}`).get();
  assert.equal(byId.id, jsb.id);
  assert.equal(byId.displayName, jsb.name);
  assert.equal(byId.userPrincipalName, jsb.upn);
  assert.deepEqual(byUpn, byId);
});

test('GET /users?$filter=startswith(displayName,\'Jo\')&$top=5 finds Jonah, and only names starting with Jo', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const { value } = await client.api('/users').filter("startswith(displayName,'Jo')").top(5).get();
  assert.ok(value.length >= 1 && value.length <= 5, `${value.length} users`);
  assert.ok(value.some((u) => u.id === jsb.id), `Jonah missing from ${value.map((u) => u.displayName)}`);
  for (const user of value) assert.match(user.displayName, /^Jo/i, user.displayName);
  assert.ok(value.every((u) => !u.id.startsWith('11111111-')), 'a contoso user leaked into fabrikam\'s directory');
});

test('$search="displayName:Jon" needs ConsistencyLevel: eventual; with it, it finds Jonah', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  // .query() puts the option in as given; .search() below does the same through the client's OData helper.
  await assert.rejects(client.api('/users').query({ $search: '"displayName:Jon"' }).get(), graphError({
    statusCode: 400,
    code: 'Request_UnsupportedQuery',
    message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
  }));

  const { value } = await client.api('/users').header('ConsistencyLevel', 'eventual').search('"displayName:Jon"').get();
  assert.ok(value.some((u) => u.id === jsb.id), `Jonah missing from ${value.map((u) => u.displayName)}`);
  for (const user of value) assert.match(user.displayName, /(^|\s)Jon/i, user.displayName);
});

test('users see their own tenant only: a contoso user is not found from fabrikam, and the other way round', { timeout: TEST_TIMEOUT }, async () => {
  const fabrikam = await graphClient(jsa);
  const notFound = { statusCode: 404, code: 'Request_ResourceNotFound' };
  await assert.rejects(fabrikam.api(`/users/${carlos.id}`).get(), graphError(notFound));
  await assert.rejects(fabrikam.api(`/users/${carlos.upn}`).get(), graphError(notFound));
  const { value } = await fabrikam.api('/users').filter("startswith(displayName,'Carlos')").get();
  assert.ok(!value.some((u) => u.id === carlos.id));

  const contoso = await graphClient(carlos);
  assert.equal((await contoso.api('/me').get()).id, carlos.id);
  await assert.rejects(contoso.api(`/users/${jsa.id}`).get(), graphError(notFound));
});
