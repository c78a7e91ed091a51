// The report: headline (medians, p95, ratios), a like-for-like row, and a per-phase breakdown of both paths.

import { median, ms, percentile, ratio, summary } from './stats.mjs';

export const TARGET = 1.3;

const at = (marks, name) => marks.find((m) => m.name === name)?.t ?? null;
const firstOf = (...values) => {
  const v = values.filter((x) => x !== null && x !== undefined);
  return v.length ? Math.min(...v) : null;
};
const lastOf = (...values) => (values.some((x) => x === null || x === undefined) ? null : Math.max(...values));

/** Milestones of a Switchboard call, in order: [label, (run) => epoch ms | null]. */
const SWITCHBOARD_MILESTONES = [
  ['startCall (t0, caller)', (r) => r.t0],
  ['call.created: state Connecting (caller)', (r) => at(r.caller, 'state.Connecting')],
  ['incomingCall (callee)', (r) => at(r.callee, 'incomingCall')],
  ['state Ringing (caller)', (r) => at(r.caller, 'state.Ringing')],
  ['accept() resolved (callee)', (r) => at(r.callee, 'accept.resolved')],
  ['call.negotiate handled: camera requested (caller)', (r) => at(r.caller, 'gum.camera.start')],
  ['camera open (caller)', (r) => at(r.caller, 'gum.camera.end')],
  ['offer set (caller)', (r) => at(r.caller, 'local.offer')],
  ['answer set (callee)', (r) => at(r.callee, 'local.answer')],
  ['answer applied (caller)', (r) => at(r.caller, 'remote.answer')],
  ['first RTCPeerConnection connected (either side)', (r) => firstOf(at(r.caller, 'pc.connected'), at(r.callee, 'pc.connected'))],
  ['Connected (caller, after media.connected)', (r) => r.tConnected],
  ['first decoded remote frame (caller)', (r) => r.tFrame],
];

const BARE_MILESTONES = [
  ['t0 (caller)', (r) => r.t0],
  ['camera and microphone open (caller)', (r) => lastOf(at(r.caller, 'gum.camera.end'), at(r.caller, 'gum.mic.end'))],
  ['offer set (caller)', (r) => at(r.caller, 'local.offer')],
  ['answer set (callee)', (r) => at(r.callee, 'local.answer')],
  ['answer applied (caller)', (r) => at(r.caller, 'remote.answer')],
  ['first RTCPeerConnection connected (either side)', (r) => firstOf(at(r.caller, 'pc.connected'), at(r.callee, 'pc.connected'))],
  ['connected (caller\'s connectionState)', (r) => r.tConnected],
  ['first decoded remote frame (caller)', (r) => r.tFrame],
];

function milestoneTable(runs, milestones) {
  const rows = ['| Milestone | median since t0 | p95 since t0 | median step from the row above |', '|---|---:|---:|---:|'];
  milestones.forEach(([label, get], i) => {
    const since = runs.map((r) => get(r)).map((t, k) => (t === null ? NaN : t - runs[k].t0));
    const step = i === 0 ? [] : runs.map((r) => {
      const a = milestones[i - 1][1](r);
      const b = get(r);
      return a === null || b === null ? NaN : b - a;
    });
    const n = since.filter(Number.isFinite).length;
    rows.push(`| ${label}${n < runs.length ? ` (${n} of ${runs.length})` : ''} | ${ms(median(since))} | ${ms(percentile(since, 95))} | ${i === 0 ? '' : ms(median(step))} |`);
  });
  return rows.join('\n');
}

function phase(runs, from, to) {
  return summary(runs.map((r) => {
    const a = from(r);
    const b = to(r);
    return a === null || b === null ? NaN : b - a;
  }));
}

