// TeamsCall / Call: the state the server reports (`call.state`, `call.ended`, `participant.*`), local
// media (microphone, camera, screen share) and the call's RTCPeerConnection (media.ts). Remote audio is
// played through a hidden, unmuted <audio> element the call owns.

import type { DeviceManagerImpl } from './deviceManager.js';
import { CommunicationServicesError, ErrorCodes, badRequest, notSupported, toServicesError } from './errors.js';
import { Emitter, type AnyListener, type PropertyChangedEvent } from './events.js';
import { DominantSpeakersFeature, TransferFeatureImpl } from './features.js';
import { createIdentifierFromRawId, getIdentifierRawId, type CommunicationIdentifier } from './identifiers.js';
import type { Logger } from './logger.js';
import { MediaSession, type Purpose } from './media.js';
import type {
  CallNegotiateFrame,
  ClientFrame,
  ServerFrame,
  SignalFrame,
  WireCallSnapshot,
  WireIdentity,
  WireParticipant,
} from './protocol.js';
import { RemoteParticipantImpl, SpeakingHangoverMs, SpeakingThreshold } from './remoteParticipant.js';
import {
  LocalAudioStream,
  LocalVideoStream,
  RemoteAudioStreamImpl,
  createScreenShareStream,
  type LocalVideoStreamUser,
} from './streams.js';
import type {
  AcceptCallOptions,
  Call,
  CallConstraints,
  CallDirection,
  CallEndReason,
  CallerInfo,
  CallFeature,
  CallFeatureFactory,
  CallInfo,
  CallKind,
  CallState,
  DtmfTone,
  HangUpOptions,
  JoinCallOptions,
  Lobby,
  ParticipantRole,
  RemoteAudioStream,
  RemoteParticipant,
  TeamsCall,
  TeamsCallInfo,
} from './types.js';

/** Stream ids this endpoint uses in `media.state` (stable per purpose for the call's lifetime). */
const CameraStreamId = 1;
const ScreenStreamId = 2;
const StatsIntervalMs = 500;
const CommandTimeoutMs = 10_000;
const HangUpTimeoutMs = 5_000;

/** What a call needs from its agent. */
export interface CallContext {
  readonly kind: CallKind;
  readonly logger: Logger;
  readonly deviceManager: DeviceManagerImpl;
  send(frame: ClientFrame): void;
  request<T extends ServerFrame>(frame: ClientFrame, timeoutMs?: number): Promise<T>;
  iceServers(): RTCIceServer[];
  endpointId(): string;
  /** The call ended: the agent drops it from `calls`. */
  ended(call: CallImpl): void;
}

export interface CallInit {
  direction: CallDirection;
  callerInfo: CallerInfo;
  threadId?: string;
  /** The server's call id, when known at creation (accepted incoming calls). */
  serverCallId?: string;
  groupId?: string;
  transferorInfo?: CallerInfo;
  options?: JoinCallOptions | AcceptCallOptions;
}

export function callerInfoFrom(wire: WireIdentity | null | undefined): CallerInfo {
  if (!wire || typeof wire.rawId !== 'string') {
    return { identifier: undefined };
  }
  return { identifier: createIdentifierFromRawId(wire.rawId), displayName: wire.displayName || undefined };
}

interface StateWaiter {
  predicate: (state: CallState) => boolean;
  resolve(): void;
  reject(error: CommunicationServicesError): void;
}

let localCallCounter = 0;

export class CallImpl implements TeamsCall, Call, LocalVideoStreamUser {
  readonly direction: CallDirection;
  readonly info: TeamsCallInfo & CallInfo;
  readonly lobby: Lobby;

