// The live channel: Switchboard's SignalR hub at /chat/live, driven by Microsoft's @microsoft/signalr
// client with the Graph token as accessTokenFactory. Each event is { chatId, id, at, data } with data the
// Graph-shaped resource; only members of a chat get its events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';

import {
  SWITCHBOARD_URL, USERS, TEST_TIMEOUT, INSTANT,
  graphClient, graphToken, createGroupChat, oneOnOneChat, chatPath, sendText, uniqueTopic, waitFor,
} from './support.mjs';

const { jsa, jsb, jsc } = USERS;

const METHODS = ['messageCreated', 'messageUpdated', 'messageDeleted', 'reactionChanged', 'membersAdded', 'membersRemoved', 'chatCreated', 'chatUpdated'];
/** How long an event may take to arrive. */
const DELIVERY_MS = 5_000;
/** How long a non-member listens to be sure nothing comes. */
const SILENCE_MS = 1_500;

/** A started hub connection for the user that records every event it receives. */
async function connectLive(user) {
  const token = await graphToken(user);
  const connection = new HubConnectionBuilder()
    .withUrl(`${SWITCHBOARD_URL}/chat/live`, { accessTokenFactory: () => token })
    .configureLogging(process.env.SIGNALR_LOG ? LogLevel.Debug : LogLevel.Warning)
    .build();
  const events = [];
  for (const method of METHODS) {
    // Handlers must return undefined: a returned value is taken as a result for the server.
    connection.on(method, (event) => { events.push({ method, ...event }); });
  }
  await connection.start();
  assert.equal(connection.state, HubConnectionState.Connected);
  return {
    events,
    /** Events of one chat, optionally of one method. */
    of(chatId, method) {
      return events.filter((e) => e.chatId === chatId && (!method || e.method === method));
    },
    async next(description, predicate) {
      const arrived = await waitFor(() => events.some(predicate), DELIVERY_MS);
      assert.ok(arrived, `${user.upn} got no ${description} within ${DELIVERY_MS} ms; got ${JSON.stringify(events.map((e) => [e.method, e.chatId, e.id]))}`);
      return events.find(predicate);
    },
    stop: () => connection.stop(),
  };
}

test('Jonah, connected, receives messageCreated for a message Jasmine sends in their chat; Juno, connected too, receives nothing for it', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await oneOnOneChat(a, jsa, jsb);
  const [jonah, juno] = await Promise.all([connectLive(jsb), connectLive(jsc)]);
  try {
    const sent = await sendText(a, chat, `live ${uniqueTopic('hello')}`);

    const event = await jonah.next(`messageCreated for ${sent.id}`, (e) => e.method === 'messageCreated' && e.id === sent.id);
    assert.equal(event.chatId, chat.id);
    assert.match(event.at, INSTANT);
    assert.equal(event.data['@odata.type'], '#microsoft.graph.chatMessage');
    assert.equal(event.data.id, sent.id);
    assert.equal(event.data.chatId, chat.id);
    assert.equal(event.data.messageType, 'message');
    assert.deepEqual(event.data.body, sent.body);
    assert.deepEqual(event.data.from, sent.from);
    assert.equal(jonah.of(chat.id, 'messageCreated').filter((e) => e.id === sent.id).length, 1, 'delivered twice');

    await sleep(SILENCE_MS);
    assert.deepEqual(juno.of(chat.id), [], 'a non-member received events of the chat');

    // Juno's connection works: a message in Juno's own chat reaches it.
    const own = await oneOnOneChat(a, jsa, jsc);
    const toJuno = await sendText(a, own, 'for Juno');
    await juno.next(`messageCreated for ${toJuno.id}`, (e) => e.method === 'messageCreated' && e.id === toJuno.id);
    assert.deepEqual(juno.of(chat.id), []);
  } finally {
    await Promise.all([jonah.stop(), juno.stop()]);
  }
});

