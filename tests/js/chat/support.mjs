// Shared helpers for the chat suite: Graph tokens by ROPC, Microsoft's unchanged
// @microsoft/microsoft-graph-client 3.0.7 pointed at Switchboard (graph-chat.md §7.3), the member
// bindings POST /chats and POST /chats/{id}/members expect, and an assert.rejects predicate for GraphError.
//
// The client calls the global fetch (node 20 has it); it only checks that fetch exists, so no polyfill.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';

import { SWITCHBOARD_URL, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from '../support/env.mjs';

export { SWITCHBOARD_URL, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID };

/** "Contoso Chat": multi-tenant public client, admin-consented for the chat scopes in fabrikam, contoso and adatum. */
export const CHAT_APP_ID = 'c0de0006-0000-4000-8000-000000000006';
/** "Fabrikam Internal": limited@fabrikam.test consented to User.Read only. */
export const FABRIKAM_INTERNAL_APP_ID = 'fab00001-0000-4000-8000-000000000001';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default openid profile offline_access';

/** Every scope Contoso Chat's tokens carry (tests/seed/test-seed.json grants). */
export const CHAT_SCOPES = ['User.Read', 'User.ReadBasic.All', 'Chat.Create', 'Chat.ReadBasic', 'Chat.Read', 'Chat.ReadWrite',
  'ChatMessage.Send', 'ChatMember.Read', 'ChatMember.ReadWrite'];

export const ADATUM_TENANT_ID = '88888888-8888-4888-8888-888888888888';

/** Users reserved for this suite in tests/seed/test-seed.json (carlos and ada are shared: only create/read chats with them). */
export const USERS = {
  jsa: { upn: 'jsa@fabrikam.test', password: 'Fabrikam!Jsa1', id: '22222222-0000-4000-8000-000000000041', name: 'Jasmine Script', tenantId: FABRIKAM_TENANT_ID },
  jsb: { upn: 'jsb@fabrikam.test', password: 'Fabrikam!Jsb1', id: '22222222-0000-4000-8000-000000000042', name: 'Jonah Script', tenantId: FABRIKAM_TENANT_ID },
  jsc: { upn: 'jsc@fabrikam.test', password: 'Fabrikam!Jsc1', id: '22222222-0000-4000-8000-000000000043', name: 'Juno Script', tenantId: FABRIKAM_TENANT_ID },
  carlos: { upn: 'carlos@contoso.test', password: 'Contoso!Carlos1', id: '11111111-0000-4000-8000-000000000031', name: 'Carlos Slattery', tenantId: CONTOSO_TENANT_ID },
  ada: { upn: 'ada@adatum.test', password: 'Adatum!Ada1', id: '88888888-0000-4000-8000-000000000001', name: 'Ada Adatum', tenantId: ADATUM_TENANT_ID },
  limited: { upn: 'limited@fabrikam.test', password: 'Fabrikam!Limited1', id: '22222222-0000-4000-8000-000000000038', name: 'Lina Limited', tenantId: FABRIKAM_TENANT_ID, clientId: FABRIKAM_INTERNAL_APP_ID,
    // Fabrikam Internal is single-tenant: /organizations refuses it (AADSTS50194), its tenant's endpoint signs in.
    authority: FABRIKAM_TENANT_ID },
};

/** Per-test timeout for tests that talk to the server a handful of times. */
export const TEST_TIMEOUT = 60_000;

const tokens = new Map();

/**
 * A Graph access token for the user by the password grant (ROPC) on /organizations (or the user's
 * `authority`), with plain fetch.
 * Cached per user and client for the life of the test file (tokens live over an hour).
 */
export function graphToken(user, clientId = user.clientId ?? CHAT_APP_ID) {
  const key = `${user.upn}|${clientId}`;
  if (!tokens.has(key)) {
    const pending = requestToken(user, clientId);
    pending.catch(() => tokens.delete(key));
    tokens.set(key, pending);
  }
  return tokens.get(key);
}

async function requestToken(user, clientId) {
  const response = await fetch(`${SWITCHBOARD_URL}/${user.authority ?? 'organizations'}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username: user.upn, password: user.password, scope: GRAPH_SCOPE }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`ROPC for ${user.upn} answered HTTP ${response.status}: ${text}`);
  const { access_token: accessToken } = JSON.parse(text);
  assert.equal(typeof accessToken, 'string', `no access_token for ${user.upn}: ${text}`);
  return accessToken;
}

/** The configuration spec §7.3 documents: baseUrl without version, Switchboard's host in customHosts. */
export function graphClientWithToken(getAccessToken) {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken },
    baseUrl: SWITCHBOARD_URL,
    customHosts: new Set([new URL(SWITCHBOARD_URL).hostname]),
  });
}

/** A Graph client signed in as the user. */
export async function graphClient(user) {
  const token = await graphToken(user);
  return graphClientWithToken(async () => token);
}

/** A member binding for POST /chats and POST /chats/{id}/members (spec §2.3), by id or by UPN. */
export function memberBinding(user, { byUpn = false, roles = ['owner'], ...extra } = {}) {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    roles,
    'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${byUpn ? user.upn : user.id}')`,
    ...extra,
  };
}

/** A topic no earlier run used, so lists can be filtered to what this test made. */
export function uniqueTopic(label) {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

/** A new group chat created by `creator` with `others`. */
export async function createGroupChat(client, creator, others, topic = uniqueTopic('group')) {
  const chat = await client.api('/chats').post({
    chatType: 'group',
    topic,
    members: [creator, ...others].map((u) => memberBinding(u)),
  });
  assert.equal(chat?.chatType, 'group', `POST /chats answered ${JSON.stringify(chat)}`);
  assert.equal(chat.topic, topic);
  return chat;
}

/** The one-on-one chat of two users (created on first use, the same chat afterwards). */
export async function oneOnOneChat(client, a, b) {
  const chat = await client.api('/chats').post({ chatType: 'oneOnOne', members: [memberBinding(a), memberBinding(b)] });
  assert.equal(chat?.chatType, 'oneOnOne', `POST /chats answered ${JSON.stringify(chat)}`);
  return chat;
}

/** The path segment of a chat, raw as the JS client sends it (spec §1, "Path ids"). */
export function chatPath(chatOrId, rest = '') {
  const id = typeof chatOrId === 'string' ? chatOrId : chatOrId.id;
  return `/chats/${id}${rest}`;
}

export async function sendText(client, chat, content) {
  const message = await client.api(chatPath(chat, '/messages')).post({ body: { content } });
  assert.equal(message?.body?.content, content, `POST messages answered ${JSON.stringify(message)}`);
  return message;
}

/** All pages of a collection through @odata.nextLink (plain client.api calls). */
export async function allPages(client, request) {
  const items = [];
  let page = await request.get();
  items.push(...page.value);
  while (page['@odata.nextLink']) {
    page = await client.api(page['@odata.nextLink']).get();
    items.push(...page.value);
  }
  return items;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const GUID_PATTERN = GUID;

/**
 * assert.rejects predicate: a GraphError with this status and code, and a message equal to a string or
 * matching a RegExp; its request id comes from innerError (spec §5).
 */
export function graphError({ statusCode, code, message }) {
  return (err) => {
    const seen = `${err?.name} ${err?.statusCode} ${err?.code}: ${err?.message}\n${err?.body ?? ''}`;
    assert.ok(err instanceof GraphError, `expected a GraphError, got ${seen}`);
    assert.equal(err.statusCode, statusCode, seen);
    assert.equal(err.code, code, seen);
    if (message instanceof RegExp) assert.match(err.message, message, seen);
    else if (message !== undefined) assert.equal(err.message, message, seen);
    assert.match(err.requestId ?? '', GUID, `no request-id in innerError: ${seen}`);
    return true;
  };
}

/** Resolves after `ms` unless `predicate` becomes true earlier; returns whether it did. */
export async function waitFor(predicate, ms, step = 25) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, step));
  }
  return predicate();
}

/** Graph's timestamps: ISO 8601 in UTC with a Z. */
export const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/;

/** Two timestamps name the same millisecond (JS Date precision). */
export function assertSameInstant(actual, expected, message) {
  assert.match(actual ?? '', INSTANT, message);
  assert.equal(new Date(actual).getTime(), new Date(expected).getTime(), message ?? `${actual} is not ${expected}`);
}

export const PREFER_SYSTEM_EVENTS = 'include-unknown-enum-members';
