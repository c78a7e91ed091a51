// TeamsIncomingCall / IncomingCall: a call ringing on this endpoint (`call.incoming`).

import { callerInfoFrom } from './call.js';
import { Emitter, type AnyListener, type PropertyChangedEvent } from './events.js';
import type { CommunicationIdentifier } from './identifiers.js';
import type { CallIncomingFrame, WireCallSnapshot } from './protocol.js';
import {
  IncomingCallKind,
  type AcceptCallOptions,
  type Call,
  type CallEndReason,
  type CallerInfo,
  type CallInfo,
  type CustomContext,
  type IncomingCall,
  type TeamsCall,
  type TeamsCallInfo,
  type TeamsIncomingCall,
} from './types.js';

/** What an incoming call needs from its agent. */
export interface IncomingCallHost {
  acceptIncoming(incoming: IncomingCallImpl, options?: AcceptCallOptions): Promise<TeamsCall & Call>;
  rejectIncoming(incoming: IncomingCallImpl): Promise<void>;
  forwardIncoming(incoming: IncomingCallImpl, target: CommunicationIdentifier): Promise<void>;
  endpointId(): string;
}

export class IncomingCallImpl implements TeamsIncomingCall, IncomingCall {
  readonly kind: IncomingCallKind;
  readonly id: string;
  readonly callerInfo: CallerInfo;
  readonly transferorInfo?: CallerInfo;
  readonly info: TeamsCallInfo & CallInfo;
  readonly snapshot: WireCallSnapshot;
  private readonly emitter = new Emitter();
  private endReason?: CallEndReason;
  /** Internal: accept() or reject() was called. */
  answered = false;

  constructor(
    private readonly host: IncomingCallHost,
    frame: CallIncomingFrame,
    kind: IncomingCallKind,
  ) {
    this.kind = kind;
    this.snapshot = frame.call;
    this.id = frame.call.callId;
    this.callerInfo = callerInfoFrom(frame.callerInfo ?? frame.call.callerInfo);
    this.transferorInfo = frame.transferorInfo?.rawId ? callerInfoFrom(frame.transferorInfo) : undefined;
    const threadId = frame.call.threadId ?? undefined;
    const callId = this.id;
    this.info = {
      threadId,
      groupId: undefined,
      get participantId() {
        return host.endpointId();
      },
      getServerCallId: async () => callId,
      onCallInfoChanged: (_e: 'callInfoChanged', _l: PropertyChangedEvent) => {},
      offCallInfoChanged: (_e: 'callInfoChanged', _l: PropertyChangedEvent) => {},
    };
  }

  get callEndReason(): CallEndReason | undefined {
    return this.endReason;
  }

  get customContext(): CustomContext | undefined {
    return undefined;
  }

  /** Internal. */
  get isEnded(): boolean {
    return this.endReason !== undefined;
  }

  accept(options?: AcceptCallOptions): Promise<TeamsCall & Call> {
    return this.host.acceptIncoming(this, options);
  }

  reject(): Promise<void> {
    return this.host.rejectIncoming(this);
  }

  /**
   * Switchboard's extension (not in @azure/communication-calling): stops ringing on this user's
   * endpoints (`callEnded` 302/0) and rings `target`, whose incoming call names this user in `transferorInfo`.
   */
  forward(target: CommunicationIdentifier): Promise<void> {
    return this.host.forwardIncoming(this, target);
  }

  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  /** Internal: the call stopped ringing here (`call.ended`): fires `callEnded`. */
  end(reason: CallEndReason): void {
    if (this.endReason) return;
    this.endReason = { code: reason.code, subCode: reason.subCode ?? 0 };
    this.emitter.emit('callEnded', { callEndReason: this.endReason });
  }
}