test('an edit, a reaction and a soft delete reach the other member as messageUpdated, reactionChanged and messageDeleted', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const chat = await createGroupChat(a, jsa, [jsb]);
  const jonah = await connectLive(jsb);
  try {
    const sent = await sendText(a, chat, 'draft');
    await a.api(chatPath(chat, `/messages/${sent.id}`)).patch({ body: { content: 'final' } });
    await a.api(chatPath(chat, `/messages/${sent.id}/setReaction`)).post({ reactionType: '👍' });
    await a.api(chatPath(chat, `/messages/${sent.id}/softDelete`)).post({});

    const deleted = await jonah.next('messageDeleted', (e) => e.method === 'messageDeleted' && e.chatId === chat.id);
    const events = jonah.of(chat.id);
    assert.deepEqual(events.map((e) => e.method), ['messageCreated', 'messageUpdated', 'reactionChanged', 'messageDeleted']);
    assert.ok(events.every((e) => e.id === sent.id && e.data.id === sent.id));
    const [, updated, reaction] = events;
    assert.equal(updated.data.body.content, 'final');
    assert.match(updated.data.lastEditedDateTime ?? '', INSTANT);
    assert.deepEqual(reaction.data.reactions.map((r) => [r.reactionType, r.user.user.id]), [['👍', jsa.id]]);
    assert.match(deleted.data.deletedDateTime ?? '', INSTANT);
  } finally {
    await jonah.stop();
  }
});

test('membership changes are pushed: chatCreated, membersAdded (the newcomer included), chatUpdated, membersRemoved', { timeout: TEST_TIMEOUT }, async () => {
  const a = await graphClient(jsa);
  const [jonah, juno] = await Promise.all([connectLive(jsb), connectLive(jsc)]);
  try {
    const chat = await createGroupChat(a, jsa, [jsb]);
    const created = await jonah.next('chatCreated', (e) => e.method === 'chatCreated' && e.chatId === chat.id);
    assert.equal(created.data.id, chat.id);
    assert.equal(created.data.topic, chat.topic);
    assert.deepEqual(created.data.members.map((m) => m.userId).sort(), [jsa.id, jsb.id].sort());

    const member = await a.api(chatPath(chat, '/members')).post({
      '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${jsc.id}')`,
    });
    for (const listener of [jonah, juno]) {
      const added = await listener.next('membersAdded', (e) => e.method === 'membersAdded' && e.chatId === chat.id);
      assert.equal(added.id, member.id);
      assert.deepEqual(added.data.map((m) => m.userId), [jsc.id]);
    }

    const topic = uniqueTopic('live rename');
    await a.api(chatPath(chat)).patch({ topic });
    for (const listener of [jonah, juno]) {
      const updated = await listener.next('chatUpdated', (e) => e.method === 'chatUpdated' && e.chatId === chat.id && e.data.topic === topic);
      assert.equal(updated.data.id, chat.id);
    }

    await a.api(chatPath(chat, `/members/${member.id}`)).delete();
    for (const listener of [jonah, juno]) {
      const removed = await listener.next('membersRemoved', (e) => e.method === 'membersRemoved' && e.chatId === chat.id);
      assert.deepEqual(removed.data.map((m) => m.userId), [jsc.id]);
    }

    // Juno is out: the next message reaches Jonah only.
    const after = await sendText(a, chat, 'Juno has left');
    await jonah.next('messageCreated after the removal', (e) => e.method === 'messageCreated' && e.id === after.id);
    await sleep(SILENCE_MS);
    assert.ok(!juno.of(chat.id, 'messageCreated').some((e) => e.id === after.id), 'a removed member still receives messages');
  } finally {
    await Promise.all([jonah.stop(), juno.stop()]);
  }
});

test('a connection without a token is refused at negotiation with 401', { timeout: TEST_TIMEOUT }, async () => {
  const connection = new HubConnectionBuilder().withUrl(`${SWITCHBOARD_URL}/chat/live`).configureLogging(LogLevel.None).build();
  await assert.rejects(connection.start(), /Status code '401'/);
  assert.equal(connection.state, HubConnectionState.Disconnected);

  const garbled = new HubConnectionBuilder().withUrl(`${SWITCHBOARD_URL}/chat/live`, { accessTokenFactory: () => 'not.a.token' })
    .configureLogging(LogLevel.None).build();
  await assert.rejects(garbled.start(), /Status code '401'/);
});
