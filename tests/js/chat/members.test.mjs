// Chat members (graph-chat.md §3.6) through @microsoft/microsoft-graph-client: list and get, add with
// and without shared history, remove, and the bulk members/add action; the membersAdded and
// membersDeleted system events they leave in the chat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseType } from '@microsoft/microsoft-graph-client';

import {
  SWITCHBOARD_URL, USERS, FABRIKAM_TENANT_ID, TEST_TIMEOUT, INSTANT, PREFER_SYSTEM_EVENTS,
  graphClient, memberBinding, createGroupChat, chatPath, sendText, graphError,
} from './support.mjs';

const { jsa, jsb, jsc } = USERS;

const FULL_HISTORY = '0001-01-01T00:00:00Z';

function assertMemberOf(member, user) {
  assert.equal(member['@odata.type'], '#microsoft.graph.aadUserConversationMember');
  assert.equal(typeof member.id, 'string');
  assert.ok(member.id.length > 0);
  assert.doesNotMatch(member.id, /[/+]/, 'membership ids must survive a path segment (spec §1)');
  assert.equal(member.userId, user.id);
  assert.equal(member.displayName, user.name);
  assert.equal(member.email, user.upn);
  assert.equal(member.tenantId, user.tenantId);
  assert.deepEqual(member.roles, ['owner']);
  assert.match(member.visibleHistoryStartDateTime, INSTANT);
}

test('GET /chats/{id}/members lists every member; GET …/members/{membershipId} returns one of them', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await createGroupChat(client, jsa, [jsb, jsc]);

  const { value } = await client.api(chatPath(chat, '/members')).get();
  assert.equal(value.length, 3);
  for (const user of [jsa, jsb, jsc]) {
    const member = value.find((m) => m.userId === user.id);
    assert.ok(member, `${user.upn} is missing from ${JSON.stringify(value)}`);
    assertMemberOf(member, user);
    // Members of a new chat see its whole history.
    assert.equal(member.visibleHistoryStartDateTime, FULL_HISTORY);
  }
  assert.equal(new Set(value.map((m) => m.id)).size, 3, 'membership ids repeat');

  const jonah = value.find((m) => m.userId === jsb.id);
  const one = await client.api(chatPath(chat, `/members/${jonah.id}`)).get();
  assert.deepEqual(Object.fromEntries(Object.entries(one).filter(([k]) => !k.startsWith('@odata.context'))), jonah);
  // Another member reads the same roster.
  const seenByJuno = await (await graphClient(jsc)).api(chatPath(chat, '/members')).get();
  assert.deepEqual(seenByJuno.value.map((m) => m.id).sort(), value.map((m) => m.id).sort());
});

test('POST /chats/{id}/members adds a user (201 + member); without visibleHistoryStartDateTime earlier messages stay hidden from them', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const c = await graphClient(jsc);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const before = await sendText(a, chat, 'before Juno joined');
  await assert.rejects(c.api(chatPath(chat)).get(), graphError({ statusCode: 403, code: 'Forbidden', message: 'Forbidden' }));

  const response = await a.api(chatPath(chat, '/members')).responseType(ResponseType.RAW).post(memberBinding(jsc));
  assert.equal(response.status, 201);
  const added = await response.json();
  assertMemberOf(added, jsc);
  assert.equal(response.headers.get('location'), `${SWITCHBOARD_URL}/v1.0/chats/${encodeURIComponent(chat.id)}/members/${added.id}`);
  assert.ok(new Date(added.visibleHistoryStartDateTime) >= new Date(before.createdDateTime),
    `history visible from ${added.visibleHistoryStartDateTime}, before the earlier message`);

  const roster = await a.api(chatPath(chat, '/members')).get();
  assert.deepEqual(roster.value.map((m) => m.userId).sort(), [jsa.id, jsb.id, jsc.id].sort());
  assert.ok(roster.value.some((m) => m.id === added.id));

  // Juno now reads the chat, but not what was said before.
  assert.equal((await c.api(chatPath(chat)).get()).id, chat.id);
  const seen = await c.api(chatPath(chat, '/messages')).get();
  assert.ok(!seen.value.some((m) => m.id === before.id), 'the earlier message is visible to the new member');
  await assert.rejects(c.api(chatPath(chat, `/messages/${before.id}`)).get(), graphError({ statusCode: 404, code: 'NotFound' }));
  const after = await sendText(a, chat, 'after Juno joined');
  assert.ok((await c.api(chatPath(chat, '/messages')).get()).value.some((m) => m.id === after.id));

  // The membersAdded system event names Juno and the initiator.
  const { value } = await a.api(chatPath(chat, '/messages')).header('Prefer', PREFER_SYSTEM_EVENTS).get();
  const event = value.find((m) => m.eventDetail?.['@odata.type'] === '#microsoft.graph.membersAddedEventMessageDetail');
  assert.ok(event, `no membersAdded event in ${JSON.stringify(value.map((m) => m.messageType))}`);
  assert.equal(event.messageType, 'systemEventMessage');
  assert.deepEqual(event.eventDetail.members.map((m) => m.id), [jsc.id]);
  assert.equal(event.eventDetail.initiator.user.id, jsa.id);
  assert.ok(seen.value.some((m) => m.id === event.id), 'the new member does not see the event of their own joining');
});

