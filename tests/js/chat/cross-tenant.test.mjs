// Chats across organisations (Teams external access) through @microsoft/microsoft-graph-client:
// fabrikam's Jasmine and contoso's Carlos chat, each member keeping their own tenant; adatum has
// external chat turned off, so Ada cannot chat with fabrikam at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  USERS, FABRIKAM_TENANT_ID, CONTOSO_TENANT_ID, TEST_TIMEOUT,
  graphClient, memberBinding, createGroupChat, chatPath, sendText, graphError,
} from './support.mjs';

const { jsa, jsb, carlos, ada } = USERS;

const externalOff = graphError({
  statusCode: 403,
  code: 'Forbidden',
  message: "Chat with users outside the organization is turned off for tenant 'adatum.test'.",
});

test('Jasmine (fabrikam) and Carlos (contoso) share one oneOnOne chat whose members keep their own tenantIds', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const c = await graphClient(carlos);
  const chat = await a.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(carlos)] });
  assert.equal(chat.chatType, 'oneOnOne');
  assert.equal(chat.tenantId, FABRIKAM_TENANT_ID, 'the chat belongs to the tenant it was created in');

  // Carlos creating it from his side gets the same chat.
  const fromContoso = await c.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(carlos, { byUpn: true }), memberBinding(jsa, { byUpn: true })] });
  assert.equal(fromContoso.id, chat.id);
  assert.equal((await c.api(chatPath(chat)).get()).id, chat.id);

  for (const client of [a, c]) {
    const { value } = await client.api(chatPath(chat, '/members')).get();
    const tenants = Object.fromEntries(value.map((m) => [m.userId, m.tenantId]));
    assert.deepEqual(tenants, { [jsa.id]: FABRIKAM_TENANT_ID, [carlos.id]: CONTOSO_TENANT_ID });
    assert.equal(value.find((m) => m.userId === carlos.id).displayName, carlos.name);
  }
});

test('messages cross the tenant boundary with the sender\'s tenant in from.user.tenantId', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const c = await graphClient(carlos);
  const chat = await a.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(carlos)] });

  const hello = await sendText(a, chat, 'Hello from Fabrikam');
  const seenByCarlos = await c.api(chatPath(chat, `/messages/${hello.id}`)).get();
  assert.equal(seenByCarlos.body.content, 'Hello from Fabrikam');
  assert.equal(seenByCarlos.from.user.id, jsa.id);
  assert.equal(seenByCarlos.from.user.tenantId, FABRIKAM_TENANT_ID);

  const reply = await sendText(c, chat, 'Hello from Contoso');
  const seenByJasmine = await a.api(chatPath(chat, `/messages/${reply.id}`)).get();
  assert.equal(seenByJasmine.from.user.id, carlos.id);
  assert.equal(seenByJasmine.from.user.displayName, carlos.name);
  assert.equal(seenByJasmine.from.user.tenantId, CONTOSO_TENANT_ID);
  await c.api(chatPath(chat, `/messages/${hello.id}/setReaction`)).post({ reactionType: '❤️' });
  const reacted = await a.api(chatPath(chat, `/messages/${hello.id}`)).get();
  assert.deepEqual(reacted.reactions.map((r) => [r.reactionType, r.user.user.id, r.user.user.tenantId]), [['❤️', carlos.id, CONTOSO_TENANT_ID]]);
});

test('a group chat can include a member from another organisation, who then lists it', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb, carlos]);
  const { value } = await (await graphClient(carlos)).api('/me/chats').filter(`topic eq '${chat.topic}'`).expand('members').get();
  assert.deepEqual(value.map((x) => x.id), [chat.id]);
  assert.deepEqual(value[0].members.map((m) => m.tenantId).sort(), [FABRIKAM_TENANT_ID, FABRIKAM_TENANT_ID, CONTOSO_TENANT_ID].sort());
});

test('Ada (adatum, external chat off) and a fabrikam user cannot start a chat: 403 from either side', { timeout: TEST_TIMEOUT }, async () => {
  const fromAdatum = await graphClient(ada);
  await assert.rejects(fromAdatum.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(ada), memberBinding(jsa)] }), externalOff);
  const fromFabrikam = await graphClient(jsa);
  await assert.rejects(fromFabrikam.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(jsa), memberBinding(ada)] }), externalOff);
  await assert.rejects(fromFabrikam.api('/chats').post({ chatType: 'group', topic: 'with adatum', members: [memberBinding(jsa), memberBinding(jsb), memberBinding(ada)] }), externalOff);
});

test('Ada cannot be added to a fabrikam group chat either', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  await assert.rejects(a.api(chatPath(chat, '/members')).post(memberBinding(ada)), externalOff);
  const { value } = await a.api(chatPath(chat, '/members')).get();
  assert.deepEqual(value.map((m) => m.userId).sort(), [jsa.id, jsb.id].sort());
});
