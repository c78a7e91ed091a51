// TeamsCallAgent (Teams users) and CallAgent (ACS users): one implementation over one signaling
// connection. Routes the server's frames to calls and incoming calls, keeps `calls`, and follows the
// connection (resume keeps calls alive; an expired grace period or a refused token ends them).

import { CallImpl, callerInfoFrom, type CallContext } from './call.js';
import type { DeviceManagerImpl } from './deviceManager.js';
import { CommunicationServicesError, ErrorCodes, badRequest, notSupported } from './errors.js';
import { Emitter, type AnyListener } from './events.js';
import { getIdentifierRawId, type CommunicationIdentifier } from './identifiers.js';
import { IncomingCallImpl } from './incomingCall.js';
import type { Logger } from './logger.js';
import type { AgentConnectedFrame, CallCreatedFrame, ClientFrame, ServerFrame, TransferAcceptedFrame, WireIceServer, WireIdentity } from './protocol.js';
import type { SignalingConnection } from './signaling.js';
import {
  CallAgentKind,
  CallKind,
  IncomingCallKind,
  type AcceptCallOptions,
  type Call,
  type CallAgent,
  type CallEndReason,
  type GroupCallLocator,
  type RoomCallLocator,
  type TeamsMeetingIdLocator,
  type TeamsMeetingLinkLocator,
  type ConnectionState,
  type ConnectionStateChangedReason,
  type IceServer,
  type JoinCallOptions,
  type StartCallOptions,
  type StartTeamsCallOptions,
  type TeamsCall,
  type TeamsCallAgent,
} from './types.js';

/** Reasons this library gives calls it ends itself. */
const LostReason: CallEndReason = { code: 408, subCode: 0 };
const InvalidTokenReason: CallEndReason = { code: 495, subCode: 4507 };
const GoneFromServerReason: CallEndReason = { code: 0, subCode: 5003 };
const LocalHangUpReason: CallEndReason = { code: 0, subCode: 0 };

type JoinLocator = GroupCallLocator | RoomCallLocator | TeamsMeetingLinkLocator | TeamsMeetingIdLocator;

export interface CallAgentInit {
  kind: CallAgentKind;
  signaling: SignalingConnection;
  connected: AgentConnectedFrame;
  deviceManager: DeviceManagerImpl;
  logger: Logger;
  extraIceServers: IceServer[];
  disposed(agent: CallAgentImpl): void;
}

function toRtcIceServers(servers: ReadonlyArray<WireIceServer | IceServer> | undefined): RTCIceServer[] {
  const result: RTCIceServer[] = [];
  for (const server of servers ?? []) {
    if (!server?.urls || (Array.isArray(server.urls) && server.urls.length === 0)) continue;
    const entry: RTCIceServer = { urls: server.urls };
    if (server.username) entry.username = server.username;
    if (server.credential) entry.credential = server.credential;
    result.push(entry);
  }
  return result;
}

export class CallAgentImpl implements TeamsCallAgent, CallAgent {
  readonly kind: CallAgentKind;
  private readonly emitter: Emitter;
  private readonly signaling: SignalingConnection;
  private readonly logger: Logger;
  private readonly extraIceServers: RTCIceServer[];
  private readonly onDisposed: (agent: CallAgentImpl) => void;
  private identity: WireIdentity;
  private serverIceServers: RTCIceServer[];
  private connection: ConnectionState = 'Connected';
  private readonly callList: CallImpl[] = [];
  /** Calls by the server's call id (including accepted calls not yet confirmed). */
  private readonly byServerId = new Map<string, CallImpl>();
  private readonly incoming = new Map<string, IncomingCallImpl>();
  private disposedFlag = false;
  private readonly context: CallContext;

