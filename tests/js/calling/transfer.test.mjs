// Transfer in headless Chromium, carried out by the server: blind (the target rings with transferorInfo,
// the transferee gets transferAccepted with its new, connected call) and consultative (the transferor's
// two peers get a call together). Media flows on the new leg; the old legs end 0/7015.

import test from 'node:test';
import assert from 'node:assert/strict';

import { CALLERS, teamsAcsToken, launchWithFakeMedia, agentPage, waitFor, waitForLinks } from './support.mjs';

/** `caller` calls `callee` with video; the callee answers with video; both reach Connected. Returns the call's index on each side. */
async function connect(caller, callee, calleeUser) {
  const callerIndex = await caller.page.evaluate(async (id) => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(window.sb.agent.startCall({ microsoftTeamsUserId: id }, { videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
    return window.sb.calls.length - 1;
  }, calleeUser.id);
  await waitFor(callee.page, () => window.sb.incoming.some((i) => !i.callEndReason && !i.sbAnswered));
  const calleeIndex = await callee.page.evaluate(async () => {
    const incoming = window.sb.incoming.filter((i) => !i.callEndReason && !i.sbAnswered).at(-1);
    incoming.sbAnswered = true;
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(await incoming.accept({ videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
    return window.sb.calls.length - 1;
  });
  await waitFor(caller.page, (i) => window.sb.calls[i].state === 'Connected', callerIndex);
  await waitFor(callee.page, (i) => window.sb.calls[i].state === 'Connected', calleeIndex);
  return { callerIndex, calleeIndex };
}

/** The transferee side: every transferAccepted's new call is tracked. */
function followTransfers(side, index) {
  return side.page.evaluate((i) => {
    window.sb.calls[i].feature(window.sb.sdk.Features.Transfer).on('transferAccepted', ({ targetCall }) => {
      window.sb.accepted = (window.sb.accepted ?? 0) + 1;
      window.sb.track(targetCall);
    });
  }, index);
}

test('blind transfer: the target rings with the transferor, the transferee gets its new call with media, the old leg ends 0/7015', { timeout: 180_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const cara = await agentPage(browser, await teamsAcsToken(CALLERS.cara));
  await connect(brad, bree, CALLERS.bree);
  await followTransfers(bree, 0);

  await brad.page.evaluate((id) => {
    const transfer = window.sb.calls[0].feature(window.sb.sdk.Features.Transfer).transfer({ targetParticipant: { microsoftTeamsUserId: id } });
    window.sb.transferStates = [transfer.state];
    transfer.on('stateChanged', () => window.sb.transferStates.push(transfer.state));
  }, CALLERS.cara.id);
  await waitFor(cara.page, () => window.sb.incoming.length === 1);
  const ring = await cara.page.evaluate(() => ({ transferor: window.sb.incoming[0].transferorInfo?.identifier?.microsoftTeamsUserId, caller: window.sb.incoming[0].callerInfo.identifier.microsoftTeamsUserId }));
  assert.deepEqual(ring, { transferor: CALLERS.brad.id, caller: CALLERS.bree.id });
  await cara.page.evaluate(async () => {
    const cams = await (await window.sb.client.getDeviceManager()).getCameras();
    window.sb.track(await window.sb.incoming[0].accept({ videoOptions: { localVideoStreams: [new window.sb.sdk.LocalVideoStream(cams[0])] } }));
  });

  await waitFor(bree.page, () => window.sb.accepted === 1 && window.sb.calls[1].state === 'Connected');
  await waitForLinks(bree.page, 1, 1);
  await waitForLinks(cara.page, 0, 1);
  assert.equal(await bree.page.evaluate(() => window.sb.calls[1].remoteParticipants[0].identifier.microsoftTeamsUserId), CALLERS.cara.id);
  assert.equal(await bree.page.evaluate(() => window.sb.calls[1].transferorInfo.identifier.microsoftTeamsUserId), CALLERS.brad.id);

  await waitFor(brad.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await brad.page.evaluate(() => window.sb.transferStates), ['None', 'Transferring', 'Transferred']);
  assert.deepEqual(await brad.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 7015 });
  await waitFor(bree.page, () => window.sb.calls[0].state === 'Disconnected');
  assert.deepEqual(await bree.page.evaluate(() => ({ ...window.sb.calls[0].callEndReason })), { code: 0, subCode: 7015 });
  await bree.page.evaluate(() => window.sb.calls[1].hangUp());
});

test('a blind transfer the target declines fails with 603 and the original call goes on', { timeout: 120_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const cara = await agentPage(browser, await teamsAcsToken(CALLERS.cara));
  await connect(brad, bree, CALLERS.bree);
  await brad.page.evaluate((id) => {
    window.sb.transfer = window.sb.calls[0].feature(window.sb.sdk.Features.Transfer).transfer({ targetParticipant: { microsoftTeamsUserId: id } });
  }, CALLERS.cara.id);
  await waitFor(cara.page, () => window.sb.incoming.length === 1);
  await cara.page.evaluate(() => window.sb.incoming[0].reject());
  await waitFor(brad.page, () => window.sb.transfer.state === 'Failed');
  assert.deepEqual(await brad.page.evaluate(() => ({ ...window.sb.transfer.error })), { code: 603, subCode: 0 });
  assert.equal(await brad.page.evaluate(() => window.sb.calls[0].state), 'Connected');
  await waitForLinks(bree.page, 0, 1);
  await brad.page.evaluate(() => window.sb.calls[0].hangUp());
});

test('consultative transfer: the transferor\'s two peers get a call together with media; both of its calls end 0/7015', { timeout: 180_000 }, async (t) => {
  const browser = await launchWithFakeMedia();
  t.after(() => browser.close());
  const brad = await agentPage(browser, await teamsAcsToken(CALLERS.brad));
  const bree = await agentPage(browser, await teamsAcsToken(CALLERS.bree));
  const cara = await agentPage(browser, await teamsAcsToken(CALLERS.cara));
  await connect(brad, bree, CALLERS.bree);
  await brad.page.evaluate(() => window.sb.calls[0].hold());
  await connect(brad, cara, CALLERS.cara);
  await followTransfers(bree, 0);
  await followTransfers(cara, 0);

  await brad.page.evaluate(() => {
    window.sb.transfer = window.sb.calls[0].feature(window.sb.sdk.Features.Transfer).transfer({ targetCallId: window.sb.calls[1].id });
  });
  for (const side of [bree, cara]) {
    await waitFor(side.page, () => window.sb.accepted === 1 && window.sb.calls[1].state === 'Connected');
    await waitForLinks(side.page, 1, 1);
  }
  assert.equal(await bree.page.evaluate(() => window.sb.calls[1].id), await cara.page.evaluate(() => window.sb.calls[1].id));
  await waitFor(brad.page, () => window.sb.calls.every((c) => c.state === 'Disconnected'));
  assert.equal(await brad.page.evaluate(() => window.sb.transfer.state), 'Transferred');
  assert.deepEqual(await brad.page.evaluate(() => window.sb.calls.map((c) => c.callEndReason.subCode)), [7015, 7015]);
  await cara.page.evaluate(() => window.sb.calls[1].hangUp());
});
