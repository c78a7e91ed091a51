// Paging (graph-chat.md §1 "Paging", §3.3, §3.8) with the client's own PageIterator, which replays
// @odata.nextLink verbatim: 60 messages in a fresh group chat, and list chats with $expand=members.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PageIterator } from '@microsoft/microsoft-graph-client';

import {
  SWITCHBOARD_URL, USERS, TEST_TIMEOUT,
  graphClient, createGroupChat, chatPath, uniqueTopic,
} from './support.mjs';

const { jsa, jsb, jsc } = USERS;
const MESSAGE_COUNT = 60;

let chat;
/** Ids in the order they were sent (oldest first). */
let sentIds;

before(async () => {
  const a = await graphClient(jsa);
  const b = await graphClient(jsb);
  chat = await createGroupChat(a, jsa, [jsb], uniqueTopic('sixty messages'));
  sentIds = [];
  for (let i = 1; i <= MESSAGE_COUNT; i++) {
    const sender = i % 2 ? a : b;
    const message = await sender.api(chatPath(chat, '/messages')).post({ body: { content: `message ${i}` } });
    sentIds.push(message.id);
  }
  assert.equal(new Set(sentIds).size, MESSAGE_COUNT, 'the server minted a message id twice');
}, { timeout: 120_000 });

function newestFirst() {
  return [...sentIds].reverse();
}

test('PageIterator walks 60 messages with $top=20: every id once, newest first', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsb);
  const firstPage = await client.api(chatPath(chat, '/messages')).top(20).get();
  assert.equal(firstPage.value.length, 20);
  const nextLink = new URL(firstPage['@odata.nextLink']);
  assert.equal(nextLink.origin, new URL(SWITCHBOARD_URL).origin, 'nextLink must use the scheme and host the client called (spec §7.3)');
  assert.equal(nextLink.searchParams.get('$top'), '20');
  assert.ok(nextLink.searchParams.get('$skiptoken'), `no $skiptoken in ${nextLink}`);

  const ids = [];
  const iterator = new PageIterator(client, firstPage, (message) => {
    ids.push(message.id);
    return true;
  });
  await iterator.iterate();
  assert.equal(iterator.isComplete(), true);
  assert.equal(ids.length, MESSAGE_COUNT);
  assert.equal(new Set(ids).size, MESSAGE_COUNT, 'a message came twice');
  assert.deepEqual(ids, newestFirst());
});

test('following nextLink by hand: pages of 20, 20 and 20 with $orderby kept, and no nextLink on the last page', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  let page = await client.api(chatPath(chat, '/messages')).top(20).orderby('createdDateTime desc').get();
  const sizes = [page.value.length];
  const ids = page.value.map((m) => m.id);
  while (page['@odata.nextLink']) {
    assert.equal(new URL(page['@odata.nextLink']).searchParams.get('$orderby'), 'createdDateTime desc');
    page = await client.api(page['@odata.nextLink']).get();
    sizes.push(page.value.length);
    ids.push(...page.value.map((m) => m.id));
  }
  assert.deepEqual(sizes, [20, 20, 20]);
  assert.deepEqual(ids, newestFirst());
});

test('$top=50 is the largest page: 60 messages come as 50 and 10', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const first = await client.api(chatPath(chat, '/messages')).top(50).get();
  assert.equal(first.value.length, 50);
  const second = await client.api(first['@odata.nextLink']).get();
  assert.equal(second.value.length, 10);
  assert.equal(second['@odata.nextLink'], undefined);
  assert.deepEqual([...first.value, ...second.value].map((m) => m.id), newestFirst());
});

test('PageIterator stops when the callback returns false and resumes where it stopped', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const ids = [];
  const firstPage = await client.api(chatPath(chat, '/messages')).top(20).get();
  const iterator = new PageIterator(client, firstPage, (message) => {
    ids.push(message.id);
    return ids.length !== 25; // stop in the middle of the second page
  });
  await iterator.iterate();
  assert.equal(ids.length, 25);
  assert.equal(iterator.isComplete(), false);
  await iterator.resume();
  assert.equal(iterator.isComplete(), true);
  assert.deepEqual(ids, newestFirst());
});

test('PageIterator over list chats with $top=2 keeps $filter and $expand=members on every page', { timeout: TEST_TIMEOUT }, async () => {
  const client = await graphClient(jsa);
  const topic = uniqueTopic('paged chats'); // three chats with one topic: the filter lists exactly them
  const created = [];
  for (let i = 0; i < 3; i++) created.push(await createGroupChat(client, jsa, [jsb, jsc], topic));

  const firstPage = await client.api('/me/chats').filter(`topic eq '${topic}'`).expand('members').top(2).get();
  assert.equal(firstPage.value.length, 2);
  const nextLink = new URL(firstPage['@odata.nextLink']);
  assert.equal(nextLink.searchParams.get('$expand'), 'members');
  assert.equal(nextLink.searchParams.get('$filter'), `topic eq '${topic}'`);

  const chats = [];
  await new PageIterator(client, firstPage, (c) => {
    chats.push(c);
    return true;
  }).iterate();
  assert.deepEqual(chats.map((c) => c.id).sort(), created.map((c) => c.id).sort());
  // Newest chat first: none of them has a message, so creation decides.
  assert.deepEqual(chats.map((c) => c.id), created.map((c) => c.id).reverse());
  for (const c of chats) {
    assert.deepEqual(c.members.map((m) => m.userId).sort(), [jsa.id, jsb.id, jsc.id].sort(), `members of ${c.id}`);
  }
});