  constructor(init: CallAgentInit) {
    this.kind = init.kind;
    this.signaling = init.signaling;
    this.logger = init.logger;
    this.emitter = new Emitter(init.logger);
    this.extraIceServers = toRtcIceServers(init.extraIceServers);
    this.onDisposed = init.disposed;
    this.identity = init.connected.identity;
    this.serverIceServers = toRtcIceServers(init.connected.iceServers);

    const agent = this;
    this.context = {
      kind: init.kind === CallAgentKind.TeamsCallAgent ? CallKind.TeamsCall : CallKind.Call,
      logger: init.logger,
      deviceManager: init.deviceManager,
      send: (frame: ClientFrame) => agent.signaling.send(frame),
      request: <T extends ServerFrame>(frame: ClientFrame, timeoutMs?: number) => agent.signaling.request<T>(frame, timeoutMs),
      iceServers: () => [...agent.serverIceServers, ...agent.extraIceServers],
      endpointId: () => agent.signaling.endpointId,
      ended: (call: CallImpl) => agent.callEnded(call),
    };

    this.signaling.handlers = {
      frame: (frame) => this.handle(frame),
      dropped: () => this.setConnectionState('Disconnected', 'connectionIssue'),
      reconnected: (connected, resumed) => this.reconnected(connected, resumed),
      graceExpired: () => this.endEverything(LostReason),
      closed: (reason) => {
        if (reason === 'invalidToken') {
          this.endEverything(InvalidTokenReason);
          this.setConnectionState('Disconnected', 'invalidToken');
        }
      },
    };
    for (const snapshot of init.connected.calls ?? []) {
      this.logger.verbose(`Ignoring call ${snapshot.callId} listed on a fresh connection.`);
    }
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  get calls(): ReadonlyArray<TeamsCall & Call> {
    return [...this.callList];
  }

  /** ACS users: the display name the agent was created with. */
  get displayName(): string | undefined {
    return this.identity.displayName || undefined;
  }

  startCall(participants: CommunicationIdentifier | CommunicationIdentifier[], options?: StartTeamsCallOptions & StartCallOptions): TeamsCall & Call {
    if (this.disposedFlag) {
      throw new CommunicationServicesError('The call agent was disposed.', ErrorCodes.badRequest);
    }
    if (this.closedForGood) {
      throw new CommunicationServicesError('The call agent is disconnected: its token is no longer valid.', ErrorCodes.unauthorized);
    }
    const list = Array.isArray(participants) ? participants : [participants];
    if (list.length === 0) {
      throw badRequest('startCall needs at least one participant.');
    }
    const targets = list.map((p) => {
      if (!p || typeof p !== 'object') {
        throw badRequest('startCall takes communication identifiers.');
      }
      const rawId = getIdentifierRawId(p);
      if (!rawId) {
        throw badRequest('A participant has no id.');
      }
      return rawId;
    });
    const threadId = options?.threadId;
    const call = new CallImpl(this.context, {
      direction: 'Outgoing',
      callerInfo: callerInfoFrom(this.identity),
      threadId,
      options,
    });
    this.addCall(call);
    call.prepareMicrophone();
    const frame: ClientFrame = { type: 'call.start', targets, video: call.isLocalVideoStarted };
    if (threadId) frame['threadId'] = threadId;
    this.signaling.request<CallCreatedFrame>(frame).then(
      (created) => this.created(call, created),
      (error) => call.fail(error),
    );
    return call;
  }

  /** `call.created`: the answer to call.start or call.join. */
  private created(call: CallImpl, created: CallCreatedFrame): void {
    const callId = created.call?.callId;
    if (!callId) {
      call.fail(new CommunicationServicesError('The server answered without a call.', ErrorCodes.internal));
      return;
    }
    if (call.isEnded) {
      // Hung up locally before the server answered: end it there too.
      this.signaling.send({ type: 'call.hangup', callId, forEveryone: false });
      return;
    }
    this.byServerId.set(callId, call);
    call.created(created.call);
  }

  /**
   * Joins a Teams meeting (`{ meetingLink }` or `{ meetingId, passcode }`) or an ad-hoc room
   * (`{ groupId }`: Switchboard's extension for Teams users, as ACS's GroupCallLocator). The first joiner
   * starts the call; a wrong passcode or unknown meeting ends the returned call with the server's error.
   */
  join(locator: JoinLocator, options?: JoinCallOptions): TeamsCall & Call {
    if (this.disposedFlag) {
      throw new CommunicationServicesError('The call agent was disposed.', ErrorCodes.badRequest);
    }
    if (this.closedForGood) {
      throw new CommunicationServicesError('The call agent is disconnected: its token is no longer valid.', ErrorCodes.unauthorized);
    }
    const frame: ClientFrame = { type: 'call.join' };
    if (locator && 'groupId' in locator && typeof locator.groupId === 'string') {
      frame['groupId'] = locator.groupId;
    } else if (locator && 'meetingLink' in locator && typeof locator.meetingLink === 'string') {
      frame['meetingLink'] = locator.meetingLink;
    } else if (locator && 'meetingId' in locator && typeof locator.meetingId === 'string') {
      frame['meetingId'] = locator.meetingId;
      if (typeof locator.passcode === 'string') frame['passcode'] = locator.passcode;
    } else if (locator && 'roomId' in locator) {
      throw notSupported('Rooms (RoomCallLocator)');
    } else {
      throw badRequest('join needs { meetingLink }, { meetingId, passcode } or { groupId }.');
    }
    const call = new CallImpl(this.context, {
      direction: 'Outgoing',
      callerInfo: callerInfoFrom(this.identity),
      groupId: typeof frame['groupId'] === 'string' ? frame['groupId'] : undefined,
      options,
    });
    this.addCall(call);
    call.prepareMicrophone();
    this.signaling.request<CallCreatedFrame>(frame).then(
      (created) => this.created(call, created),
      (error) => call.fail(error),
    );
    return call;
  }

  async dispose(): Promise<void> {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    for (const call of [...this.callList]) {
      const callId = call.serverCallIdOrUndefined;
      if (callId) {
        this.signaling.send({ type: 'call.hangup', callId, forEveryone: false });
      }
      call.end(LocalHangUpReason);
    }
    for (const incoming of this.incoming.values()) {
      incoming.answered = true;
    }
    this.incoming.clear();
    this.signaling.close();
    this.setConnectionState('Disconnected');
    this.emitter.clear();
    this.onDisposed(this);
  }

  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  // ------------------------------------------------------------------------------- internals

  /** The token was refused: the agent cannot reconnect. */
  private closedForGood = false;

  private setConnectionState(state: ConnectionState, reason?: ConnectionStateChangedReason): void {
    if (reason === 'invalidToken') {
      this.closedForGood = true;
    }
    if (state === this.connection) return;
    const oldValue = this.connection;
    this.connection = state;
    this.emitter.emit('connectionStateChanged', reason ? { newValue: state, oldValue, reason } : { newValue: state, oldValue });
  }

  private addCall(call: CallImpl): void {
    this.callList.push(call);
    this.emitter.updated('calls', [call], []);
  }

  private callEnded(call: CallImpl): void {
    const id = call.serverCallIdOrUndefined;
    if (id && this.byServerId.get(id) === call) {
      this.byServerId.delete(id);
    }
    const index = this.callList.indexOf(call);
    if (index >= 0) {
      this.callList.splice(index, 1);
      this.emitter.updated('calls', [], [call]);
    }
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'call.incoming':
        this.incomingCall(frame);
        return;
      case 'call.created': {
        // An answer whose request already timed out: the server created a call nobody waits for.
        const callId = frame.call?.callId;
        if (callId && !this.byServerId.has(callId)) {
          this.signaling.send({ type: 'call.hangup', callId, forEveryone: false });
        }
        return;
      }
      case 'call.ended': {
        const ringing = this.incoming.get(frame.callId);
        if (ringing) {
          this.incoming.delete(frame.callId);
          ringing.end({ code: Number(frame.code) || 0, subCode: Number(frame.subCode) || 0 });
        }
        this.byServerId.get(frame.callId)?.handle(frame);
        return;
      }
      case 'transfer.accepted':
        this.transferAccepted(frame);
        return;
      case 'call.state':
      case 'call.negotiate':
      case 'participant.updated':
      case 'participant.removed':
      case 'link.closed':
      case 'call.media':
      case 'speakers':
      case 'transfer.state':
      case 'signal': {
        const call = this.byServerId.get(frame.callId);
        if (call) {
          call.handle(frame);
        } else {
          this.logger.verbose(`'${frame.type}' for unknown call ${frame.callId}`);
        }
        return;
      }
      case 'error': {
        const call = frame.callId ? this.byServerId.get(frame.callId) : undefined;
        if (call) {
          call.handle(frame);
        } else {
          this.logger.warning(`Server error ${frame.code}/${frame.subCode ?? 0}: ${frame.message ?? ''}`);
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * `transfer.accepted`: this endpoint was transferred. The new call (already joined by the server) is
   * created before its `call.negotiate` arrives, added to `calls`, and handed over with `transferAccepted`.
   */
  private transferAccepted(frame: TransferAcceptedFrame): void {
    const old = this.byServerId.get(frame.callId);
    const callId = frame.call?.callId;
    if (!callId || this.byServerId.has(callId) || this.disposedFlag) return;
    const camera = old?.localVideoStreams.filter((s) => s.mediaStreamType === 'Video') ?? [];
    const call = new CallImpl(this.context, {
      direction: frame.call.direction ?? 'Outgoing',
      callerInfo: callerInfoFrom(frame.call.callerInfo),
      transferorInfo: frame.call.transferorInfo?.rawId ? callerInfoFrom(frame.call.transferorInfo) : undefined,
      threadId: frame.call.threadId ?? undefined,
      serverCallId: callId,
      options: {
        audioOptions: { muted: old?.isMuted ?? false },
        videoOptions: camera.length > 0 ? { localVideoStreams: camera } : undefined,
      },
    });
    this.byServerId.set(callId, call);
    call.prepareMicrophone();
    call.applySnapshot(frame.call, true);
    this.addCall(call);
    old?.transferAccepted(call);
  }

  private incomingCall(frame: Extract<ServerFrame, { type: 'call.incoming' }>): void {
    const callId = frame.call?.callId;
    if (!callId || this.incoming.has(callId) || this.byServerId.has(callId) || this.disposedFlag) {
      return;
    }
    const kind = this.kind === CallAgentKind.TeamsCallAgent ? IncomingCallKind.TeamsIncomingCall : IncomingCallKind.IncomingCall;
    const incoming = new IncomingCallImpl(
      {
        acceptIncoming: (i, options) => this.acceptIncoming(i, options),
        rejectIncoming: (i) => this.rejectIncoming(i),
        forwardIncoming: (i, target) => this.forwardIncoming(i, target),
        endpointId: () => this.signaling.endpointId,
      },
      frame,
      kind,
    );
    this.incoming.set(callId, incoming);
    // Tell the server (and so the caller) that this endpoint is alerting its user.
    this.signaling.send({ type: 'call.ringing', callId });
    this.emitter.emit('incomingCall', { incomingCall: incoming });
  }

  private async acceptIncoming(incoming: IncomingCallImpl, options?: AcceptCallOptions): Promise<TeamsCall & Call> {
    if (this.disposedFlag) {
      throw new CommunicationServicesError('The call agent was disposed.', ErrorCodes.badRequest);
    }
    if (incoming.callEndReason) {
      const r = incoming.callEndReason;
      throw new CommunicationServicesError('The incoming call has already ended.', r.code || ErrorCodes.badRequest, r.subCode ?? 0);
    }
    if (incoming.answered) {
      throw new CommunicationServicesError('The incoming call was already accepted or rejected.', ErrorCodes.badRequest);
    }
    incoming.answered = true;
    const call = new CallImpl(this.context, {
      direction: 'Incoming',
      callerInfo: incoming.callerInfo,
      transferorInfo: incoming.transferorInfo,
      threadId: incoming.info.threadId,
      serverCallId: incoming.id,
      options,
    });
    call.applySnapshot(incoming.snapshot, false);
    this.incoming.delete(incoming.id);
    this.byServerId.set(incoming.id, call);
    call.prepareMicrophone();
    try {
      await call.accept();
    } catch (error) {
      call.fail(error);
      throw error;
    }
    if (call.isEnded) {
      const r = call.callEndReason;
      throw new CommunicationServicesError('The call ended while being accepted.', r?.code ?? 0, r?.subCode ?? 0);
    }
    this.addCall(call);
    return call;
  }

  /** Switchboard's extension: sends a ringing call on to someone else (the target sees this user as transferor). */
  private async forwardIncoming(incoming: IncomingCallImpl, target: CommunicationIdentifier): Promise<void> {
    if (incoming.callEndReason || incoming.answered) {
      throw new CommunicationServicesError('The incoming call is no longer ringing.', ErrorCodes.badRequest);
    }
    const rawId = target && typeof target === 'object' ? getIdentifierRawId(target) : '';
    if (!rawId) {
      throw badRequest('forward takes a communication identifier.');
    }
    incoming.answered = true;
    try {
      await this.signaling.request({ type: 'call.forward', callId: incoming.id, target: rawId });
    } catch (error) {
      incoming.answered = false;
      throw error;
    }
  }

  private async rejectIncoming(incoming: IncomingCallImpl): Promise<void> {
    if (incoming.callEndReason || incoming.answered) {
      return;
    }
    incoming.answered = true;
    const ended = new Promise<void>((resolve) => {
      const done = () => {
        incoming.off('callEnded', done);
        resolve();
      };
      incoming.on('callEnded', done);
      setTimeout(done, 5_000);
    });
    const refused = this.signaling.request({ type: 'call.reject', callId: incoming.id }, 5_000).then(
      () => undefined,
      (error: CommunicationServicesError) => error,
    );
    const result = await Promise.race([ended.then(() => undefined), refused]);
    if (result instanceof CommunicationServicesError && result.code !== ErrorCodes.timeout) {
      throw result;
    }
  }

  private reconnected(connected: AgentConnectedFrame, resumed: boolean): void {
    this.identity = connected.identity ?? this.identity;
    this.serverIceServers = toRtcIceServers(connected.iceServers);
    if (resumed) {
      const listed = new Map((connected.calls ?? []).map((c) => [c.callId, c]));
      for (const [callId, call] of [...this.byServerId]) {
        const snapshot = listed.get(callId);
        if (snapshot) {
          call.applySnapshot(snapshot, true);
          call.resumed();
        } else {
          call.end(GoneFromServerReason);
        }
      }
      for (const [callId, incoming] of [...this.incoming]) {
        if (!listed.has(callId)) {
          this.incoming.delete(callId);
          incoming.end(GoneFromServerReason);
        }
      }
      for (const snapshot of listed.values()) {
        if (!this.byServerId.has(snapshot.callId) && !this.incoming.has(snapshot.callId) && snapshot.direction === 'Incoming' && snapshot.state === 'Ringing') {
          this.incomingCall({ type: 'call.incoming', call: snapshot, callerInfo: snapshot.callerInfo ?? { rawId: '' } });
        }
      }
    } else {
      this.endEverything(LostReason);
    }
    this.setConnectionState('Connected');
  }

  private endEverything(reason: CallEndReason): void {
    for (const incoming of [...this.incoming.values()]) {
      incoming.end(reason);
    }
    this.incoming.clear();
    for (const call of [...this.callList, ...this.byServerId.values()]) {
      call.end(reason);
    }
  }
}
