// A remote participant as the server describes it (`participant.updated`), plus what this library
// measures itself: `isSpeaking` from the received audio level, and each video stream's receiving state
// and size from the receiver statistics.

import { notSupported } from './errors.js';
import { Emitter, type AnyListener } from './events.js';
import { createIdentifierFromRawId, type CommunicationIdentifierKind } from './identifiers.js';
import type { WireParticipant, WireStream } from './protocol.js';
import { RemoteVideoStreamImpl } from './streams.js';
import type { CallEndReason, EndpointDetails, MediaStreamType, ParticipantRole, RemoteParticipant, RemoteParticipantState } from './types.js';

/** audioLevel (0–1) above which a participant counts as speaking. */
export const SpeakingThreshold = 0.01;
/** How long the level must stay under the threshold before `isSpeaking` turns false. */
const SpeakingHangoverMs = 1_000;

export class RemoteParticipantImpl implements RemoteParticipant {
  readonly identifier: CommunicationIdentifierKind;
  private readonly emitter = new Emitter();
  private name?: string;
  private nameChanged = false;
  private stateValue: RemoteParticipantState = 'Idle';
  private endReason?: CallEndReason;
  private muted = false;
  private speaking = false;
  private lastLoudAt = 0;
  private readonly streams: RemoteVideoStreamImpl[] = [];
  private endpoints: EndpointDetails[] = [];

  constructor(readonly rawId: string, displayName?: string) {
    this.identifier = createIdentifierFromRawId(rawId);
    this.name = displayName || undefined;
  }

  get displayName(): string | undefined {
    return this.name;
  }

  get hasDisplayNameChanged(): boolean {
    return this.nameChanged;
  }

  get endpointDetails(): EndpointDetails[] {
    return [...this.endpoints];
  }

  get state(): RemoteParticipantState {
    return this.stateValue;
  }

  get callEndReason(): CallEndReason | undefined {
    return this.endReason;
  }

  get videoStreams(): ReadonlyArray<RemoteVideoStreamImpl> {
    return [...this.streams];
  }

  get isMuted(): boolean {
    return this.muted;
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  get role(): ParticipantRole {
    return 'Unknown';
  }

  async mute(): Promise<void> {
    throw notSupported('Muting a remote participant');
  }

  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  // ------------------------------------------------------------------------------- internal

  /** Applies the server's description. */
  update(wire: WireParticipant, peerEndpointId?: string): void {
    if (wire.displayName && wire.displayName !== this.name) {
      const had = this.name !== undefined;
      this.name = wire.displayName;
      if (had) {
        this.nameChanged = true;
        this.emitter.changed('displayName');
      }
    }
    if (peerEndpointId && !this.endpoints.some((e) => e.participantId === peerEndpointId)) {
      this.endpoints = [{ participantId: peerEndpointId }];
    }
    if (typeof wire.isMuted === 'boolean' && wire.isMuted !== this.muted) {
      this.muted = wire.isMuted;
      this.emitter.changed('isMuted');
      if (this.muted) this.setSpeaking(false);
    }
    if (wire.streams) {
      this.updateStreams(wire.streams);
    }
    if (wire.state) {
      this.setState(wire.state);
    }
  }

  setPeerEndpoint(endpointId: string): void {
    this.endpoints = [{ participantId: endpointId }];
  }

  setState(state: RemoteParticipantState, endReason?: CallEndReason): void {
    if (endReason) {
      this.endReason = endReason;
    }
    if (state !== this.stateValue) {
      this.stateValue = state;
      if (state === 'Disconnected' || state === 'Hold') {
        this.setSpeaking(false);
      }
      if (state === 'Disconnected') {
        this.streams.forEach((s) => s.setAvailable(false));
      }
      this.emitter.changed('state');
    }
  }

  /** From the stats poll: the received audio level of this participant (0–1). */
  applyAudioLevel(level: number, now: number): void {
    if (this.muted || this.stateValue !== 'Connected') {
      this.setSpeaking(false);
      return;
    }
    if (level > SpeakingThreshold) {
      this.lastLoudAt = now;
      this.setSpeaking(true);
    } else if (now - this.lastLoudAt >= SpeakingHangoverMs) {
      this.setSpeaking(false);
    }
  }

  /** Re-resolves each stream's receiver track by mid. */
  resolveTracks(trackForMid: (mid: string | null) => MediaStreamTrack | null): void {
    for (const stream of this.streams) {
      stream.setTrack(trackForMid(stream.mid));
    }
  }

  dispose(): void {
    this.streams.forEach((s) => s.dispose());
    this.emitter.clear();
  }

  private setSpeaking(value: boolean): void {
    if (value !== this.speaking) {
      this.speaking = value;
      this.emitter.changed('isSpeaking');
    }
  }

  private updateStreams(wireStreams: WireStream[]): void {
    const added: RemoteVideoStreamImpl[] = [];
    const seen = new Set<RemoteVideoStreamImpl>();
    for (const wire of wireStreams) {
      if (typeof wire?.id !== 'number' && typeof wire?.id !== 'string') continue;
      const wireId = Number(wire.id);
      const type: MediaStreamType = wire.mediaStreamType === 'ScreenSharing' ? 'ScreenSharing' : 'Video';
      let stream = this.streams.find((s) => s.wireId === wireId && s.mediaStreamType === type);
      if (!stream) {
        stream = new RemoteVideoStreamImpl(wireId, type);
        this.streams.push(stream);
        added.push(stream);
      }
      seen.add(stream);
      stream.mid = typeof wire.mid === 'string' ? wire.mid : null;
    }
    if (added.length > 0) {
      this.emitter.updated('videoStreams', added, []);
    }
    for (const stream of this.streams) {
      const wire = wireStreams.find((w) => Number(w.id) === stream.wireId);
      stream.setAvailable(seen.has(stream) && wire?.isAvailable !== false);
    }
  }
}
