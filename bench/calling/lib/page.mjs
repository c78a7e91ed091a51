// What runs inside the two pages. Both pages sit on Switchboard's origin, import /sdk/calling.js and keep
// one Teams call agent for the whole run. `window.bench` holds the agent and the per-call state; node
// drives it with page.evaluate() and reads the marks back.
//
// Marks: every page records named moments on one clock, performance.timeOrigin + performance.now() (wall
// clock with sub-millisecond resolution; the two pages are processes of one browser on one machine, so
// their marks can be compared to within about a millisecond; the headline figures use the caller page's
// marks only). To see inside both paths the same way, every page wraps RTCPeerConnection (a subclass
// that only adds listeners and marks) and navigator.mediaDevices.getUserMedia (marks around the native
// call) before the library is imported; the library and the baseline both go through the wrappers. The
// library's WebSocket is wrapped too, only to mark when an offer or answer arrives.

/** Runs in each page: wrappers, library, agent, auto-accept (callee), the baseline's handlers. */
export async function setupPage({ acsToken, role }) {
  const epoch = () => performance.timeOrigin + performance.now();
  const bench = { role, marks: [], error: null, current: null, bare: null, autoAccept: role === 'callee' };
  window.bench = bench;
  bench.epoch = epoch;
  // A repeated name gets #2, #3 … (the caller sees Connecting twice: call.created and the accept).
  bench.mark = (name) => {
    const seen = bench.marks.filter((m) => m.name === name || m.name.startsWith(`${name}#`)).length;
    bench.marks.push({ name: seen ? `${name}#${seen + 1}` : name, t: epoch() });
  };

  const NativePeerConnection = window.RTCPeerConnection;
  class ObservedPeerConnection extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      bench.mark('pc.created');
      bench.lastIceServers = JSON.stringify(args[0]?.iceServers ?? null);
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') bench.mark('pc.connected');
      });
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') bench.mark('ice.connected');
      });
    }

    async setLocalDescription(...args) {
      const result = await super.setLocalDescription(...args);
      bench.mark(`local.${this.localDescription?.type}`);
      return result;
    }

    async setRemoteDescription(...args) {
      const result = await super.setRemoteDescription(...args);
      bench.mark(`remote.${this.remoteDescription?.type}`);
      return result;
    }
  }
  window.RTCPeerConnection = ObservedPeerConnection;

  // The library's signaling socket: marks when the peer's offer or answer arrives (the baseline marks
  // the same names when its relay hands it the frame), so both relays can be compared.
  const NativeWebSocket = window.WebSocket;
  class ObservedWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string' || !event.data.includes('"description"')) return;
        try {
          const frame = JSON.parse(event.data);
          if (frame.type === 'signal' && frame.description?.type) bench.mark(`${frame.description.type}.received`);
        } catch {
          // not JSON: the library reports it
        }
      });
    }
  }
  window.WebSocket = ObservedWebSocket;

  const mediaDevices = navigator.mediaDevices;
  const nativeGetUserMedia = mediaDevices.getUserMedia.bind(mediaDevices);
  // Every distinct constraint set asked for, by whom (the library or the baseline): the report shows
  // that both paths open the devices the same way.
  bench.gumConstraints = new Set();
  bench.gumBy = 'library';
  mediaDevices.getUserMedia = async (constraints) => {
    const kind = constraints?.video ? 'camera' : 'mic';
    bench.gumConstraints.add(`${bench.gumBy}: ${JSON.stringify(constraints).replace(/"exact":"[^"]*"/, '"exact":"<camera id>"')}`);
    bench.mark(`gum.${kind}.start`);
    const stream = await nativeGetUserMedia(constraints);
    bench.mark(`gum.${kind}.end`);
    return stream;
  };

  const sdk = await import('/sdk/calling.js');
  bench.sdk = sdk;
  bench.client = new sdk.CallClient();
  bench.agent = await bench.client.createTeamsCallAgent({ getToken: async () => acsToken, dispose() {} });
  bench.deviceManager = await bench.client.getDeviceManager();
  bench.cameras = await bench.deviceManager.getCameras();
  if (!bench.cameras.length) throw new Error('no camera (is --use-fake-device-for-media-stream set?)');

  // Polls getStats() every pollMs until inbound video has a decoded frame; resolves with the moment seen.
  bench.firstFrame = (getStats, { timeoutMs, pollMs }) => new Promise((resolve, reject) => {
    const started = epoch();
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const report = await getStats();
        let frames = 0;
        report.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
        });
        const now = epoch();
        if (frames > 0) {
          clearInterval(timer);
          resolve(now);
        } else if (now - started > timeoutMs) {
          clearInterval(timer);
          reject(new Error(`no decoded remote video frame within ${timeoutMs} ms`));
        }
      } catch (error) {
        clearInterval(timer);
        reject(error);
      } finally {
        busy = false;
      }
    }, pollMs);
  });

  bench.until = (predicate, timeoutMs, what) => new Promise((resolve, reject) => {
    const started = epoch();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (epoch() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 5);
  });

  // ---- Switchboard: the callee accepts every incoming call at once, with its camera.
  bench.agent.on('incomingCall', ({ incomingCall }) => {
    bench.mark('incomingCall');
    if (!bench.autoAccept) return;
    const camera = new sdk.LocalVideoStream(bench.cameras[0]);
    bench.mark('accept.called');
    incomingCall.accept({ videoOptions: { localVideoStreams: [camera] } }).then(
      (call) => {
        bench.mark('accept.resolved');
        bench.current = { call, camera };
        const onState = () => bench.mark(`state.${call.state}`);
        call.on('stateChanged', onState);
        onState();
      },
      (error) => {
        bench.mark('accept.failed');
        bench.error = `accept failed: ${error?.message ?? error}`;
        camera.dispose();
      },
    );
  });

  // ---- Bare WebRTC: the same media and the same RTCPeerConnection setup as the library, with signaling
  // relayed through the bench process (window.benchSignal → the other page's bench.bareSignal), trickle ICE.
  bench.openMedia = async () => {
    bench.gumBy = 'baseline';
    // The library's constraints: microphone { audio: true } (no microphone selected), camera
    // { video: { deviceId: { exact } } }, each in its own getUserMedia call.
    const [mic, cam] = await Promise.all([
      navigator.mediaDevices.getUserMedia({ audio: true, video: false }),
      navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: bench.cameras[0].id } }, audio: false }),
    ]);
    bench.gumBy = 'library';
    return { audio: mic.getAudioTracks()[0], video: cam.getVideoTracks()[0] };
  };

  bench.newBarePeer = (id) => {
    const session = { id, pc: new RTCPeerConnection({ iceServers: [] }), tracks: [], pending: [], queue: Promise.resolve(), audioElement: null, remote: new MediaStream() };
    const { pc } = session;
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && bench.bare === session) window.benchSignal({ id, candidate: candidate.toJSON() });
    };
    // Remote audio plays through a hidden <audio autoplay>, as the library does.
    pc.ontrack = ({ track }) => {
      if (track.kind !== 'audio') return;
      session.remote.addTrack(track);
      if (!session.audioElement) {
        const el = document.createElement('audio');
        el.autoplay = true;
        el.style.display = 'none';
        document.body.appendChild(el);
        session.audioElement = el;
      }
      session.audioElement.srcObject = session.remote;
      session.audioElement.play().catch(() => {});
    };
    return session;
  };

  bench.closeBare = () => {
    const session = bench.bare;
    bench.bare = null;
    if (!session) return;
    session.pc.close();
    session.tracks.forEach((t) => t.stop());
    if (session.audioElement) {
      session.audioElement.srcObject = null;
      session.audioElement.remove();
    }
  };

  const addCandidate = async (session, candidate) => {
    try {
      await session.pc.addIceCandidate(candidate);
    } catch (error) {
      bench.error = `addIceCandidate: ${error?.message ?? error}`;
    }
  };

  const applyBare = async (session, message) => {
    if (bench.bare !== session) return;
    const { description, candidate } = message;
    if (description?.type === 'offer') {
      // The callee answers on the offer's transceivers with the media it opened on `prepare`.
      const media = await session.media;
      await session.pc.setRemoteDescription(description);
      for (const c of session.pending.splice(0)) await addCandidate(session, c);
      for (const transceiver of session.pc.getTransceivers()) {
        const track = transceiver.receiver.track.kind === 'audio' ? media.audio : media.video;
        transceiver.direction = 'sendrecv';
        await transceiver.sender.replaceTrack(track);
      }
      await session.pc.setLocalDescription();
      window.benchSignal({ id: session.id, description: session.pc.localDescription.toJSON() });
    } else if (description?.type === 'answer') {
      await session.pc.setRemoteDescription(description);
      for (const c of session.pending.splice(0)) await addCandidate(session, c);
    } else if (candidate) {
      if (!session.pc.remoteDescription) session.pending.push(candidate);
      else await addCandidate(session, candidate);
    }
  };

  /** A frame from the other page (through node). Applied in order, one at a time, like the library's. */
  bench.bareSignal = (message) => {
    if (message.hangup) {
      if (bench.bare?.id === message.id) bench.closeBare();
      return;
    }
    if (message.prepare && bench.role === 'callee') {
      // The callee hears of the call as the caller starts it (where the library's callee would get
      // call.incoming, accept at once and open its microphone, then its camera on call.negotiate) and
      // opens its microphone and camera, so they are ready when the offer arrives, as in the library.
      bench.mark('prepare.received');
      bench.closeBare();
      const session = bench.newBarePeer(message.id);
      bench.bare = session;
      session.media = bench.openMedia();
      session.media.then((media) => {
        if (bench.bare === session) session.tracks.push(media.audio, media.video);
        else [media.audio, media.video].forEach((t) => t.stop());
      }, () => {});
      return;
    }
    const session = bench.bare;
    if (!session || session.id !== message.id) return;
    if (message.description) bench.mark(`${message.description.type}.received`);
    session.queue = session.queue.then(() => applyBare(session, message)).catch((error) => {
      bench.error = `bare ${message.description?.type ?? 'candidate'}: ${error?.message ?? error}`;
    });
  };

  return {
    camera: bench.cameras[0].name,
    userAgent: navigator.userAgent,
  };
}

