// Chats (graph-chat.md §3.1-3.5) through Microsoft's @microsoft/microsoft-graph-client 3.0.7:
// create (oneOnOne idempotent, group with topic), get under every path alias, list with $expand,
// $filter and $orderby, rename, and the caller's hide and read state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseType } from '@microsoft/microsoft-graph-client';

import {
  USERS, FABRIKAM_TENANT_ID, TEST_TIMEOUT, INSTANT, PREFER_SYSTEM_EVENTS,
  graphClient, memberBinding, createGroupChat, oneOnOneChat, uniqueTopic, chatPath, sendText, allPages, assertSameInstant,
} from './support.mjs';

const { jsa, jsb, jsc } = USERS;

/** The caller's view of one chat in GET /me/chats, found by its (unique) topic. */
async function listedByTopic(client, topic, expand) {
  let request = client.api('/me/chats').filter(`topic eq '${topic}'`);
  if (expand) request = request.expand(expand);
  const { value } = await request.get();
  assert.equal(value.length, 1, `GET /me/chats?$filter=topic eq '${topic}' answered ${JSON.stringify(value)}`);
  return value[0];
}

test('a oneOnOne chat exists once per pair: creating it again, by either member, returns the same chat', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);

  const first = await a.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(jsb)] });
  assert.equal(first.id, `19:${jsa.id}_${jsb.id}@unq.gbl.spaces`);
  assert.equal(first.chatType, 'oneOnOne');
  assert.equal(first.topic, null);
  assert.equal(first.tenantId, FABRIKAM_TENANT_ID);
  assert.equal(first.onlineMeetingInfo, null);
  assert.match(first.createdDateTime, INSTANT);
  assert.equal(typeof first.webUrl, 'string');

  // The other member, binding users by UPN and listing them the other way round.
  const again = await b.api('/chats').post({
    chatType: 'oneOnOne',
    members: [memberBinding(jsb, { byUpn: true }), memberBinding(jsa, { byUpn: true })],
  });
  assert.equal(again.id, first.id);
  assert.equal(again.chatType, 'oneOnOne');
  assertSameInstant(again.createdDateTime, first.createdDateTime);
});

test('a group chat is created with its topic and every member, the caller included', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const topic = uniqueTopic('Launch plan');
  const response = await client.api('/chats').responseType(ResponseType.RAW).post({
    chatType: 'group',
    topic,
    members: [memberBinding(jsa), memberBinding(jsb, { byUpn: true }), memberBinding(jsc)],
  });
  assert.equal(response.status, 201);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const chat = await response.json();
  assert.match(chat.id, /^19:[0-9a-f]{32}@thread\.v2$/);
  assert.equal(chat.chatType, 'group');
  assert.equal(chat.topic, topic);
  assert.equal(chat.tenantId, FABRIKAM_TENANT_ID);
  assert.match(chat.createdDateTime, INSTANT);
  assertSameInstant(chat.lastUpdatedDateTime, chat.createdDateTime);

  const read = await client.api(chatPath(chat)).expand('members').get();
  assert.equal(read.id, chat.id);
  assert.deepEqual(read.members.map((m) => m.userId).sort(), [jsa.id, jsb.id, jsc.id].sort());
  for (const member of read.members) {
    assert.equal(member['@odata.type'], '#microsoft.graph.aadUserConversationMember');
    assert.deepEqual(member.roles, ['owner']);
    assert.equal(member.tenantId, FABRIKAM_TENANT_ID);
  }
  assert.deepEqual(read.members.map((m) => m.displayName).sort(), [jsa.name, jsb.name, jsc.name].sort());
});

test('GET a chat answers the same chat under /chats, /me/chats and /users/{id|upn}/chats, with the id raw or percent-encoded', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await createGroupChat(client, jsa, [jsb]);
  const paths = [
    `/chats/${chat.id}`,
    `/chats/${encodeURIComponent(chat.id)}`,
    `/me/chats/${chat.id}`,
    `/users/${jsa.id}/chats/${chat.id}`,
    `/users/${jsa.upn}/chats/${encodeURIComponent(chat.id)}`,
  ];
  for (const path of paths) {
    const read = await client.api(path).get();
    assert.equal(read.id, chat.id, path);
    assert.equal(read.topic, chat.topic, path);
    assert.equal(read.chatType, 'group', path);
    assert.equal(read.tenantId, FABRIKAM_TENANT_ID, path);
    assertSameInstant(read.createdDateTime, chat.createdDateTime, path);
  }
});

