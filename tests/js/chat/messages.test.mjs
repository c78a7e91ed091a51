// Chat messages (graph-chat.md §3.7-3.12) through @microsoft/microsoft-graph-client: send (text, html
// with importance, mentions), get, list with $orderby and $filter, edit, soft delete and undo,
// reactions, and the /me/chats and /users/{id}/chats aliases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseType } from '@microsoft/microsoft-graph-client';

import {
  USERS, FABRIKAM_TENANT_ID, TEST_TIMEOUT, INSTANT,
  graphClient, createGroupChat, chatPath, sendText, assertSameInstant,
} from './support.mjs';

const { jsa, jsb, jsc } = USERS;

/** A message as its sender's identity set shows it (spec §2.2). */
function fromUser(user) {
  return {
    application: null,
    device: null,
    user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: user.id, displayName: user.name, userIdentityType: 'aadUser', tenantId: user.tenantId },
  };
}

function withoutContext(resource) {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => k !== '@odata.context'));
}

async function listIds(request) {
  return (await request.get()).value.map((m) => m.id);
}

test('POST /chats/{id}/messages with a text body answers 201 with the whole chatMessage, from the sender', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await createGroupChat(client, jsa, [jsb]);

  const response = await client.api(chatPath(chat, '/messages')).responseType(ResponseType.RAW).post({ body: { content: 'Hello world' } });
  assert.equal(response.status, 201);
  const message = await response.json();
  assert.match(message.id, /^\d{13}$/, 'ids are epoch milliseconds (spec §1)');
  assert.equal(message.etag, message.id);
  assert.equal(message.messageType, 'message');
  assert.equal(message.chatId, chat.id);
  assert.deepEqual(message.body, { contentType: 'text', content: 'Hello world' });
  assert.deepEqual(message.from, fromUser(jsa));
  assert.equal(message.importance, 'normal');
  assert.equal(message.locale, 'en-us');
  assert.match(message.createdDateTime, INSTANT);
  assert.equal(message.lastModifiedDateTime, message.createdDateTime);
  assert.ok(Math.abs(new Date(message.createdDateTime).getTime() - Date.now()) < 60_000, `created at ${message.createdDateTime}`);
  for (const key of ['replyToId', 'lastEditedDateTime', 'deletedDateTime', 'subject', 'summary', 'webUrl', 'channelIdentity', 'policyViolation', 'eventDetail']) {
    assert.equal(message[key], null, key);
  }
  for (const key of ['attachments', 'mentions', 'reactions', 'messageHistory']) assert.deepEqual(message[key], [], key);
});

test('GET /chats/{id}/messages/{id} returns the message exactly as POST answered it', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await sendText(a, chat, 'read me back');

  const mine = await a.api(chatPath(chat, `/messages/${sent.id}`)).get();
  const theirs = await b.api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.deepEqual(withoutContext(theirs), withoutContext(mine), 'two members read different messages');
  assert.deepEqual(withoutContext(mine), withoutContext(sent));
});

test('an html message with importance high keeps its content type and importance', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await a.api(chatPath(chat, '/messages')).post({ body: { contentType: 'html', content: '<b>Deploy</b> at <i>noon</i>' }, importance: 'high' });
  assert.deepEqual(sent.body, { contentType: 'html', content: '<b>Deploy</b> at <i>noon</i>' });
  assert.equal(sent.importance, 'high');

  const read = await (await graphClient(jsb)).api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.deepEqual(read.body, sent.body);
  assert.equal(read.importance, 'high');
});

test('a message mentioning Jonah keeps the <at> tag and the mention for every reader', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb, jsc]);
  const mention = { id: 0, mentionText: jsb.name, mentioned: { user: { id: jsb.id, displayName: jsb.name, userIdentityType: 'aadUser' } } };
  const content = `Hi <at id="0">${jsb.name}</at>, can you review?`;
  const sent = await a.api(chatPath(chat, '/messages')).post({ body: { contentType: 'html', content }, mentions: [mention] });
  assert.deepEqual(sent.body, { contentType: 'html', content });

  for (const reader of [jsb, jsc]) {
    const read = await (await graphClient(reader)).api(chatPath(chat, `/messages/${sent.id}`)).get();
    assert.equal(read.body.content, content, reader.upn);
    assert.equal(read.mentions.length, 1, reader.upn);
    const [m] = read.mentions;
    assert.equal(m.id, 0);
    assert.equal(m.mentionText, jsb.name);
    assert.equal(m.mentioned.user.id, jsb.id);
    assert.equal(m.mentioned.user.displayName, jsb.name);
    assert.equal(m.mentioned.user.userIdentityType, 'aadUser');
  }
});