/** Caller page: one Switchboard call; resolves with the caller's marks and t0 / Connected / first frame. */
export async function switchboardCall({ calleeId, timeoutMs, pollMs }) {
  const bench = window.bench;
  bench.marks = [];
  bench.error = null;
  const camera = new bench.sdk.LocalVideoStream(bench.cameras[0]);
  const t0 = bench.epoch();
  bench.mark('t0');
  const call = bench.agent.startCall({ microsoftTeamsUserId: calleeId }, { videoOptions: { localVideoStreams: [camera] } });
  bench.current = { call, camera };
  let tConnected = null;
  call.on('stateChanged', () => {
    bench.mark(`state.${call.state}`);
    if (call.state === 'Connected' && tConnected === null) tConnected = bench.epoch();
  });
  const tFrame = await bench.firstFrame(() => call.getStats(), { timeoutMs, pollMs });
  await bench.until(() => tConnected !== null || call.state === 'Disconnected', timeoutMs, 'Connected');
  if (tConnected === null) throw new Error(`the call ended: ${JSON.stringify(call.callEndReason)}`);
  // What the library passed to its RTCPeerConnection (the server's agent.connected iceServers, plus any
  // the application configured: none here).
  return { t0, tConnected, tFrame, marks: bench.marks, error: bench.error, iceServers: bench.lastIceServers };
}

