// Graph's errors (graph-chat.md §4, §5) as @microsoft/microsoft-graph-client surfaces them: a GraphError
// with statusCode, code, message and the request id from innerError.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import {
  SWITCHBOARD_URL, USERS, FABRIKAM_TENANT_ID, TEST_TIMEOUT, GUID_PATTERN,
  graphClient, graphClientWithToken, memberBinding, createGroupChat, oneOnOneChat, chatPath, sendText, graphError,
} from './support.mjs';

const { jsa, jsb, jsc, limited } = USERS;

const forbidden = graphError({ statusCode: 403, code: 'Forbidden', message: 'Forbidden' });
const topExceeded = graphError({
  statusCode: 400,
  code: 'BadRequest',
  message: "The query specified in the URI is not valid. The limit of '50' for Top query has been exceeded. The value from the incoming request is '100'.",
});

test('$top=100 answers 400 BadRequest with Graph\'s message, on list chats and on list messages', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await oneOnOneChat(client, jsa, jsb);
  await assert.rejects(client.api('/me/chats').top(100).get(), topExceeded);
  await assert.rejects(client.api('/chats').top(100).get(), topExceeded);
  await assert.rejects(client.api(chatPath(chat, '/messages')).top(100).get(), topExceeded);
  await assert.rejects(client.api(chatPath(chat, '/messages')).top(51).get(), graphError({ statusCode: 400, code: 'BadRequest', message: /The limit of '50' for Top query has been exceeded\. The value from the incoming request is '51'\./ }));
  // The limit itself is fine.
  assert.ok(Array.isArray((await client.api('/me/chats').top(50).get()).value));
});

test('a user who is not a member gets 403 Forbidden for the chat, its members and its messages', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await oneOnOneChat(a, jsa, jsb);
  const message = await sendText(a, chat, 'just between us');
  const outsider = await graphClient(jsc);

  await assert.rejects(outsider.api(chatPath(chat)).get(), forbidden);
  await assert.rejects(outsider.api(`/me/chats/${chat.id}`).get(), forbidden);
  await assert.rejects(outsider.api(chatPath(chat, '/members')).get(), forbidden);
  await assert.rejects(outsider.api(chatPath(chat, '/messages')).get(), forbidden);
  await assert.rejects(outsider.api(chatPath(chat, `/messages/${message.id}`)).get(), forbidden);
  await assert.rejects(outsider.api(chatPath(chat, '/messages')).post({ body: { content: 'let me in' } }), forbidden);
  await assert.rejects(outsider.api(chatPath(chat)).patch({ topic: 'mine now' }), graphError({ statusCode: 403, code: 'Forbidden' }));
  // Nor is the chat in the outsider's list.
  const { value } = await outsider.api('/me/chats').filter(`members/any(o: o/displayName eq '${jsb.name}')`).top(50).get();
  assert.ok(!value.some((c) => c.id === chat.id));
});

test('no token answers 401 InvalidAuthenticationToken "Access token is empty."; a garbled one 401 too', { timeout: TEST_TIMEOUT }, async () => {
  const empty = graphError({ statusCode: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  // The client still sends "Authorization: Bearer " when the provider returns nothing.
  await assert.rejects(graphClientWithToken(async () => '').api('/me/chats').get(), empty);

  // No Authorization header at all (plain fetch): the same Graph error body.
  const response = await fetch(`${SWITCHBOARD_URL}/v1.0/me/chats`, { signal: AbortSignal.timeout(15_000) });
  assert.equal(response.status, 401);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const { error } = await response.json();
  assert.equal(error.code, 'InvalidAuthenticationToken');
  assert.equal(error.message, 'Access token is empty.');
  assert.match(error.innerError['request-id'], GUID_PATTERN);

  await assert.rejects(graphClientWithToken(async () => 'not.a.token').api('/me/chats').get(),
    graphError({ statusCode: 401, code: 'InvalidAuthenticationToken', message: /^Access token validation failure/ }));
});

test('an unknown chat, message or membership answers 404 NotFound', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const missing = `19:${randomUUID().replaceAll('-', '')}@thread.v2`;
  await assert.rejects(client.api(chatPath(missing)).get(), graphError({ statusCode: 404, code: 'NotFound', message: `Chat '${missing}' was not found.` }));
  await assert.rejects(client.api(chatPath(missing, '/messages')).get(), graphError({ statusCode: 404, code: 'NotFound' }));

  const chat = await createGroupChat(client, jsa, [jsb]);
  await assert.rejects(client.api(chatPath(chat, '/messages/1000000000000')).get(), graphError({ statusCode: 404, code: 'NotFound' }));
  await assert.rejects(client.api(chatPath(chat, '/members/bm90LWEtbWVtYmVy')).get(), graphError({ statusCode: 404, code: 'NotFound' }));
});

test('a user whose token has only User.Read gets 403 naming the scopes the API requires', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(limited);
  assert.equal((await client.api('/me').get()).id, limited.id, 'User.Read is enough for /me');

  const missingScopes = (required) => graphError({
    statusCode: 403,
    code: 'Forbidden',
    message: new RegExp(`^Missing scope permissions on the request\\. API requires one of '${required.replaceAll('.', '\\.')}'\\. Scopes on the request '[^']*\\bUser\\.Read\\b[^']*'$`),
  });
  await assert.rejects(client.api('/me/chats').get(), missingScopes('Chat.ReadBasic, Chat.Read, Chat.ReadWrite'));
  await assert.rejects(client.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(limited), memberBinding(jsa)] }),
    missingScopes('Chat.Create, Chat.ReadWrite'));
  const chat = `19:${jsa.id}_${jsb.id}@unq.gbl.spaces`;
  await assert.rejects(client.api(chatPath(chat, '/messages')).post({ body: { content: 'hi' } }), graphError({ statusCode: 403, code: 'Forbidden', message: /^Missing scope permissions on the request\. API requires one of '[^']*ChatMessage\.Send[^']*'/ }));
  await assert.rejects(client.api(chatPath(chat, '/messages')).get(), graphError({ statusCode: 403, code: 'Forbidden', message: /^Missing scope permissions on the request\. API requires one of '[^']*Chat\.Read[^']*'/ }));
});

