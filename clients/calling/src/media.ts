// One RTCPeerConnection per 1:1 call, negotiated with the "perfect negotiation" pattern: `polite` comes
// from the server's `call.negotiate` (the caller is impolite and makes the first offer; the polite callee
// creates no transceiver of its own before the first remote offer). SDP and candidates travel as
// `signal` frames. Transceivers are reused by kind: whatever we send on a transceiver is described by
// mid in our `media.state`, independently of what the peer sends on it.

import type { Logger } from './logger.js';

export type Purpose = 'audio' | 'video' | 'screen';

const kindOf: Record<Purpose, 'audio' | 'video'> = { audio: 'audio', video: 'video', screen: 'video' };

export interface MediaSessionOptions {
  polite: boolean;
  /** Only receives (SFU `sub`): local tracks are never put on it; it answers the remote side's offers. */
  receiveOnly?: boolean;
  iceServers: RTCIceServer[];
  logger: Logger;
  sendSignal(signal: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }): void;
  /** `pc.connectionState` changed. */
  connectionStateChanged(state: RTCPeerConnectionState): void;
  /** A remote track appeared (ontrack). */
  remoteTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver): void;
  /** An offer/answer exchange finished (signaling state back to stable): mids may have changed. */
  negotiated(): void;
}

export class MediaSession {
  readonly pc: RTCPeerConnection;
  private readonly tracks: Record<Purpose, MediaStreamTrack | null> = { audio: null, video: null, screen: null };
  private readonly assigned: Partial<Record<Purpose, RTCRtpTransceiver>> = {};
  private readonly localStream = new MediaStream();
  private held = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private remoteOfferSeen = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private pendingCandidates: RTCIceCandidateInit[] = [];