/** Caller page: hangs up and waits for Disconnected. */
export async function switchboardHangUp({ timeoutMs }) {
  const bench = window.bench;
  const current = bench.current;
  bench.current = null;
  if (!current) return;
  await current.call.hangUp();
  await bench.until(() => current.call.state === 'Disconnected', timeoutMs, 'Disconnected (caller)');
  current.camera.dispose();
}

/** Callee page: waits until its side of the call is Disconnected and releases the camera. */
export async function switchboardCalleeDone({ timeoutMs }) {
  const bench = window.bench;
  await bench.until(() => !bench.current || bench.current.call.state === 'Disconnected', timeoutMs, 'Disconnected (callee)');
  bench.current?.camera.dispose();
  bench.current = null;
  const result = { marks: bench.marks, error: bench.error };
  bench.marks = [];
  bench.error = null;
  return result;
}

/** Caller page: one bare WebRTC connection to the callee page. */
export async function bareCall({ id, timeoutMs, pollMs }) {
  const bench = window.bench;
  bench.marks = [];
  bench.error = null;
  const t0 = bench.epoch();
  bench.mark('t0');
  window.benchSignal({ id, prepare: true });
  const media = await bench.openMedia();
  bench.closeBare();
  const session = bench.newBarePeer(id);
  bench.bare = session;
  session.tracks.push(media.audio, media.video);
  const { pc } = session;
  let tConnected = null;
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'connected' && tConnected === null) tConnected = bench.epoch();
  });
  // As the library's impolite caller: one sendrecv transceiver per track, then the offer.
  const local = new MediaStream();
  pc.addTransceiver(media.audio, { direction: 'sendrecv', streams: [local] });
  pc.addTransceiver(media.video, { direction: 'sendrecv', streams: [local] });
  await pc.setLocalDescription();
  window.benchSignal({ id, description: pc.localDescription.toJSON() });
  const tFrame = await bench.firstFrame(() => pc.getStats(), { timeoutMs, pollMs });
  await bench.until(() => tConnected !== null || pc.connectionState === 'failed', timeoutMs, 'connected');
  if (tConnected === null) throw new Error(`the bare connection failed (${pc.connectionState})`);
  return { t0, tConnected, tFrame, marks: bench.marks, error: bench.error };
}

/** Caller page: closes its side and tells the callee. */
export async function bareHangUp() {
  const bench = window.bench;
  const id = bench.bare?.id;
  bench.closeBare();
  if (id !== undefined) window.benchSignal({ id, hangup: true });
}

/** Callee page: waits until the hang-up closed its side. */
export async function bareCalleeDone({ timeoutMs }) {
  const bench = window.bench;
  await bench.until(() => !bench.bare, timeoutMs, 'bare hang-up (callee)');
  const result = { marks: bench.marks, error: bench.error };
  bench.marks = [];
  bench.error = null;
  return result;
}