test('GET /messages lists newest first by lastModifiedDateTime; $orderby=createdDateTime desc orders by creation', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const m1 = await sendText(a, chat, 'one');
  const m2 = await sendText(b, chat, 'two');
  const m3 = await sendText(a, chat, 'three');
  const list = () => a.api(chatPath(chat, '/messages'));

  assert.deepEqual(await listIds(list()), [m3.id, m2.id, m1.id]);
  assert.deepEqual(await listIds(list().orderby('lastModifiedDateTime desc')), [m3.id, m2.id, m1.id]);

  // A reaction changes lastModifiedDateTime (spec §3.12): m1 moves to the front, except by creation.
  await b.api(chatPath(chat, `/messages/${m1.id}/setReaction`)).post({ reactionType: '👍' });
  assert.deepEqual(await listIds(list()), [m1.id, m3.id, m2.id]);
  assert.deepEqual(await listIds(list().orderby('createdDateTime desc')), [m3.id, m2.id, m1.id]);
  assert.deepEqual(await listIds(list().top(2)), [m1.id, m3.id]);
});

test('$filter on lastModifiedDateTime or createdDateTime is honoured with the matching $orderby and ignored with the other one', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  await sendText(a, chat, 'one');
  await sendText(a, chat, 'two');
  await sendText(a, chat, 'three');
  // The stored times, as the list reports them.
  const [m3, m2, m1] = (await a.api(chatPath(chat, '/messages')).get()).value;
  assert.deepEqual([m1, m2, m3].map((m) => m.body.content), ['one', 'two', 'three']);
  const list = () => a.api(chatPath(chat, '/messages'));

  assert.deepEqual(await listIds(list().orderby('lastModifiedDateTime desc').filter(`lastModifiedDateTime gt ${m1.lastModifiedDateTime}`)), [m3.id, m2.id]);
  assert.deepEqual(await listIds(list().orderby('lastModifiedDateTime desc').filter(`lastModifiedDateTime lt ${m3.lastModifiedDateTime}`)), [m2.id, m1.id]);
  assert.deepEqual(await listIds(list().orderby('lastModifiedDateTime desc')
    .filter(`lastModifiedDateTime gt ${m1.lastModifiedDateTime} and lastModifiedDateTime lt ${m3.lastModifiedDateTime}`)), [m2.id]);
  assert.deepEqual(await listIds(list().orderby('createdDateTime desc').filter(`createdDateTime lt ${m3.createdDateTime}`)), [m2.id, m1.id]);

  // Graph ignores the filter when $orderby names the other property.
  assert.deepEqual(await listIds(list().orderby('createdDateTime desc').filter(`lastModifiedDateTime gt ${m1.lastModifiedDateTime}`)), [m3.id, m2.id, m1.id]);
  assert.deepEqual(await listIds(list().orderby('lastModifiedDateTime desc').filter(`createdDateTime lt ${m3.createdDateTime}`)), [m3.id, m2.id, m1.id]);
});

test('without $orderby a lastModifiedDateTime $filter is ignored, as Graph does (spec §3.8)', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  await sendText(a, chat, 'one');
  await sendText(a, chat, 'two');
  const [m2, m1] = (await a.api(chatPath(chat, '/messages')).get()).value;
  assert.deepEqual(await listIds(a.api(chatPath(chat, '/messages')).filter(`lastModifiedDateTime gt ${m1.lastModifiedDateTime}`)), [m2.id, m1.id]);
});

test('PATCH /chats/{id}/messages/{id} by the sender answers 204 and the message shows the edit', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await sendText(a, chat, 'first draft');

  const response = await a.api(chatPath(chat, `/messages/${sent.id}`)).responseType(ResponseType.RAW)
    .patch({ body: { contentType: 'html', content: '<p>final text</p>' } });
  assert.equal(response.status, 204);
  assert.equal(await a.api(chatPath(chat, `/messages/${sent.id}`)).patch({ body: { content: 'final text, again' } }), undefined);

  const edited = await (await graphClient(jsb)).api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.deepEqual(edited.body, { contentType: 'text', content: 'final text, again' });
  assert.match(edited.lastEditedDateTime ?? '', INSTANT);
  assert.ok(new Date(edited.lastEditedDateTime) >= new Date(sent.createdDateTime));
  assertSameInstant(edited.lastModifiedDateTime, edited.lastEditedDateTime);
  assertSameInstant(edited.createdDateTime, sent.createdDateTime);
  assert.notEqual(edited.etag, sent.etag, 'the etag did not change');
  assert.deepEqual(edited.from, fromUser(jsa));
});

