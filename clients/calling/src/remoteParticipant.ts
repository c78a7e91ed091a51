// A remote participant as the server describes it (`participant.updated`: state, mute, `isSpeaking` as
// the server orders speakers, streams with their link and mid), plus what this library measures itself:
// each video stream's receiving state and size from the receiver statistics.

import { notSupported } from './errors.js';
import { Emitter, type AnyListener } from './events.js';
import { createIdentifierFromRawId, type CommunicationIdentifierKind } from './identifiers.js';
import type { WireParticipant, WireStream } from './protocol.js';
import { RemoteVideoStreamImpl } from './streams.js';
import type { CallEndReason, EndpointDetails, MediaStreamType, ParticipantRole, RemoteParticipant, RemoteParticipantState } from './types.js';

/** audioLevel (0–1) of this endpoint's own microphone above which it reports speaking (`media.speaking`). */
export const SpeakingThreshold = 0.01;
/** How long the level must stay under the threshold before speaking turns false. */
export const SpeakingHangoverMs = 1_000;

export class RemoteParticipantImpl implements RemoteParticipant {
  readonly identifier: CommunicationIdentifierKind;
  private readonly emitter = new Emitter();
  private name?: string;
  private nameChanged = false;
  private stateValue: RemoteParticipantState = 'Idle';
  private endReason?: CallEndReason;
  private muted = false;
  private speaking = false;
  private readonly streams: RemoteVideoStreamImpl[] = [];
  private endpoints: EndpointDetails[] = [];
  /** The link (mesh: the peer endpoint id) this participant's media arrives on. */
  link: string | null = null;

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
    const endpoint = wire.endpointId ?? peerEndpointId;
    if (endpoint && !this.endpoints.some((e) => e.participantId === endpoint)) {
      this.endpoints = [{ participantId: endpoint }];
    }
    if (wire.endpointId) {
      this.link = wire.endpointId;
    }
    if (typeof wire.isSpeaking === 'boolean') {
      this.setSpeaking(wire.isSpeaking && !wire.isMuted);
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
      const reason = wire.callEndReason ? { code: Number(wire.callEndReason.code) || 0, subCode: Number(wire.callEndReason.subCode) || 0 } : undefined;
      this.setState(wire.state, reason);
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

  /** Re-resolves each stream's receiver track by link and mid. */
  resolveTracks(trackFor: (link: string | null, mid: string | null) => MediaStreamTrack | null): void {
    for (const stream of this.streams) {
      stream.setTrack(trackFor(stream.link ?? this.link, stream.mid));
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
      stream.link = typeof wire.link === 'string' ? wire.link : null;
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
