// What each participant's page runs: a publisher and a subscriber RTCPeerConnection to Janus (ICE
// candidates gathered before the SDP is sent, no trickle), and getStats sampling.

export const PAGE_SCRIPT = `
window.b = (() => {
  const gathered = (pc) => pc.iceGatheringState === 'complete' ? Promise.resolve() :
    new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
  const b = {
    async camera() {
      b.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 30 } });
      const s = b.stream.getVideoTracks()[0].getSettings();
      return { width: s.width, height: s.height, frameRate: s.frameRate };
    },
    async offer() {
      const pc = b.pub = new RTCPeerConnection();
      b.stream.getTracks().forEach((t) => pc.addTrack(t, b.stream));
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      return pc.localDescription.sdp;
    },
    async published(sdp) { await b.pub.setRemoteDescription({ type: 'answer', sdp }); },
    async answer(sdp) {
      const pc = b.sub = new RTCPeerConnection();
      pc.ontrack = (e) => { if (e.track.kind === 'audio') { const a = new Audio(); a.srcObject = new MediaStream([e.track]); a.play().catch(() => {}); } };
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      return pc.localDescription.sdp;
    },
    async sample() {
      const inbound = [];
      let encoded = 0;
      if (b.sub) (await b.sub.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') inbound.push({ mid: s.mid, frames: s.framesDecoded ?? 0 }); });
      if (b.pub) (await b.pub.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') encoded += s.framesEncoded ?? 0; });
      return { t: performance.now(), inbound, encoded };
    },
    /** Resolves with Date.now() when the subscriber has decoded its first remote video frame. */
    firstFrame() {
      return new Promise((resolve) => {
        const timer = setInterval(async () => {
          if (!b.sub) return;
          let decoded = 0;
          (await b.sub.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0; });
          if (decoded > 0) { clearInterval(timer); resolve(Date.now()); }
        }, 10);
      });
    },
    close() { b.pub?.close(); b.sub?.close(); b.pub = b.sub = null; },
  };
  return b;
})();
`;