test('only the sender may change a message: PATCH or softDelete of someone else\'s message answers 403', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const message = await sendText(a, chat, 'mine to edit');

  await assert.rejects(b.api(chatPath(chat, `/messages/${message.id}`)).patch({ body: { content: 'edited by Jonah' } }),
    graphError({ statusCode: 403, code: 'Forbidden' }));
  await assert.rejects(b.api(chatPath(chat, `/messages/${message.id}/softDelete`)).post({}), graphError({ statusCode: 403, code: 'Forbidden' }));

  const read = await a.api(chatPath(chat, `/messages/${message.id}`)).get();
  assert.equal(read.body.content, 'mine to edit');
  assert.equal(read.lastEditedDateTime, null);
  assert.equal(read.deletedDateTime, null);
});

test('hideForUser and markChatReadForUser act only for the caller: another user in the body answers 403', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const other = { user: { id: jsb.id, tenantId: FABRIKAM_TENANT_ID } };
  await assert.rejects(a.api(chatPath(chat, '/hideForUser')).post(other), graphError({ statusCode: 403, code: 'Forbidden' }));
  await assert.rejects(a.api(chatPath(chat, '/markChatReadForUser')).post(other), graphError({ statusCode: 403, code: 'Forbidden' }));
});

test('malformed requests answer 400 BadRequest (role, topic on oneOnOne, $filter operator, $orderby) and POST /me/chats 405', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  await assert.rejects(client.api('/chats').post({
    chatType: 'group', topic: 'bad role', members: [memberBinding(jsa), memberBinding(jsb, { roles: ['member'] })],
  }), graphError({ statusCode: 400, code: 'BadRequest', message: "The passed-in role 'member' is not supported." }));
  await assert.rejects(client.api('/chats').post({
    chatType: 'oneOnOne', topic: 'no topics here', members: [memberBinding(jsa), memberBinding(jsb)],
  }), graphError({ statusCode: 400, code: 'BadRequest' }));
  await assert.rejects(client.api('/chats').post({ chatType: 'group', topic: 'not me', members: [memberBinding(jsb), memberBinding(jsc)] }),
    graphError({ statusCode: 400, code: 'BadRequest' }));
  await assert.rejects(client.api('/me/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(jsb)] }),
    (err) => err.statusCode === 405);

  const chat = await oneOnOneChat(client, jsa, jsb);
  await assert.rejects(client.api(chatPath(chat, '/messages')).orderby('createdDateTime desc').filter('createdDateTime le 2030-01-01T00:00:00Z').get(),
    graphError({ statusCode: 400, code: 'BadRequest', message: "The entity property 'createdDateTime' and operationKind 'LessThanOrEqual' is not allowed in $filter query." }));
  await assert.rejects(client.api(chatPath(chat, '/messages')).orderby('createdDateTime asc').get(), graphError({ statusCode: 400, code: 'BadRequest' }));
  await assert.rejects(client.api(chatPath(chat)).patch({ topic: 'a oneOnOne has no topic' }), graphError({ statusCode: 400, code: 'BadRequest' }));
});

test('a Graph error carries innerError: date, request-id, and the client-request-id the client sent', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const clientRequestId = randomUUID();
  const err = await client.api('/me/chats').header('client-request-id', clientRequestId).top(100).get().then(
    () => assert.fail('$top=100 succeeded'), (e) => e);
  assert.equal(err.statusCode, 400);
  const body = JSON.parse(err.body);
  assert.equal(body.code, 'BadRequest');
  assert.equal(body.innerError['client-request-id'], clientRequestId);
  assert.equal(body.innerError['request-id'], err.requestId);
  assert.match(body.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.ok(err.date instanceof Date && Math.abs(err.date.getTime() - Date.now()) < 5 * 60_000, `date ${err.date}`);
});