test('softDelete blanks a message and sets deletedDateTime; undoSoftDelete brings it back', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await sendText(a, chat, 'oops, wrong chat');

  const response = await a.api(chatPath(chat, `/messages/${sent.id}/softDelete`)).responseType(ResponseType.RAW).post({});
  assert.equal(response.status, 204);

  const deleted = await b.api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.match(deleted.deletedDateTime ?? '', INSTANT);
  assert.equal(deleted.body.content, '');
  const listed = (await b.api(chatPath(chat, '/messages')).get()).value.find((m) => m.id === sent.id);
  assert.ok(listed, 'a soft-deleted message is still listed');
  assert.match(listed.deletedDateTime ?? '', INSTANT);
  assert.equal(listed.body.content, '');
  const { value: [preview] } = await b.api('/me/chats').filter(`topic eq '${chat.topic}'`).expand('lastMessagePreview').get();
  assert.equal(preview.lastMessagePreview.id, sent.id);
  assert.equal(preview.lastMessagePreview.isDeleted, true);

  assert.equal(await a.api(chatPath(chat, `/messages/${sent.id}/undoSoftDelete`)).post({}), undefined); // 204
  const restored = await b.api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.equal(restored.deletedDateTime, null);
  assert.deepEqual(restored.body, { contentType: 'text', content: 'oops, wrong chat' });
});

test('setReaction adds the reaction with the reacting user; unsetReaction removes it; neither counts as an edit', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await sendText(a, chat, 'ship it?');

  const response = await b.api(chatPath(chat, `/messages/${sent.id}/setReaction`)).responseType(ResponseType.RAW).post({ reactionType: '👍' });
  assert.equal(response.status, 204);
  const reacted = await a.api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.equal(reacted.reactions.length, 1, JSON.stringify(reacted.reactions));
  const [reaction] = reacted.reactions;
  assert.equal(reaction.reactionType, '👍');
  assert.equal(reaction.user.user.id, jsb.id);
  assert.equal(reaction.user.user.displayName, jsb.name);
  assert.match(reaction.createdDateTime, INSTANT);
  assert.equal(reacted.lastEditedDateTime, null, 'a reaction counted as an edit');
  assert.ok(new Date(reacted.lastModifiedDateTime) >= new Date(reaction.createdDateTime) - 1);
  assert.ok(new Date(reacted.lastModifiedDateTime) > new Date(sent.lastModifiedDateTime), 'lastModifiedDateTime did not move');
  assert.deepEqual(reacted.messageHistory.map((h) => h.actions), ['reactionAdded']);
  assert.equal(reacted.messageHistory[0].reaction.reactionType, '👍');

  assert.equal(await b.api(chatPath(chat, `/messages/${sent.id}/unsetReaction`)).post({ reactionType: '👍' }), undefined); // 204
  const cleared = await a.api(chatPath(chat, `/messages/${sent.id}`)).get();
  assert.deepEqual(cleared.reactions, []);
  assert.equal(cleared.lastEditedDateTime, null);
  assert.deepEqual(cleared.messageHistory.map((h) => h.actions), ['reactionAdded', 'reactionRemoved']);
  assert.equal(cleared.body.content, 'ship it?');
});

test('messages are sent, read and deleted under /me/chats/{id} and /users/{id|upn}/chats/{id} too', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);

  const sent = await a.api(`/me/chats/${chat.id}/messages`).post({ body: { content: 'via /me' } });
  assert.equal(sent.chatId, chat.id);
  assert.equal(sent.from.user.id, jsa.id);
  const read = await a.api(`/users/${jsa.upn}/chats/${encodeURIComponent(chat.id)}/messages/${sent.id}`).get();
  assert.equal(read.body.content, 'via /me');

  // The documented softDelete path is under /users/{id}/chats (spec §3.11).
  await a.api(`/users/${jsa.id}/chats/${chat.id}/messages/${sent.id}/softDelete`).post({});
  assert.match((await a.api(chatPath(chat, `/messages/${sent.id}`)).get()).deletedDateTime ?? '', INSTANT);
  await a.api(`/users/${jsa.id}/chats/${chat.id}/messages/${sent.id}/undoSoftDelete`).post({});
  assert.equal((await a.api(`/me/chats/${chat.id}/messages/${sent.id}`).get()).deletedDateTime, null);

  const { value } = await a.api(`/me/chats/${chat.id}/messages`).get();
  assert.deepEqual(value.map((m) => m.id), [sent.id]);
  assert.equal(value[0].from.user.tenantId, FABRIKAM_TENANT_ID);
});
