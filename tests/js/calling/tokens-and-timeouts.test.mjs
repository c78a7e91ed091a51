// Calls nobody answers end with 487/10004 after the configured ring time, and agents whose token is
// revoked or expires are disconnected with reason 'invalidToken'.

import test from 'node:test';
import assert from 'node:assert/strict';
import { CommunicationIdentityClient } from '@azure/communication-identity';

import { ACS_RESOURCES, connectionString, shortServerUrl } from '../support/communication.mjs';
import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor } from './support.mjs';

test('an unanswered call ends with 487/10004 after the ring time, on both sides', { timeout: 120_000 }, async (t) => {
  // The short server rings for 5 seconds (test.sh: --Calling:RingTimeout=00:00:05).
  const baseUrl = shortServerUrl();
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad, baseUrl), { baseUrl });
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree, baseUrl), { baseUrl });
  await brad.page.evaluate((id) => window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id })), CALLERS.bree.id);
  await waitFor(bree.page, () => window.sb.incoming.length === 1);
  await waitFor(brad.page, () => window.sb.calls[0].state === 'Disconnected', undefined, 15_000);
  assert.deepEqual(await brad.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 487, subCode: 10004 });
  await waitFor(bree.page, () => window.sb.ended.length === 1);
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.ended[0].callEndReason })), { code: 487, subCode: 10004 });
});

test('a Teams user\'s agent is disconnected with invalidToken when the token expires', { timeout: 120_000 }, async (t) => {
  // On the short server Entra tokens live 20 s, and the exchanged ACS token expires with them.
  const baseUrl = shortServerUrl();
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad, baseUrl), { baseUrl });
  assert.equal(await brad.page.evaluate(() => window.sb.agent.connectionState), 'Connected');
  await waitFor(brad.page, () => window.sb.events.some((e) => e.type === 'connectionStateChanged' && e.reason === 'invalidToken'), undefined, 60_000);
  assert.equal(await brad.page.evaluate(() => window.sb.agent.connectionState), 'Disconnected');
});

test('an agent whose credential refreshes hands the server fresh tokens and stays connected', { timeout: 120_000 }, async (t) => {
  // 20-second tokens on the short server: without the hand-over the agent would be gone after ~21 s.
  const baseUrl = shortServerUrl();
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const refresh = () => teamsAcsToken(CALLERS.bree, baseUrl);
  const bree = await agentPage(browser, await refresh(), { baseUrl, refresh });
  await new Promise((r) => setTimeout(r, 35_000));
  assert.equal(await bree.page.evaluate(() => window.sb.agent.connectionState), 'Connected');
  assert.deepEqual(await bree.page.evaluate(() => window.sb.events.filter((e) => e.type === 'connectionStateChanged')), []);

  // And it still takes calls.
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad, baseUrl), { baseUrl });
  await brad.page.evaluate((id) => window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id })), CALLERS.bree.id);
  await waitFor(bree.page, () => window.sb.incoming.length === 1);
});

test('revoking an ACS user\'s tokens disconnects its agent with invalidToken and ends its call', { timeout: 120_000 }, async (t) => {
  const identity = new CommunicationIdentityClient(connectionString(ACS_RESOURCES['contoso-acs'].accessKey));
  const alice = await identity.createUserAndToken(['voip']);
  const bob = await identity.createUserAndToken(['voip']);
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const alicePage = await agentPage(browser, { token: alice.token, expiresOnTimestamp: alice.expiresOn.getTime() }, { kind: 'acs', displayName: 'Alice' });
  const bobPage = await agentPage(browser, { token: bob.token, expiresOnTimestamp: bob.expiresOn.getTime() }, { kind: 'acs', displayName: 'Bob' });

  await alicePage.page.evaluate((id) => window.sb.track(window.sb.agent.startCall({ communicationUserId: id })), bob.user.communicationUserId);
  await waitFor(bobPage.page, () => window.sb.incoming.length === 1);
  assert.equal(await bobPage.page.evaluate(() => window.sb.incoming[0].callerInfo.displayName), 'Alice');
  await bobPage.page.evaluate(async () => window.sb.track(await window.sb.incoming[0].accept()));
  await waitFor(alicePage.page, () => window.sb.calls[0].state === 'Connected');

  await identity.revokeTokens(alice.user);
  await waitFor(alicePage.page, () => window.sb.events.some((e) => e.type === 'connectionStateChanged' && e.reason === 'invalidToken'));
  assert.deepEqual(await alicePage.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 495, subCode: 4507 });
  await waitFor(bobPage.page, () => window.sb.calls[0].state === 'Disconnected');
});