test('list chats: a new group chat appears in /me/chats and /chats with its members and last message preview', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await createGroupChat(client, jsa, [jsb, jsc]);
  const sent = await sendText(client, chat, 'preview me');

  for (const path of ['/me/chats', '/chats', `/users/${jsa.id}/chats`]) {
    const { value } = await client.api(path).filter(`topic eq '${chat.topic}'`).expand('members,lastMessagePreview').get();
    assert.equal(value.length, 1, `${path}: ${JSON.stringify(value)}`);
    const [listed] = value;
    assert.equal(listed.id, chat.id, path);
    assert.deepEqual(listed.members.map((m) => m.displayName).sort(), [jsa.name, jsb.name, jsc.name].sort(), path);
    assert.ok(listed.members.every((m) => m['@odata.type'] === '#microsoft.graph.aadUserConversationMember'), path);

    const preview = listed.lastMessagePreview;
    assert.equal(preview.id, sent.id, path);
    assert.equal(preview.messageType, 'message', path);
    assert.equal(preview.isDeleted, false, path);
    assert.deepEqual(preview.body, { contentType: 'text', content: 'preview me' }, path);
    assert.equal(preview.from.user.id, jsa.id, path);
    assertSameInstant(preview.createdDateTime, sent.createdDateTime, path);
  }

  // Without $expand the navigation properties stay out.
  const plain = await listedByTopic(client, chat.topic);
  assert.equal('members' in plain, false);
  assert.equal('lastMessagePreview' in plain, false);
});

test('$filter chatType eq \'group\' lists only group chats; members/any(...) only chats with that member', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const oneOnOne = await oneOnOneChat(client, jsa, jsb);
  const withJuno = await createGroupChat(client, jsa, [jsb, jsc]);

  const groups = await allPages(client, client.api('/me/chats').filter("chatType eq 'group'").top(50));
  assert.ok(groups.length > 0);
  assert.ok(groups.every((c) => c.chatType === 'group'), JSON.stringify(groups.map((c) => c.chatType)));
  assert.ok(groups.some((c) => c.id === withJuno.id), 'the new group chat is missing');
  assert.ok(!groups.some((c) => c.id === oneOnOne.id), 'the oneOnOne chat was listed as a group chat');

  const junos = await allPages(client, client.api('/me/chats')
    .filter(`members/any(o: o/displayName eq '${jsc.name}')`).expand('members').top(50));
  assert.ok(junos.some((c) => c.id === withJuno.id), 'the chat with Juno is missing');
  assert.ok(!junos.some((c) => c.id === oneOnOne.id), 'the chat without Juno was listed');
  for (const c of junos) {
    assert.ok(c.members.some((m) => m.displayName === jsc.name), `${c.id} has no member named ${jsc.name}`);
  }

  const both = await client.api('/me/chats').filter(`chatType eq 'group' and topic eq '${withJuno.topic}'`).get();
  assert.deepEqual(both.value.map((c) => c.id), [withJuno.id]);
});

test('$orderby=lastMessagePreview/createdDateTime desc lists the chat with the newest message first', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const topic = uniqueTopic('ordered'); // both chats share it, so one $filter lists exactly these two
  const first = await createGroupChat(client, jsa, [jsb], topic);
  const second = await createGroupChat(client, jsa, [jsc], topic);
  const list = () => client.api('/me/chats').filter(`topic eq '${topic}'`)
    .orderby('lastMessagePreview/createdDateTime desc').expand('lastMessagePreview').get();

  await sendText(client, first, 'older');
  const newer = await sendText(client, second, 'newer');
  let { value } = await list();
  assert.deepEqual(value.map((c) => c.id), [second.id, first.id]);
  assert.equal(value[0].lastMessagePreview.id, newer.id);

  const newest = await sendText(client, first, 'newest');
  ({ value } = await list());
  assert.deepEqual(value.map((c) => c.id), [first.id, second.id]);
  assert.equal(value[0].lastMessagePreview.id, newest.id);
  assert.ok(new Date(value[0].lastMessagePreview.createdDateTime) >= new Date(value[1].lastMessagePreview.createdDateTime));
});