  private readonly emitter: Emitter;
  private idValue: string;
  private serverId?: string;
  private serverIdWaiters: Array<{ resolve(id: string): void; reject(e: CommunicationServicesError): void }> = [];
  private stateValue: CallState = 'None';
  private endReason?: CallEndReason;
  private ended = false;
  private callerInfoValue: CallerInfo;
  private threadIdValue?: string;
  private groupIdValue?: string;
  private muted: boolean;
  private incomingMuted = false;
  private cameraStream?: LocalVideoStream;
  private screenStream?: LocalVideoStream;
  private readonly localAudio: LocalAudioStream[];
  private readonly participants: RemoteParticipantImpl[] = [];
  private remoteAudio?: RemoteAudioStreamImpl;
  /** Media links by id (mesh: the peer endpoint's id). */
  private readonly links = new Map<string, Link>();
  private readonly opening = new Set<string>();
  private readonly closedLinks = new Set<string>();
  private readonly pendingSignals = new Map<string, SignalFrame[]>();
  private speakingSent = false;
  private lastLoudAt = 0;
  private transferorInfoValue?: CallerInfo;
  private readonly transferFeature: TransferFeatureImpl;
  private micTrack: MediaStreamTrack | null = null;
  private micOwned = false;
  private micReady: Promise<void> = Promise.resolve();
  private mediaFailedSent = false;
  private lastMediaState = '';
  private statsTimer?: ReturnType<typeof setInterval>;
  private readonly lastFrames = new Map<object, number>();
  private stateWaiters: StateWaiter[] = [];
  private pendingHangUp?: HangUpOptions;
  private readonly dominantSpeakers = new DominantSpeakersFeature();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly ctx: CallContext,
    init: CallInit,
  ) {
    this.emitter = new Emitter(ctx.logger);
    this.direction = init.direction;
    this.callerInfoValue = init.callerInfo;
    this.threadIdValue = init.threadId;
    this.groupIdValue = init.groupId;
    this.transferorInfoValue = init.transferorInfo;
    this.transferFeature = new TransferFeatureImpl({
      callId: () => this.serverId,
      request: (frame) => this.ctx.request(frame),
      logger: ctx.logger,
    });
    this.serverId = init.serverCallId;
    this.idValue = init.serverCallId ?? `local-${Date.now().toString(36)}-${++localCallCounter}`;
    this.muted = !!init.options?.audioOptions?.muted;
    this.localAudio = [...(init.options?.audioOptions?.localAudioStreams ?? [])].filter((s) => s instanceof LocalAudioStream);
    const camera = init.options?.videoOptions?.localVideoStreams?.find((s) => s instanceof LocalVideoStream && s.mediaStreamType === 'Video');
    if (camera) {
      this.cameraStream = camera;
      camera.attach(this);
    }

    const self = this;
    this.info = {
      getServerCallId: () => this.serverCallId(),
      get threadId() {
        return self.threadIdValue;
      },
      get participantId() {
        return self.ctx.endpointId();
      },
      get groupId() {
        return self.groupIdValue;
      },
      onCallInfoChanged: (_event: 'callInfoChanged', listener: PropertyChangedEvent) => this.emitter.on('callInfoChanged', listener),
      offCallInfoChanged: (_event: 'callInfoChanged', listener: PropertyChangedEvent) => this.emitter.off('callInfoChanged', listener),
    };
    this.lobby = {
      participants: [],
      admit: async () => {
        throw notSupported('Lobby');
      },
      reject: async () => {
        throw notSupported('Lobby');
      },
      admitAll: async () => {
        throw notSupported('Lobby');
      },
      on: () => {},
      off: () => {},
    };

    const dm = ctx.deviceManager;
    this.unsubscribe.push(dm.onInternal('selectedMicrophoneChanged', () => void this.switchMicrophone()));
    this.unsubscribe.push(dm.onInternal('selectedSpeakerChanged', () => void this.applySpeaker()));
  }

  // ------------------------------------------------------------------------------- properties

  get kind(): CallKind {
    return this.ctx.kind;
  }

  get id(): string {
    return this.idValue;
  }

  get state(): CallState {
    return this.stateValue;
  }

  get callEndReason(): CallEndReason | undefined {
    return this.endReason;
  }

  get callerInfo(): CallerInfo {
    return this.callerInfoValue;
  }

  get transferorInfo(): CallerInfo | undefined {
    return this.transferorInfoValue;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  get isIncomingAudioMuted(): boolean {
    return this.incomingMuted;
  }

  get isScreenSharingOn(): boolean {
    return !!this.screenStream;
  }

  get isLocalVideoStarted(): boolean {
    return !!this.cameraStream;
  }

  get localVideoStreams(): ReadonlyArray<LocalVideoStream> {
    return [this.cameraStream, this.screenStream].filter((s): s is LocalVideoStream => !!s);
  }

  get localAudioStreams(): ReadonlyArray<LocalAudioStream> {
    return [...this.localAudio];
  }

  get remoteAudioStreams(): ReadonlyArray<RemoteAudioStream> {
    return this.remoteAudio ? [this.remoteAudio] : [];
  }

  get remoteParticipants(): ReadonlyArray<RemoteParticipant> {
    return [...this.participants];
  }

  get role(): ParticipantRole {
    return 'Unknown';
  }

  get isEmergencyCall(): boolean {
    return false;
  }

  /** Internal: `transfer.accepted` — the transferee's new call replaces this one. */
  transferAccepted(targetCall: CallImpl): void {
    this.transferFeature.accepted(targetCall);
  }

  /** Internal. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Internal: the server's call id, once known. */
  get serverCallIdOrUndefined(): string | undefined {
    return this.serverId;
  }

  // ------------------------------------------------------------------------------- API

  feature<TFeature extends CallFeature>(factory: CallFeatureFactory<TFeature>): TFeature {
    const name = factory?.name;
    if (name === 'DominantSpeakers') {
      return this.dominantSpeakers as unknown as TFeature;
    }
    if (name === 'Transfer') {
      return this.transferFeature as unknown as TFeature;
    }
    throw notSupported(`The ${name ?? 'requested'} feature`);
  }

  async hangUp(options?: HangUpOptions): Promise<void> {
    if (this.ended) {
      return;
    }
    const forEveryone = !!options?.forEveryone;
    this.setState('Disconnecting');
    if (!this.serverId) {
      // call.start is still on its way: hang up as soon as the server created the call.
      this.pendingHangUp = { forEveryone };
    } else {
      this.ctx.request({ type: 'call.hangup', callId: this.serverId, forEveryone }, HangUpTimeoutMs).catch(() => {});
    }
    try {
      await this.waitFor(() => false, HangUpTimeoutMs, true);
    } catch {
      // Ended (expected), or no answer: end locally.
    }
    this.end({ code: 0, subCode: 0 });
  }

  async mute(): Promise<void> {
    this.throwIfEnded();
    if (this.muted) return;
    this.muted = true;
    if (this.micTrack) this.micTrack.enabled = false;
    this.emitter.changed('isMuted');
    this.publishMediaState();
  }

  async unmute(): Promise<void> {
    this.throwIfEnded();
    if (!this.muted) return;
    this.muted = false;
    if (this.micTrack) this.micTrack.enabled = true;
    this.emitter.changed('isMuted');
    this.publishMediaState();
  }

  async muteIncomingAudio(): Promise<void> {
    this.setIncomingMuted(true);
  }

  async unmuteIncomingAudio(): Promise<void> {
    this.setIncomingMuted(false);
  }

  async muteAllRemoteParticipants(): Promise<void> {
    throw notSupported('muteAllRemoteParticipants');
  }

  async sendDtmf(_dtmfTone: DtmfTone): Promise<void> {
    throw notSupported('sendDtmf');
  }

  async startVideo(localVideoStream: LocalVideoStream): Promise<void> {
    this.throwIfEnded();
    if (!(localVideoStream instanceof LocalVideoStream)) {
      throw badRequest('startVideo needs a LocalVideoStream.');
    }
    if (localVideoStream.mediaStreamType !== 'Video') {
      throw badRequest('Use startScreenSharing for a screen-sharing stream.');
    }
    if (this.cameraStream === localVideoStream) {
      return;
    }
    if (this.cameraStream) {
      throw new CommunicationServicesError('Video is already started: stop it first or use LocalVideoStream.switchSource.', ErrorCodes.badRequest);
    }
    const track = await localVideoStream.videoTrack();
    this.throwIfEnded();
    if (this.cameraStream) {
      throw new CommunicationServicesError('Video is already started.', ErrorCodes.badRequest);
    }
    this.cameraStream = localVideoStream;
    localVideoStream.attach(this);
    this.emitter.updated('localVideoStreams', [localVideoStream], []);
    this.emitter.changed('isLocalVideoStarted');
    await this.sendTrack('video', track);
  }

  async stopVideo(localVideoStream: LocalVideoStream): Promise<void> {
    this.throwIfEnded();
    if (!this.cameraStream || this.cameraStream !== localVideoStream) {
      throw badRequest('stopVideo needs the LocalVideoStream that was started.');
    }
    await this.stopCamera();
  }

  async hold(): Promise<void> {
    this.throwIfEnded();
    if (this.stateValue === 'LocalHold') return;
    if (this.stateValue !== 'Connected' && this.stateValue !== 'RemoteHold') {
      throw badRequest(`Cannot hold a call in state ${this.stateValue}.`);
    }
    await this.command({ type: 'call.hold', callId: this.serverId }, (s) => s === 'LocalHold');
  }

  async resume(): Promise<void> {
    this.throwIfEnded();
    if (this.stateValue !== 'LocalHold') return;
    await this.command({ type: 'call.resume', callId: this.serverId }, (s) => s === 'Connected' || s === 'RemoteHold');
  }

  async startScreenSharing(localVideoStream?: LocalVideoStream): Promise<void> {
    this.throwIfEnded();
    if (this.screenStream) {
      return;
    }
    let screen: LocalVideoStream;
    if (localVideoStream) {
      if (!(localVideoStream instanceof LocalVideoStream)) {
        throw badRequest('startScreenSharing takes a LocalVideoStream (or nothing, to ask the browser).');
      }
      screen = createScreenShareStream(await localVideoStream.getMediaStream(), false);
    } else {
      if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getDisplayMedia) {
        throw notSupported('Screen sharing in this browser');
      }
      let display: MediaStream;
      try {
        display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      } catch (error) {
        throw toServicesError(error, ErrorCodes.forbidden);
      }
      screen = createScreenShareStream(display, true);
    }
    const track = await screen.videoTrack();
    if (this.ended || this.screenStream) {
      screen.stopOwnTracks();
      this.throwIfEnded();
      return;
    }
    track.addEventListener('ended', () => {
      if (this.screenStream === screen) void this.stopScreenSharing();
    });
    this.screenStream = screen;
    screen.attach(this);
    this.emitter.updated('localVideoStreams', [screen], []);
    this.emitter.changed('isScreenSharingOn');
    await this.sendTrack('screen', track);
  }

  async stopScreenSharing(): Promise<void> {
    const screen = this.screenStream;
    if (!screen) return;
    this.screenStream = undefined;
    screen.detach(this);
    screen.stopOwnTracks();
    this.emitter.updated('localVideoStreams', [], [screen]);
    this.emitter.changed('isScreenSharingOn');
    await this.sendTrack('screen', null);
  }

  async startAudio(_localAudioStream: LocalAudioStream): Promise<void> {
    throw notSupported('startAudio (pass audioOptions.localAudioStreams when starting or accepting the call)');
  }

  stopAudio(): void {
    throw notSupported('stopAudio');
  }

  /** Accepted and ignored: the browser's defaults apply. */
  async setConstraints(_constraints: CallConstraints): Promise<void> {
    this.ctx.logger.info('setConstraints is ignored by Switchboard.');
  }

  /** Rings someone into the call; the participant is there at once (`Connecting`), the server's updates follow. */
  addParticipant(participant: CommunicationIdentifier, options?: { threadId?: string }): RemoteParticipant {
    this.throwIfEnded();
    const rawId = participant && typeof participant === 'object' ? getIdentifierRawId(participant) : '';
    if (!rawId) {
      throw badRequest('addParticipant takes a communication identifier.');
    }
    if (!this.serverId) {
      throw new CommunicationServicesError('The call is not set up yet.', ErrorCodes.badRequest);
    }
    let p = this.participants.find((x) => x.rawId === rawId);
    if (p) return p;
    p = new RemoteParticipantImpl(rawId);
    p.setState('Connecting');
    this.participants.push(p);
    this.emitter.updated('remoteParticipants', [p], []);
    const added = p;
    const frame: ClientFrame = { type: 'participant.add', callId: this.serverId, target: rawId };
    if (options?.threadId) frame['threadId'] = options.threadId;
    this.ctx.request(frame).catch((error) => {
      const e = toServicesError(error);
      this.ctx.logger.warning(`Adding ${rawId} failed: ${e.code}/${e.subCode} ${e.message}`);
      if (e.code === 409) return;
      added.setState('Disconnected', { code: e.code, subCode: e.subCode });
      this.participantRemoved(rawId);
    });
    return p;
  }

  /** Removes someone from the call: their call ends 0/5000. */
  async removeParticipant(participant: CommunicationIdentifier): Promise<void> {
    this.throwIfEnded();
    const rawId = participant && typeof participant === 'object' ? getIdentifierRawId(participant) : '';
    if (!rawId) {
      throw badRequest('removeParticipant takes a communication identifier.');
    }
    try {
      await this.ctx.request({ type: 'participant.remove', callId: this.serverId, target: rawId });
    } catch (error) {
      throw toServicesError(error);
    }
  }

  /** Statistics of every link, in one report (keys prefixed with the link id). */
  async getStats(): Promise<RTCStatsReport> {
    const merged = new Map<string, unknown>();
    if (this.ended) {
      return merged as unknown as RTCStatsReport;
    }
    for (const link of [...this.links.values()]) {
      try {
        const report = await link.media.getStats();
        report.forEach((value: unknown, key: string) => merged.set(`${link.id}/${key}`, value));
      } catch {
        // A link closing meanwhile has no statistics.
      }
    }
    return merged as unknown as RTCStatsReport;
  }

  dispose(): void {
    // Nothing to release beyond what the end of the call releases.
  }

  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  // ------------------------------------------------------------------------------- agent side

  /** Opens the microphone (or the stream from audioOptions.localAudioStreams) while the call gets set up. */
  prepareMicrophone(): void {
    this.micReady = this.openMicrophone().then(
      (track) => {
        if (this.ended) {
          if (this.micOwned) track?.stop();
          return;
        }
        this.micTrack = track;
        if (track) track.enabled = !this.muted;
      },
      (error) => this.ctx.logger.warning('No microphone: the call goes on without sending audio.', error),
    );
  }

  /** `call.created`: the server's id and state. */
  created(snapshot: WireCallSnapshot): void {
    this.applySnapshot(snapshot, true);
    if (this.pendingHangUp && this.serverId) {
      this.ctx.request({ type: 'call.hangup', callId: this.serverId, forEveryone: this.pendingHangUp.forEveryone }, HangUpTimeoutMs).catch(() => {});
    }
  }

  /** A snapshot (call.created, resume): id, thread, caller, participants, and (optionally) state. */
  applySnapshot(snapshot: WireCallSnapshot, withState: boolean): void {
    if (this.ended) return;
    this.setServerId(snapshot.callId);
    const threadId = snapshot.threadId ?? undefined;
    if (threadId !== this.threadIdValue && threadId !== undefined) {
      this.threadIdValue = threadId;
      this.emitter.emit('callInfoChanged');
    }
    if (snapshot.transferorInfo?.rawId) {
      const info = callerInfoFrom(snapshot.transferorInfo);
      const beforeRaw = this.transferorInfoValue?.identifier ? getIdentifierRawId(this.transferorInfoValue.identifier) : undefined;
      if (beforeRaw !== snapshot.transferorInfo.rawId) {
        this.transferorInfoValue = info;
        this.emitter.changed('transferorInfo');
      }
    }
    if (snapshot.speakers && snapshot.speakers.length > 0) {
      this.speakersChanged(snapshot.speakers);
    }
    if (snapshot.callerInfo?.rawId) {
      const info = callerInfoFrom(snapshot.callerInfo);
      const before = this.callerInfoValue;
      const beforeRaw = before.identifier ? getIdentifierRawId(before.identifier) : undefined;
      if (beforeRaw !== snapshot.callerInfo.rawId || before.displayName !== info.displayName) {
        this.callerInfoValue = info;
        this.emitter.changed('callerInfo');
      }
    }
    for (const participant of snapshot.participants ?? []) {
      this.participantUpdated(participant);
    }
    if (withState && snapshot.state) {
      this.setState(snapshot.state);
    }
  }

  /** `call.start` failed (or another request that ends the call). */
  fail(error: unknown): void {
    const e = toServicesError(error);
    this.ctx.logger.warning(`Call ${this.idValue} failed: ${e.code}/${e.subCode} ${e.message}`);
    this.end({ code: e.code, subCode: e.subCode });
  }

  /** Accepts an incoming call: resolves once the server moved this endpoint past Ringing. */
  async accept(): Promise<void> {
    await this.command({ type: 'call.accept', callId: this.serverId }, (s) => s !== 'None' && s !== 'Ringing');
  }

  /** Routes a server frame about this call. */
  handle(frame: ServerFrame): void {
    if (this.ended) return;
    switch (frame.type) {
      case 'call.state':
        this.setState(frame.state);
        break;
      case 'call.ended':
        this.end({ code: Number(frame.code) || 0, subCode: Number(frame.subCode) || 0 });
        break;
      case 'call.negotiate':
        void this.negotiate(frame);
        break;
      case 'participant.updated':
        this.participantUpdated(frame.participant);
        break;
      case 'participant.removed':
        this.participantRemoved(frame.rawId);
        break;
      case 'signal': {
        const id = frame.link ?? frame.fromEndpointId ?? '';
        const link = this.links.get(id);
        if (link) {
          void link.media.handleSignal(frame);
        } else if (!this.closedLinks.has(id)) {
          const queued = this.pendingSignals.get(id) ?? [];
          queued.push(frame);
          this.pendingSignals.set(id, queued);
        }
        break;
      }
      case 'link.closed':
        this.closeLink(frame.link);
        break;
      case 'call.media':
        this.ctx.logger.info(`Call ${this.idValue} moves to the ${frame.topology} topology.`);
        for (const id of [...this.links.keys()]) this.closeLink(id);
        break;
      case 'speakers':
        this.speakersChanged(frame.speakers ?? []);
        break;
      case 'transfer.state':
        this.transferFeature.stateFrame(frame);
        break;
      case 'error':
        this.ctx.logger.warning(`Server error for call ${this.idValue}: ${frame.code}/${frame.subCode ?? 0} ${frame.message ?? ''}`);
        break;
      default:
        break;
    }
  }

  /** The signaling socket came back (resumed): media that stalled meanwhile gets an ICE restart. */
  resumed(): void {
    // A media.state sent just before the drop may be lost: say it again.
    this.lastMediaState = '';
    this.publishMediaState();
    for (const link of this.links.values()) {
      const state = link.media.pc.connectionState;
      if (state === 'disconnected' || state === 'failed') {
        link.media.restartIce();
      }
    }
  }

  /** Ends the call locally with a reason (idempotent). */
  end(reason: CallEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = { code: reason.code, subCode: reason.subCode ?? 0 };
    this.teardownMedia();
    if (this.screenStream) {
      const screen = this.screenStream;
      this.screenStream = undefined;
      screen.detach(this);
      screen.stopOwnTracks();
      this.emitter.updated('localVideoStreams', [], [screen]);
      this.emitter.changed('isScreenSharingOn');
    }
    this.cameraStream?.detach(this);
    this.unsubscribe.splice(0).forEach((u) => u());

    const removed = this.participants.splice(0);
    for (const p of removed) {
      p.setState('Disconnected');
    }
    this.emitter.updated('remoteParticipants', [], removed);

    if (this.stateValue !== 'Disconnected') {
      this.stateValue = 'Disconnected';
      this.emitter.changed('state');
    }
    const error = new CommunicationServicesError(`The call ended (${this.endReason.code}/${this.endReason.subCode}).`, this.endReason.code, this.endReason.subCode ?? 0);
    for (const waiter of this.stateWaiters.splice(0)) {
      waiter.reject(error);
    }
    for (const waiter of this.serverIdWaiters.splice(0)) {
      waiter.reject(error);
    }
    removed.forEach((p) => p.dispose());
    this.dominantSpeakers.dispose();
    this.transferFeature.callEnded();
    this.ctx.ended(this);
  }

  // LocalVideoStreamUser
  localVideoTrackChanged(stream: LocalVideoStream, track: MediaStreamTrack | null): void {
    if (this.ended) return;
    if (stream === this.cameraStream) {
      if (track) {
        void this.sendTrack('video', track);
      } else {
        void this.stopCamera();
      }
    } else if (stream === this.screenStream) {
      if (track) {
        void this.sendTrack('screen', track);
      } else {
        void this.stopScreenSharing();
      }
    }
  }

  // ------------------------------------------------------------------------------- internals

  private throwIfEnded(): void {
    if (this.ended) {
      throw new CommunicationServicesError('The call has ended.', ErrorCodes.badRequest);
    }
  }

  private serverCallId(): Promise<string> {
    if (this.serverId) return Promise.resolve(this.serverId);
    if (this.ended) return Promise.reject(new CommunicationServicesError('The call ended before the server created it.', this.endReason?.code ?? 0, this.endReason?.subCode ?? 0));
    return new Promise((resolve, reject) => this.serverIdWaiters.push({ resolve, reject }));
  }

  private setServerId(callId: string): void {
    if (!callId || (this.serverId === callId && this.idValue === callId)) return;
    this.serverId = callId;
    if (this.idValue !== callId) {
      this.idValue = callId;
      this.emitter.changed('id');
    }
    for (const waiter of this.serverIdWaiters.splice(0)) {
      waiter.resolve(callId);
    }
  }

  private setState(state: CallState): void {
    if (this.ended || state === this.stateValue) return;
    if (state === 'Disconnected') {
      // Final only with call.ended (which carries the reason).
      return;
    }
    if (this.stateValue === 'Disconnecting' && state !== 'Disconnecting') {
      // Hanging up: the server's intermediate states no longer matter.
      return;
    }
    this.stateValue = state;
    for (const link of this.links.values()) {
      void link.media.setHeld(state === 'LocalHold' || state === 'RemoteHold');
    }
    this.emitter.changed('state');
    for (const waiter of [...this.stateWaiters]) {
      if (waiter.predicate(state)) {
        this.stateWaiters.splice(this.stateWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves when the state satisfies `predicate` (rejects when the call ends, unless `endIsSuccess`). */
  private waitFor(predicate: (s: CallState) => boolean, timeoutMs: number, endIsSuccess = false): Promise<void> {
    if (predicate(this.stateValue)) return Promise.resolve();
    if (this.ended) return endIsSuccess ? Promise.resolve() : Promise.reject(new CommunicationServicesError('The call has ended.', this.endReason?.code ?? 0, this.endReason?.subCode ?? 0));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.stateWaiters.indexOf(waiter);
        if (i >= 0) this.stateWaiters.splice(i, 1);
        reject(new CommunicationServicesError('The server did not confirm in time.', ErrorCodes.timeout));
      }, timeoutMs);
      const waiter: StateWaiter = {
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          if (endIsSuccess) resolve();
          else reject(e);
        },
      };
      this.stateWaiters.push(waiter);
    });
  }

  /**
   * Sends a request the server answers with a state change (and with `error` + requestId on refusal):
   * resolves at the state (or at a proposed `ack`), rejects on `error` or when nothing came in time.
   */
  private command(frame: ClientFrame, done: (s: CallState) => boolean): Promise<void> {
    if (!frame.callId) {
      return Promise.reject(new CommunicationServicesError('The call is not set up yet.', ErrorCodes.badRequest));
    }
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        if (error) reject(toServicesError(error));
        else resolve();
      };
      this.waitFor(done, CommandTimeoutMs).then(() => settle(), (e) => settle(e));
      this.ctx.request(frame, CommandTimeoutMs).then(() => settle(), (e) => settle(e));
    });
  }

  private async openMicrophone(): Promise<MediaStreamTrack | null> {
    const local = this.localAudio[0];
    if (local) {
      this.micOwned = false;
      const stream = await local.getMediaStream();
      return stream.getAudioTracks()[0] ?? null;
    }
    if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
      return null;
    }
    const stream = await navigator.mediaDevices.getUserMedia({ audio: this.ctx.deviceManager.microphoneConstraints(), video: false });
    this.micOwned = true;
    return stream.getAudioTracks()[0] ?? null;
  }

  private async switchMicrophone(): Promise<void> {
    if (this.ended || this.localAudio.length > 0 || !this.micOwned) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: this.ctx.deviceManager.microphoneConstraints(), video: false });
      const track = stream.getAudioTracks()[0] ?? null;
      if (this.ended) {
        track?.stop();
        return;
      }
      const old = this.micTrack;
      this.micTrack = track;
      if (track) track.enabled = !this.muted;
      await Promise.all([...this.links.values()].map((l) => l.media.setTrack('audio', track)));
      old?.stop();
    } catch (error) {
      this.ctx.logger.warning('Switching the microphone failed', error);
    }
  }

  private applySpeaker(): void {
    const id = this.ctx.deviceManager.selectedSpeaker?.id;
    for (const link of this.links.values()) {
      const el = link.audio as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | undefined;
      if (el?.setSinkId && id) {
        el.setSinkId(id).catch((error) => this.ctx.logger.warning('Choosing the speaker failed', error));
      }
    }
  }

  private setIncomingMuted(muted: boolean): void {
    if (this.incomingMuted === muted) return;
    this.incomingMuted = muted;
    // Volume, not `muted`: a muted element stops the audio pipeline (received audio levels drop to 0).
    for (const link of this.links.values()) {
      if (link.audio) link.audio.volume = muted ? 0 : 1;
    }
    this.emitter.changed('isIncomingAudioMuted');
  }

  private async stopCamera(): Promise<void> {
    const camera = this.cameraStream;
    if (!camera) return;
    this.cameraStream = undefined;
    camera.detach(this);
    this.emitter.updated('localVideoStreams', [], [camera]);
    this.emitter.changed('isLocalVideoStarted');
    await this.sendTrack('video', null);
  }

  private async sendTrack(purpose: Purpose, track: MediaStreamTrack | null): Promise<void> {
    await Promise.all([...this.links.values()].map((l) => l.media.setTrack(purpose, track)));
    this.publishMediaState();
  }

  /** `call.negotiate`: opens one link (mesh: an RTCPeerConnection to one peer endpoint) with the current local media. */
  private async negotiate(frame: CallNegotiateFrame): Promise<void> {
    const id = frame.link ?? frame.peerEndpointId;
    if (!id || this.links.has(id) || this.opening.has(id)) {
      this.ctx.logger.verbose(`Ignoring a repeated call.negotiate for link ${id}.`);
      return;
    }
    this.opening.add(id);
    // The same peer endpoint may come back (removed, then added again): a new link under the old id.
    this.closedLinks.delete(id);
    await this.micReady;
    const camera = this.cameraStream ? await this.cameraStream.videoTrack().catch((e) => this.mediaWarning('camera', e)) : null;
    const screen = this.screenStream ? await this.screenStream.videoTrack().catch((e) => this.mediaWarning('screen share', e)) : null;
    this.opening.delete(id);
    if (this.ended || this.closedLinks.has(id)) {
      return;
    }

    const link: Link = { id, connectedSent: false, media: undefined as unknown as MediaSession };
    link.media = new MediaSession({
      polite: !!frame.polite,
      iceServers: this.ctx.iceServers(),
      logger: this.ctx.logger,
      sendSignal: (signal) => {
        if (!this.ended && this.serverId && this.links.get(id) === link) {
          this.ctx.send({ type: 'signal', callId: this.serverId, link: id, ...signal });
        }
      },
      connectionStateChanged: (state) => this.mediaConnectionState(link, state),
      remoteTrack: (track) => this.remoteTrack(link, track),
      negotiated: () => this.negotiated(link),
    });
    this.links.set(id, link);
    const media = link.media;
    const held = this.stateValue === 'LocalHold' || this.stateValue === 'RemoteHold';
    if (held) void media.setHeld(true);
    void media.setTrack('audio', this.micTrack);
    if (this.cameraStream && camera) void media.setTrack('video', camera);
    if (this.screenStream && screen) void media.setTrack('screen', screen);
    for (const signal of this.pendingSignals.get(id) ?? []) {
      void media.handleSignal(signal);
    }
    this.pendingSignals.delete(id);
    this.statsTimer ??= setInterval(() => void this.pollStats(), StatsIntervalMs);
    this.publishMediaState();
  }

  /** `link.closed`: the peer left (or the topology changed): its RTCPeerConnection goes away. */
  private closeLink(id: string): void {
    this.closedLinks.add(id);
    this.pendingSignals.delete(id);
    const link = this.links.get(id);
    if (!link) return;
    this.links.delete(id);
    link.media.close();
    if (link.audio) {
      link.audio.pause();
      link.audio.srcObject = null;
      link.audio.remove();
    }
    this.resolveRemoteTracks();
    this.publishMediaState();
  }

  private mediaWarning(what: string, error: unknown): null {
    this.ctx.logger.warning(`Could not open the ${what} for the call`, error);
    return null;
  }

  private mediaConnectionState(link: Link, state: RTCPeerConnectionState): void {
    if (this.ended || !this.serverId) return;
    if (state === 'connected' && !link.connectedSent) {
      link.connectedSent = true;
      this.ctx.send({ type: 'media.connected', callId: this.serverId, link: link.id });
    } else if (state === 'failed' && !this.mediaFailedSent) {
      this.mediaFailedSent = true;
      this.ctx.logger.warning(`Media of call ${this.serverId} (link ${link.id}) failed.`);
      this.ctx.send({ type: 'media.failed', callId: this.serverId, link: link.id });
    }
  }

  private remoteTrack(link: Link, track: MediaStreamTrack): void {
    if (track.kind === 'audio') {
      this.attachRemoteAudio(link, track);
    }
    this.resolveRemoteTracks();
  }

  private negotiated(link: Link): void {
    this.resolveRemoteTracks();
    for (const track of link.media.remoteAudioTracks()) {
      this.attachRemoteAudio(link, track);
    }
    this.publishMediaState();
  }

  private resolveRemoteTracks(): void {
    const trackFor = (linkId: string | null, mid: string | null) => (linkId ? this.links.get(linkId)?.media.receiverTrack(mid) ?? null : null);
    for (const p of this.participants) {
      p.resolveTracks(trackFor);
    }
  }

  /** Plays each link's remote audio through its own hidden, unmuted <audio autoplay> element. */
  private attachRemoteAudio(link: Link, track: MediaStreamTrack): void {
    if (this.ended) return;
    if (!this.remoteAudio) {
      this.remoteAudio = new RemoteAudioStreamImpl(new MediaStream());
      this.emitter.updated('remoteAudioStreams', [this.remoteAudio], []);
    }
    if (!this.remoteAudio.stream.getTracks().includes(track)) {
      this.remoteAudio.stream.addTrack(track);
    }
    if (typeof document === 'undefined') return;
    let el = link.audio;
    if (!el) {
      el = document.createElement('audio');
      el.autoplay = true;
      el.setAttribute('playsinline', '');
      el.style.display = 'none';
      el.dataset['switchboardCall'] = this.serverId ?? this.idValue;
      el.dataset['switchboardLink'] = link.id;
      el.volume = this.incomingMuted ? 0 : 1;
      (document.body ?? document.documentElement).appendChild(el);
      link.audio = el;
      link.audioStream = new MediaStream();
      this.applySpeaker();
    }
    const stream = link.audioStream!;
    if (stream.getTracks().includes(track)) return;
    stream.addTrack(track);
    el.srcObject = null;
    el.srcObject = stream;
    el.play().catch((error) => this.ctx.logger.warning('Remote audio could not start playing (autoplay policy?)', error));
  }

  /** `media.state`: mute, and per video stream the mid of its transceiver on each link. */
  private publishMediaState(): void {
    if (!this.serverId || this.ended || this.links.size === 0) return;
    const streams: Array<{ id: number; mediaStreamType: 'Video' | 'ScreenSharing'; mids: Record<string, string> }> = [];
    const describe = (purpose: Purpose, id: number, mediaStreamType: 'Video' | 'ScreenSharing') => {
      const mids: Record<string, string> = {};
      for (const link of this.links.values()) {
        if (link.media.isSending(purpose)) mids[link.id] = link.media.midOf(purpose)!;
      }
      if (Object.keys(mids).length > 0) streams.push({ id, mediaStreamType, mids });
    };
    if (this.cameraStream) describe('video', CameraStreamId, 'Video');
    if (this.screenStream) describe('screen', ScreenStreamId, 'ScreenSharing');
    const frame = { type: 'media.state', callId: this.serverId, isMuted: this.muted, streams };
    const key = JSON.stringify(frame);
    if (key === this.lastMediaState) return;
    this.lastMediaState = key;
    this.ctx.send(frame);
  }

  private participantUpdated(wire: WireParticipant): void {
    if (!wire || typeof wire.rawId !== 'string') return;
    let p = this.participants.find((x) => x.rawId === wire.rawId);
    if (!p) {
      if (wire.state === 'Disconnected') return;
      p = new RemoteParticipantImpl(wire.rawId, wire.displayName);
      p.update(wire);
      this.participants.push(p);
      this.emitter.updated('remoteParticipants', [p], []);
    } else {
      p.update(wire);
    }
    this.resolveRemoteTracks();
  }

  private participantRemoved(rawId: string): void {
    const index = this.participants.findIndex((x) => x.rawId === rawId);
    if (index < 0) return;
    const [p] = this.participants.splice(index, 1);
    p!.setState('Disconnected');
    this.emitter.updated('remoteParticipants', [], [p!]);
    p!.dispose();
  }

  /** `speakers`: the server's order of speakers (most recent first). */
  private speakersChanged(rawIds: string[]): void {
    this.dominantSpeakers.set(rawIds.map((id) => createIdentifierFromRawId(id)));
  }

  /** Reports whether this endpoint's user is speaking, from its own microphone's level (`media-source` audioLevel). */
  private reportSpeaking(level: number, now: number): void {
    if (!this.serverId) return;
    let speaking = this.speakingSent;
    if (this.muted || !this.micTrack) {
      speaking = false;
    } else if (level > SpeakingThreshold) {
      this.lastLoudAt = now;
      speaking = true;
    } else if (now - this.lastLoudAt >= SpeakingHangoverMs) {
      speaking = false;
    }
    if (speaking !== this.speakingSent) {
      this.speakingSent = speaking;
      this.ctx.send({ type: 'media.speaking', callId: this.serverId, isSpeaking: speaking });
    }
  }

  private async pollStats(): Promise<void> {
    if (this.ended || this.links.size === 0) return;
    const now = Date.now();
    let totalLevel = 0;
    let ownLevel = 0;
    for (const link of [...this.links.values()]) {
      let report: RTCStatsReport;
      try {
        report = await link.media.getStats();
      } catch {
        continue;
      }
      if (this.ended) return;
      const videoByMid = new Map<string, Record<string, unknown>>();
      report.forEach((s: Record<string, unknown>) => {
        if (s['type'] === 'media-source' && s['kind'] === 'audio') {
          ownLevel = Math.max(ownLevel, Number(s['audioLevel'] ?? 0));
        }
        if (s['type'] !== 'inbound-rtp') return;
        if (s['kind'] === 'audio') {
          totalLevel = Math.max(totalLevel, Number(s['audioLevel'] ?? 0));
        } else if (s['kind'] === 'video' && typeof s['mid'] === 'string') {
          videoByMid.set(s['mid'], s);
        }
      });
      for (const p of this.participants) {
        for (const stream of p.videoStreams) {
          if ((stream.link ?? p.link) !== link.id) continue;
          const stat = stream.mid !== null ? videoByMid.get(stream.mid) : undefined;
          if (!stat) {
            stream.setReceiving(false);
            continue;
          }
          const frames = Number(stat['framesDecoded'] ?? 0);
          const previous = this.lastFrames.get(stream);
          this.lastFrames.set(stream, frames);
          stream.setReceiving(stream.isAvailable && previous !== undefined && frames > previous);
          stream.setSize(Number(stat['frameWidth'] ?? 0), Number(stat['frameHeight'] ?? 0));
        }
      }
    }
    this.remoteAudio?.volume.set(totalLevel);
    this.reportSpeaking(ownLevel, now);
  }

  private teardownMedia(): void {
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    for (const id of [...this.links.keys()]) {
      this.closeLink(id);
    }
    this.pendingSignals.clear();
    if (this.micOwned) this.micTrack?.stop();
    this.micTrack = null;
  }
}

/** One RTCPeerConnection of a call (mesh: to one peer endpoint; SFU: `pub` or `sub`), and the element playing its audio. */
interface Link {
  readonly id: string;
  media: MediaSession;
  connectedSent: boolean;
  audio?: HTMLAudioElement;
  audioStream?: MediaStream;
}