test('POST /chats/{id}/members with visibleHistoryStartDateTime 0001-01-01 shares the whole history', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const before = await sendText(a, chat, 'history for Juno');

  const added = await a.api(chatPath(chat, '/members')).post(memberBinding(jsc, { visibleHistoryStartDateTime: FULL_HISTORY }));
  assert.equal(added.visibleHistoryStartDateTime, FULL_HISTORY);

  const c = await graphClient(jsc);
  const read = await c.api(chatPath(chat, `/messages/${before.id}`)).get();
  assert.equal(read.body.content, 'history for Juno');
  assert.ok((await c.api(chatPath(chat, '/messages')).get()).value.some((m) => m.id === before.id));
});

test('DELETE /chats/{id}/members/{membershipId} removes a member (204): gone from the roster, the chat closed to them', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const c = await graphClient(jsc);
  const chat = await createGroupChat(a, jsa, [jsb, jsc]);
  const { value } = await a.api(chatPath(chat, '/members')).get();
  const juno = value.find((m) => m.userId === jsc.id);
  assert.equal((await c.api(chatPath(chat)).get()).id, chat.id);

  assert.equal(await a.api(chatPath(chat, `/members/${juno.id}`)).delete(), undefined); // 204

  const roster = await a.api(chatPath(chat, '/members')).get();
  assert.deepEqual(roster.value.map((m) => m.userId).sort(), [jsa.id, jsb.id].sort());
  await assert.rejects(a.api(chatPath(chat, `/members/${juno.id}`)).get(), graphError({ statusCode: 404, code: 'NotFound' }));
  await assert.rejects(c.api(chatPath(chat)).get(), graphError({ statusCode: 403, code: 'Forbidden', message: 'Forbidden' }));
  await assert.rejects(c.api(chatPath(chat, '/messages')).post({ body: { content: 'still here?' } }),
    graphError({ statusCode: 403, code: 'Forbidden' }));

  const events = await a.api(chatPath(chat, '/messages')).header('Prefer', PREFER_SYSTEM_EVENTS).get();
  const removed = events.value.find((m) => m.eventDetail?.['@odata.type'] === '#microsoft.graph.membersDeletedEventMessageDetail');
  assert.ok(removed, 'no membersDeleted event');
  assert.deepEqual(removed.eventDetail.members.map((m) => m.id), [jsc.id]);
  assert.equal(removed.eventDetail.initiator.user.id, jsa.id);
});

test('POST /chats/{id}/members/add adds several users in one call: 200 with a result per user', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);

  const result = await a.api(chatPath(chat, '/members/add')).post({
    values: [memberBinding(jsc), memberBinding(jsb)], // Jonah is a member already
  });
  assert.equal(result.value.length, 2, JSON.stringify(result));
  const [juno, jonah] = result.value;
  assert.equal(juno['@odata.type'], '#microsoft.graph.aadUserConversationMemberResult');
  assert.equal(juno.userId, jsc.id);
  assert.equal(juno.error, null);
  assert.equal(jonah.userId, jsb.id);
  assert.equal(jonah.error?.code, 'Conflict', JSON.stringify(jonah));

  const roster = await a.api(chatPath(chat, '/members')).get();
  assert.deepEqual(roster.value.map((m) => m.userId).sort(), [jsa.id, jsb.id, jsc.id].sort());
  for (const member of roster.value) assert.equal(member.tenantId, FABRIKAM_TENANT_ID);
});

test('a oneOnOne chat\'s roster is fixed: adding a member answers 400', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const chat = await client.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(jsc)] });
  await assert.rejects(client.api(chatPath(chat, '/members')).post(memberBinding(jsb)),
    graphError({ statusCode: 400, code: 'BadRequest' }));
  const roster = await client.api(chatPath(chat, '/members')).get();
  assert.deepEqual(roster.value.map((m) => m.userId).sort(), [jsa.id, jsc.id].sort());
});