  constructor(private readonly options: MediaSessionOptions) {
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.pc.onnegotiationneeded = () => void this.makeOffer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && !this.closed) {
        this.options.sendSignal({ candidate: candidate.toJSON() });
      }
    };
    this.pc.ontrack = (event) => {
      if (!this.closed) {
        this.options.remoteTrack(event.track, event.transceiver);
      }
    };
    this.pc.onconnectionstatechange = () => {
      if (!this.closed) {
        this.options.connectionStateChanged(this.pc.connectionState);
      }
    };
    this.pc.onsignalingstatechange = () => {
      if (!this.closed && this.pc.signalingState === 'stable') {
        this.options.negotiated();
      }
    };
  }

  get isPolite(): boolean {
    return this.options.polite;
  }

  /** Sets what to send for a purpose (null: send nothing); resolves once the sender carries it. */
  setTrack(purpose: Purpose, track: MediaStreamTrack | null): Promise<void> {
    this.tracks[purpose] = track;
    return this.enqueue(() => this.sync());
  }

  /** Held (LocalHold or RemoteHold): every sender sends nothing; tracks are restored on resume. */
  setHeld(held: boolean): Promise<void> {
    this.held = held;
    return this.enqueue(() => this.sync());
  }

  /** Applies a relayed `signal` frame. */
  handleSignal(signal: { description?: RTCSessionDescriptionInit | null; candidate?: RTCIceCandidateInit | null }): Promise<void> {
    return this.enqueue(() => this.applySignal(signal));
  }

  /** Mids of the transceivers sending video, labelled for the SFU (`camera`, `screen`). */
  videoLabels(): Record<string, string> {
    const labels: Record<string, string> = {};
    const camera = this.midOf('video');
    const screen = this.midOf('screen');
    if (camera !== null) labels[camera] = 'camera';
    if (screen !== null) labels[screen] = 'screen';
    return labels;
  }

  /** The mid of the transceiver sending a purpose (null before negotiation gave it one). */
  midOf(purpose: Purpose): string | null {
    return this.assigned[purpose]?.mid ?? null;
  }

  /** Whether a purpose's track is being sent (a track is set, not held, and the transceiver has a mid). */
  isSending(purpose: Purpose): boolean {
    return !!this.tracks[purpose] && this.midOf(purpose) !== null;
  }

  /** The receiver track of the transceiver with this mid. */
  receiverTrack(mid: string | null): MediaStreamTrack | null {
    if (mid === null) return null;
    const transceiver = this.pc.getTransceivers().find((t) => t.mid === mid);
    return transceiver?.receiver.track ?? null;
  }

  /** Receiver tracks of audio transceivers. */
  remoteAudioTracks(): MediaStreamTrack[] {
    return this.pc
      .getTransceivers()
      .filter((t) => t.receiver.track.kind === 'audio' && t.mid !== null)
      .map((t) => t.receiver.track);
  }

  /** Restarts ICE (after the signaling socket came back while media was interrupted). */
  restartIce(): void {
    if (!this.closed) {
      this.pc.restartIce();
    }
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.close();
  }

  // -------------------------------------------------------------------------------------------

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await work();
      } catch (error) {
        this.options.logger.warning('Media negotiation step failed', error);
      }
    });
    this.queue = next;
    return next;
  }

  private async makeOffer(): Promise<void> {
    if (this.closed) return;
    // The polite side answers first: it offers only once the first remote offer set up the session.
    if (this.options.polite && !this.remoteOfferSeen) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) {
        this.options.sendSignal({ description: this.pc.localDescription.toJSON() });
      }
    } catch (error) {
      this.options.logger.warning('Creating an offer failed', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async applySignal(signal: { description?: RTCSessionDescriptionInit | null; candidate?: RTCIceCandidateInit | null }): Promise<void> {
    const description = signal.description;
    if (description && description.type) {
      const offerCollision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
      this.ignoreOffer = !this.options.polite && offerCollision;
      if (this.ignoreOffer) {
        this.options.logger.verbose('Ignoring a colliding offer (impolite side).');
        return;
      }
      await this.pc.setRemoteDescription(description);
      await this.addPendingCandidates();
      if (description.type === 'offer') {
        this.remoteOfferSeen = true;
        // Put our tracks on the transceivers the offer brought before answering, so one exchange suffices.
        await this.sync();
        await this.pc.setLocalDescription();
        if (this.pc.localDescription) {
          this.options.sendSignal({ description: this.pc.localDescription.toJSON() });
        }
      }
      return;
    }
    const candidate = signal.candidate;
    if (candidate && (candidate.candidate !== undefined || candidate.sdpMid !== undefined)) {
      if (!this.pc.remoteDescription) {
        this.pendingCandidates.push(candidate);
        return;
      }
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        if (!this.ignoreOffer) {
          this.options.logger.warning('Adding an ICE candidate failed', error);
        }
      }
    }
  }

  private async addPendingCandidates(): Promise<void> {
    const candidates = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of candidates) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        this.options.logger.verbose('Adding a buffered ICE candidate failed', error);
      }
    }
  }

  /** May this side add transceivers now? (The polite side waits for the first offer.) */
  private get canCreate(): boolean {
    return !this.options.polite || this.remoteOfferSeen;
  }

  private isUsable(t: RTCRtpTransceiver): boolean {
    return t.currentDirection !== 'stopped' && t.direction !== 'stopped';
  }

  /** Puts every purpose's track on a transceiver (reusing free ones of the same kind, else adding one). */
  private async sync(): Promise<void> {
    if (this.closed || this.options.receiveOnly) return;
    for (const purpose of ['audio', 'video', 'screen'] as const) {
      const track = this.tracks[purpose];
      let transceiver = this.assigned[purpose];
      if (transceiver && !this.isUsable(transceiver)) {
        delete this.assigned[purpose];
        transceiver = undefined;
      }
      if (!transceiver) {
        // Audio always gets a transceiver (to receive the peer's audio even without a microphone).
        if (!track && purpose !== 'audio') continue;
        transceiver = this.findFree(kindOf[purpose]);
        if (!transceiver) {
          if (!this.canCreate) continue;
          transceiver = this.pc.addTransceiver(track ?? kindOf[purpose], { direction: 'sendrecv', streams: [this.localStream] });
        }
        this.assigned[purpose] = transceiver;
      }
      if (transceiver.direction === 'recvonly') {
        transceiver.direction = 'sendrecv';
      } else if (transceiver.direction === 'inactive') {
        transceiver.direction = 'sendonly';
      }
      const wanted = this.held ? null : track;
      if (transceiver.sender.track !== wanted) {
        await transceiver.sender.replaceTrack(wanted);
      }
    }
  }

  private findFree(kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
    const taken = new Set(Object.values(this.assigned));
    return this.pc.getTransceivers().find((t) => this.isUsable(t) && t.receiver.track.kind === kind && !taken.has(t));
  }
}