test('PATCH /chats/{id} renames a group chat: 200 with the new topic, and a chatRenamed system event in the messages', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await createGroupChat(client, jsa, [jsb]);
  const topic = uniqueTopic('Renamed');

  const renamed = await client.api(chatPath(chat)).patch({ topic });
  assert.equal(renamed.id, chat.id);
  assert.equal(renamed.topic, topic);
  assert.ok(new Date(renamed.lastUpdatedDateTime) >= new Date(chat.lastUpdatedDateTime), 'lastUpdatedDateTime went back');
  assertSameInstant(renamed.createdDateTime, chat.createdDateTime);
  assert.equal((await client.api(chatPath(chat)).get()).topic, topic);

  // Without Prefer: include-unknown-enum-members a system event is an unknownFutureValue (spec §2.2).
  const plain = await client.api(chatPath(chat, '/messages')).get();
  assert.equal(plain.value.length, 1, JSON.stringify(plain.value));
  const [event] = plain.value;
  assert.equal(event.messageType, 'unknownFutureValue');
  assert.equal(event.from, null);
  assert.equal(event.body.content, '<systemEventMessage/>');
  assert.equal(event.eventDetail['@odata.type'], '#microsoft.graph.chatRenamedEventMessageDetail');
  assert.equal(event.eventDetail.chatDisplayName, topic);
  assert.equal(event.eventDetail.chatId, chat.id);
  assert.equal(event.eventDetail.initiator.user.id, jsa.id);

  const preferred = await client.api(chatPath(chat, '/messages')).header('Prefer', PREFER_SYSTEM_EVENTS).get();
  assert.equal(preferred.value[0].id, event.id);
  assert.equal(preferred.value[0].messageType, 'systemEventMessage');
  const single = await client.api(chatPath(chat, `/messages/${event.id}`)).header('Prefer', PREFER_SYSTEM_EVENTS).get();
  assert.equal(single.messageType, 'systemEventMessage');
});

test('hideForUser hides a chat for the caller only, unhideForUser brings it back', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const me = { id: jsa.id, tenantId: FABRIKAM_TENANT_ID };

  assert.equal(await a.api(chatPath(chat, '/hideForUser')).post({ user: me }), undefined); // 204
  assert.equal((await listedByTopic(a, chat.topic)).viewpoint.isHidden, true);
  assert.equal((await listedByTopic(b, chat.topic)).viewpoint.isHidden, false, 'hidden for the other member too');

  // Kiota's shape: @odata.type inside user, after the other properties (spec §3.5).
  await a.api(chatPath(chat, '/unhideForUser')).post({ user: { ...me, '@odata.type': '#microsoft.graph.teamworkUserIdentity' } });
  assert.equal((await listedByTopic(a, chat.topic)).viewpoint.isHidden, false);
});

test('a new message brings a hidden chat back for the member who hid it', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  await a.api(chatPath(chat, '/hideForUser')).post({ user: { id: jsa.id, tenantId: FABRIKAM_TENANT_ID } });
  assert.equal((await listedByTopic(a, chat.topic)).viewpoint.isHidden, true);

  await sendText(b, chat, 'anyone here?');
  assert.equal((await listedByTopic(a, chat.topic)).viewpoint.isHidden, false);
});

test('markChatReadForUser sets viewpoint.lastMessageReadDateTime; markChatUnreadForUser moves it back', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const sent = await sendText(b, chat, 'read me');
  const user = { id: jsa.id, tenantId: FABRIKAM_TENANT_ID };
  assert.equal((await listedByTopic(a, chat.topic)).viewpoint.lastMessageReadDateTime, null);

  assert.equal(await a.api(chatPath(chat, '/markChatReadForUser')).post({ user }), undefined); // 204
  const read = (await listedByTopic(a, chat.topic)).viewpoint.lastMessageReadDateTime;
  assert.match(read ?? '', INSTANT);
  assert.ok(new Date(read) >= new Date(sent.createdDateTime), `read at ${read}, before the message of ${sent.createdDateTime}`);
  assert.equal((await listedByTopic(b, chat.topic)).viewpoint.lastMessageReadDateTime, null, 'marked read for the other member too');

  const earlier = new Date(new Date(sent.createdDateTime).getTime() - 60_000).toISOString();
  await a.api(chatPath(chat, '/markChatUnreadForUser')).post({ user, lastMessageReadDateTime: earlier });
  assertSameInstant((await listedByTopic(a, chat.topic)).viewpoint.lastMessageReadDateTime, earlier);

  // Without a time the chat becomes unread from its last message on.
  await a.api(chatPath(chat, '/markChatReadForUser')).post({ user });
  await a.api(chatPath(chat, '/markChatUnreadForUser')).post({ user });
  const unread = (await listedByTopic(a, chat.topic)).viewpoint.lastMessageReadDateTime;
  assert.ok(unread === null || new Date(unread) < new Date(sent.createdDateTime), `still read at ${unread}`);
});