export function buildReport({ result, options, machine, server }) {
  const measured = (path) => result.runs.filter((r) => r.path === path && !r.warm);
  const sb = measured('switchboard');
  const bare = measured('bare');
  const metric = (runs, f) => summary(runs.map(f));
  const connected = (r) => r.tConnected - r.t0;
  const frame = (r) => r.tFrame - r.t0;
  const callerPc = (r) => (at(r.caller, 'pc.connected') ?? NaN) - r.t0;

  const rows = [
    ['startCall → Connected', metric(sb, connected), metric(bare, connected), true],
    ['startCall → first decoded remote frame', metric(sb, frame), metric(bare, frame), true],
    ['t0 → caller\'s RTCPeerConnection connected (like for like)', metric(sb, callerPc), metric(bare, callerPc), false],
  ];
  const verdict = (r) => (r <= TARGET ? 'met' : 'not met');
  const headline = ['| Measure | Switchboard median | Switchboard p95 | bare median | bare p95 | ratio of medians | ratio of p95 | target ≤ 1.3 (medians) |', '|---|---:|---:|---:|---:|---:|---:|---|'];
  for (const [label, a, b, target] of rows) {
    const rm = a.median / b.median;
    const rp = a.p95 / b.p95;
    headline.push(`| ${label} | ${ms(a.median)} ms | ${ms(a.p95)} ms | ${ms(b.median)} ms | ${ms(b.p95)} ms | ${ratio(rm)} | ${ratio(rp)} | ${target ? verdict(rm) : '(diagnostic)'} |`);
  }

  const accept = (r) => at(r.callee, 'accept.called');
  const asked = [
    ['startCall → call.created on the caller (call.start round trip: target lookup, 1:1 chat ensured)', phase(sb, (r) => r.t0, (r) => at(r.caller, 'state.Connecting'))],
    ['startCall → incomingCall on the callee (call.start → call.incoming)', phase(sb, (r) => r.t0, (r) => at(r.callee, 'incomingCall'))],
    ['incomingCall → accept() called (auto-accept)', phase(sb, (r) => at(r.callee, 'incomingCall'), accept)],
    ['accept() called → accept() resolved (callee; call.accept round trip)', phase(sb, accept, (r) => at(r.callee, 'accept.resolved'))],
    ['accept() called → Connected on the caller', phase(sb, accept, (r) => r.tConnected)],
    ['accept() called → call.negotiate handled on the caller', phase(sb, accept, (r) => at(r.caller, 'gum.camera.start'))],
    ['call.negotiate handled → caller camera open', phase(sb, (r) => at(r.caller, 'gum.camera.start'), (r) => at(r.caller, 'gum.camera.end'))],
    ['first side\'s RTCPeerConnection connected → Connected on the caller (media.connected → call.state)', phase(sb, (r) => firstOf(at(r.caller, 'pc.connected'), at(r.callee, 'pc.connected')), (r) => r.tConnected)],
    ['Connected → first decoded remote frame', phase(sb, (r) => r.tConnected, (r) => r.tFrame)],
  ];
  const askedTable = ['| Switchboard phase | median | p95 | min | max |', '|---|---:|---:|---:|---:|', ...asked.map(([l, s]) => `| ${l} | ${ms(s.median)} ms | ${ms(s.p95)} ms | ${ms(s.min)} ms | ${ms(s.max)} ms |`)];

  const bareOffer = phase(bare, (r) => r.t0, (r) => at(r.caller, 'local.offer'));
  const sbCamera = phase(sb, (r) => at(r.caller, 'gum.camera.start'), (r) => at(r.caller, 'gum.camera.end'));
  const sbBeforeNegotiate = phase(sb, (r) => r.t0, (r) => at(r.caller, 'gum.camera.start'));
  const sbWebRtc = phase(sb, (r) => at(r.caller, 'gum.camera.start'), (r) => firstOf(at(r.caller, 'pc.connected'), at(r.callee, 'pc.connected')));
  const bareWebRtc = phase(bare, (r) => r.t0, (r) => firstOf(at(r.caller, 'pc.connected'), at(r.callee, 'pc.connected')));
  const calleeCameraToFrame = (runs) => phase(runs, (r) => at(r.callee, 'gum.camera.end'), (r) => r.tFrame);
  const connectedToFrame = (runs) => phase(runs, (r) => r.tConnected, (r) => r.tFrame);
  const sbCamFrame = calleeCameraToFrame(sb);
  const bareCamFrame = calleeCameraToFrame(bare);
  const rConnected = rows[0][1].median / rows[0][2].median;
  const rFrame = rows[1][1].median / rows[1][2].median;

  const relay = (runs, from, fromSide, to, toSide) => phase(runs, (r) => at(r[fromSide], from), (r) => at(r[toSide], to));
  const relays = [
    ['offer: set on the caller → received by the callee', relay(sb, 'local.offer', 'caller', 'offer.received', 'callee'), relay(bare, 'local.offer', 'caller', 'offer.received', 'callee')],
    ['answer: set on the callee → received by the caller', relay(sb, 'local.answer', 'callee', 'answer.received', 'caller'), relay(bare, 'local.answer', 'callee', 'answer.received', 'caller')],
  ];
  const relayName = { playwright: 'page.exposeFunction → node → page.evaluate', websocket: 'WebSocket → a bare relay in node → WebSocket' }[options.relayMode];
  const relayTable = [`| Signaling relay | Switchboard (server WebSocket) median | p95 | bare (${relayName}) median | p95 |`, '|---|---:|---:|---:|---:|',
    ...relays.map(([l, a, b]) => `| ${l} | ${ms(a.median)} ms | ${ms(a.p95)} ms | ${ms(b.median)} ms | ${ms(b.p95)} ms |`)];

  const failures = result.failures.filter((f) => !f.warm);
  const lines = [];
  lines.push('# Call setup: Switchboard calling library vs a bare WebRTC connection');
  lines.push('');
  lines.push(`${new Date().toISOString()} · commit ${machine.commit} · ${options.calls} measured calls per path (+${options.warmup} warm-up each, discarded), alternating Switchboard / bare · baseline relay: ${options.relayMode} · \`cd bench/calling && npm ci && node setup.mjs\``);
  lines.push('');
  lines.push(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memGb} GB, shared; load average ${machine.loadBefore} before, ${machine.loadAfter} after. Node ${process.versions.node}, Chromium ${result.environment.chromium} (Debian, headless, fake camera and microphone), playwright-core ${machine.playwright}. Server: Release build, test seed, https://127.0.0.1, ready ${server.readyMs} ms after launch. ICE servers the library gave its RTCPeerConnection: ${result.environment.iceServers ?? 'unknown'} (the server hands out none by default); the baseline uses none. Both connect over loopback host candidates.`);
  lines.push('');
  lines.push('## Headline');
  lines.push('');
  lines.push(headline.join('\n'));
  lines.push('');
  lines.push(`Samples: Switchboard ${sb.length}, bare ${bare.length}${failures.length ? `; failed calls (not counted): ${failures.map((f) => `${f.path} #${f.index - options.warmup + 1}: ${f.error}`).join('; ')}` : '; no failed calls'}. p95 of 20 samples is the 19th smallest (nearest rank), so it is close to the worst call. First frame: getStats() polled every ${options.pollMs} ms in the caller page (the same poller for both paths), so each "first frame" is late by 0–${options.pollMs} ms plus the getStats() call.`);
  lines.push('');
  lines.push(`Target (issue): ≤ ${TARGET}× the bare connection. startCall → Connected: ${ratio(rConnected)}× (${verdict(rConnected)}); → first frame: ${ratio(rFrame)}× (${verdict(rFrame)}).`);
  lines.push('');
  lines.push('## Where Switchboard\'s time goes');
  lines.push('');
  lines.push(askedTable.join('\n'));
  lines.push('');
  lines.push(`Before any WebRTC work starts, the library's caller waits for its call.start to reach the callee as call.incoming, for the callee's call.ringing and call.accept (sent at once) to reach the server, and for the server's call.negotiate: two client → server → client trips, the first with the server's work for call.start (the callee's directory entry and the pair's one-on-one chat). t0 → call.negotiate handled on the caller: median ${ms(sbBeforeNegotiate.median)} ms (p95 ${ms(sbBeforeNegotiate.p95)} ms). Only then does it open the camera (median ${ms(sbCamera.median)} ms) and create the offer; the bare caller opens camera and microphone at t0 and has its offer set after a median ${ms(bareOffer.median)} ms. From call.negotiate to the first connected RTCPeerConnection takes a median ${ms(sbWebRtc.median)} ms in the library (SDP and candidates relayed by the server) against ${ms(bareWebRtc.median)} ms from t0 in the bare connection (which includes opening its media).`);
  lines.push('');
  lines.push(`First frame: it comes a median ${ms(connectedToFrame(sb).median)} ms (Switchboard) and ${ms(connectedToFrame(bare).median)} ms (bare) after Connected, and ${ms(sbCamFrame.median)} ms and ${ms(bareCamFrame.median)} ms after the callee's camera opened. Video start-up (fake capture, encoder, first key frame, jitter buffer) takes most of that time, not call setup, so Switchboard's extra setup time is diluted in this measure and its ratio moves around 1 from run to run. Its resolution is the ${options.pollMs} ms poll.`);
  lines.push('');
  lines.push(relayTable.join('\n'));
  lines.push('');
  const sbRelay = median([relays[0][1].median, relays[1][1].median]);
  const bareRelay = median([relays[0][2].median, relays[1][2].median]);
  const slowerRelay = bareRelay > sbRelay * 1.5 + 2;
  lines.push(`Each frame of the baseline goes page → node → other page (${relayName}): ${ms(bareRelay)} ms a frame (mean of the two medians) against ${ms(sbRelay)} ms through Switchboard's WebSocket. ${slowerRelay
    ? 'The baseline\'s relay is the slower one here, so the bare connection is slower than a perfect floor (its offer and answer are on the critical path) and the ratios flatter Switchboard.'
    : 'The relays cost both paths about the same, so the difference between the paths is what the call service and the library do.'}${result.relayErrors?.length ? ` Relay errors: ${result.relayErrors.slice(0, 3).join('; ')}.` : ''}`);
  lines.push('');
  lines.push('### Switchboard milestones');
  lines.push('');
  lines.push(milestoneTable(sb, SWITCHBOARD_MILESTONES));
  lines.push('');
  lines.push('### Bare WebRTC milestones');
  lines.push('');
  lines.push(milestoneTable(bare, BARE_MILESTONES));
  lines.push('');
  lines.push('Callee milestones are stamped in the callee page (performance.timeOrigin + performance.now(), the same machine clock, comparable to the caller\'s to about a millisecond); a step can be negative when the order varies between calls.');
  lines.push('');
  lines.push('## What is measured');
  lines.push('');
  lines.push('- **Switchboard**: the caller page (Brad, a Teams user) stamps t0 just before `agent.startCall({ microsoftTeamsUserId: Bree }, { videoOptions: { localVideoStreams: [new LocalVideoStream(camera)] } })` (the LocalVideoStream opens nothing until the library asks for the track). The callee page (Bree) accepts on `incomingCall` at once, with its camera. "Connected" is `call.state === \'Connected\'` on the caller, which the server sends after the first side reports its RTCPeerConnection `connected` (`media.connected`). The library sends `call.ringing` as soon as `call.incoming` arrives, and the callee accepts at once, so ringing costs one relay, not a human.');
  lines.push(`- **Bare WebRTC**: the same two pages and browser. At t0 the caller sends a "prepare" to the callee and opens its microphone (\`{ audio: true }\`) and camera (\`{ video: { deviceId: { exact } } }\`, the library's constraints, two getUserMedia calls) in parallel; the callee opens its own on "prepare" (where the library's callee opens its microphone at accept and its camera on call.negotiate, both before the offer arrives). The caller creates an RTCPeerConnection with no ICE servers, adds one sendrecv transceiver per track (as the library does), sets the offer; the callee answers on the offer's transceivers; SDP and trickle-ICE candidates go page → node → other page (${relayName}${options.relayMode === 'websocket' ? '; \`--relay playwright\` uses page.exposeFunction and page.evaluate instead' : ''}). "Connected" is the caller's \`pc.connectionState === 'connected'\`. There is no signaling server hop, no ringing and no accept: it approximates the floor for two pages on one machine (but see the relay note above), not a competing product.`);
  lines.push('- **First frame** on both paths: the first getStats() on the caller\'s connection (for Switchboard `call.getStats()`, the library\'s RTCPeerConnection report) with `framesDecoded > 0` on an inbound-rtp video stat.');
  lines.push('- Both paths open a new camera and microphone for every call and release them after; between calls the caller hangs up and both sides are Disconnected (closed) before a 300 ms pause.');
  lines.push(`- getUserMedia calls seen in this run: ${(result.environment.gumConstraints ?? []).map((c) => `\`${c}\``).join(', ') || 'not recorded'}.`);
  lines.push('- RTCPeerConnection and getUserMedia are wrapped in both pages (a subclass and a wrapper that only add marks) before the library is imported, so both paths are observed the same way.');
  lines.push('');
  return lines.join('\n');
}
