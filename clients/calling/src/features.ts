// Feature factories (`call.feature(Features.X)`). Switchboard's factories are tokens: the call looks
// the name up. Implemented: DominantSpeakers, Transfer. The others throw CommunicationServicesError 501.

import { CommunicationServicesError, ErrorCodes, badRequest, notSupported, toServicesError } from './errors.js';
import { Emitter, type AnyListener, type PropertyChangedEvent } from './events.js';
import { getIdentifierRawId, type CommunicationIdentifierKind } from './identifiers.js';
import type { Logger } from './logger.js';
import type { ClientFrame, ServerFrame, TransferStateFrame } from './protocol.js';
import type {
  CallCommon,
  CallFeature,
  CallFeatureFactory,
  CapabilitiesFeature,
  DominantSpeakersCallFeature,
  DominantSpeakersInfo,
  Transfer,
  TransferCallFeature,
  TransferErrorCode,
  TransferState,
  TransferToCallLocator,
  TransferToParticipantLocator,
  TransferToParticipantOptions,
  TransferToVoicemailLocator,
} from './types.js';

function factory<TFeature extends CallFeature>(name: string): CallFeatureFactory<TFeature> {
  return Object.freeze({ name });
}

export const Features = Object.freeze({
  Transfer: factory<TransferCallFeature>('Transfer'),
  DominantSpeakers: factory<DominantSpeakersCallFeature>('DominantSpeakers'),
  Capabilities: factory<CapabilitiesFeature>('Capabilities'),
  Recording: factory<CallFeature>('Recording'),
  Transcription: factory<CallFeature>('Transcription'),
  Captions: factory<CallFeature>('Captions'),
  RaiseHand: factory<CallFeature>('RaiseHand'),
  Reaction: factory<CallFeature>('Reaction'),
  Spotlight: factory<CallFeature>('Spotlight'),
  PPTLive: factory<CallFeature>('PPTLive'),
  BreakoutRooms: factory<CallFeature>('BreakoutRooms'),
  CallSurvey: factory<CallFeature>('CallSurvey'),
  UserFacingDiagnostics: factory<CallFeature>('UserFacingDiagnostics'),
  MediaStats: factory<CallFeature>('MediaStats'),
  DataChannel: factory<CallFeature>('DataChannel'),
  OptimalVideoCount: factory<CallFeature>('OptimalVideoCount'),
  TeamsMeetingAudioConferencing: factory<CallFeature>('TeamsMeetingAudioConferencing'),
  TogetherMode: factory<CallFeature>('TogetherMode'),
  MediaAccess: factory<CallFeature>('MediaAccess'),
  RealTimeText: factory<CallFeature>('RealTimeText'),
});

/**
 * Dominant speakers of a call: whoever last started speaking comes first. The server orders them from
 * what each endpoint reports about its own microphone (`speakers` frames).
 */
export class DominantSpeakersFeature implements DominantSpeakersCallFeature {
  readonly name = 'DominantSpeakers';
  private readonly emitter = new Emitter();
  private info: DominantSpeakersInfo = { speakersList: [], timestamp: new Date() };

  get dominantSpeakers(): DominantSpeakersInfo {
    return this.info;
  }

  /** Called by the call with the server's order of speakers. */
  set(list: CommunicationIdentifierKind[]): void {
    const before = this.info.speakersList.map((s) => getIdentifierRawId(s));
    const after = list.map((s) => getIdentifierRawId(s));
    if (before.length === after.length && before.every((id, i) => id === after[i])) {
      return;
    }
    this.info = { speakersList: list, timestamp: new Date() };
    this.emitter.emit('dominantSpeakersChanged');
  }

  on(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void {
    this.emitter.on(event, listener);
  }

  off(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void {
    this.emitter.off(event, listener);
  }

  dispose(): void {
    this.emitter.clear();
  }
}

/** What the transfer feature needs from its call. */
export interface TransferHost {
  callId(): string | undefined;
  request<T extends ServerFrame>(frame: ClientFrame): Promise<T>;
  logger: Logger;
}

/** One transfer request and its state as the server reports it (`transfer.state`). */
class TransferImpl implements Transfer {
  private readonly emitter = new Emitter();
  private stateValue: TransferState = 'None';
  private errorValue?: TransferErrorCode;

  get state(): TransferState {
    return this.stateValue;
  }

  get error(): TransferErrorCode | undefined {
    return this.errorValue;
  }

  on(event: 'stateChanged', listener: PropertyChangedEvent): void {
    this.emitter.on(event, listener as AnyListener);
  }

  off(event: 'stateChanged', listener: PropertyChangedEvent): void {
    this.emitter.off(event, listener as AnyListener);
  }

  /** Internal. */
  set(state: TransferState, error?: TransferErrorCode): void {
    if (state === this.stateValue || this.stateValue === 'Transferred' || this.stateValue === 'Failed') return;
    this.stateValue = state;
    if (error) this.errorValue = error;
    this.emitter.changed('state');
  }
}

/**
 * `call.feature(Features.Transfer)`: the server carries transfers out. The transferor's `Transfer`
 * follows `transfer.state`; on the transferee's side `transferAccepted` hands over the new call.
 */
export class TransferFeatureImpl implements TransferCallFeature {
  readonly name = 'Transfer';
  private readonly emitter = new Emitter();
  private current?: TransferImpl;

  constructor(private readonly host: TransferHost) {}

  transfer(target: TransferToParticipantLocator | TransferToCallLocator | TransferToVoicemailLocator, options?: TransferToParticipantOptions): Transfer {
    const callId = this.host.callId();
    if (!callId) {
      throw new CommunicationServicesError('The call is not set up yet.', ErrorCodes.badRequest);
    }
    if (this.current && this.current.state === 'Transferring') {
      throw new CommunicationServicesError('A transfer is already in progress.', ErrorCodes.badRequest);
    }
    const frame: ClientFrame = { type: 'transfer.request', callId };
    if (target && 'targetParticipant' in target && target.targetParticipant) {
      frame['targetParticipant'] = getIdentifierRawId(target.targetParticipant);
      frame['disableForwardingAndUnanswered'] = !!options?.disableForwardingAndUnanswered;
    } else if (target && 'targetCallId' in target && target.targetCallId) {
      frame['targetCallId'] = target.targetCallId;
    } else if (target && 'targetParticipantVoicemail' in target) {
      throw notSupported('Transfer to voicemail');
    } else {
      throw badRequest('transfer needs targetParticipant or targetCallId.');
    }
    const transfer = new TransferImpl();
    this.current = transfer;
    this.host.request<TransferStateFrame>(frame).then(
      (reply) => this.apply(transfer, reply),
      (error) => {
        const e = toServicesError(error);
        transfer.set('Failed', { code: e.code, subCode: e.subCode });
      },
    );
    return transfer;
  }

  on(event: 'transferAccepted', listener: (args: { targetCall: CallCommon }) => void): void {
    this.emitter.on(event, listener as AnyListener);
  }

  off(event: 'transferAccepted', listener: (args: { targetCall: CallCommon }) => void): void {
    this.emitter.off(event, listener as AnyListener);
  }

  /** Internal: a `transfer.state` frame about this call's transfer. */
  stateFrame(frame: TransferStateFrame): void {
    if (this.current) this.apply(this.current, frame);
  }

  /** Internal: this endpoint is the transferee, and here is its new call. */
  accepted(targetCall: CallCommon): void {
    this.emitter.emit('transferAccepted', { targetCall });
  }

  dispose(): void {
    this.emitter.clear();
  }

  /** Internal: the call ended; a transfer still under way did not happen. */
  callEnded(): void {
    if (this.current?.state === 'Transferring') {
      this.host.logger.verbose('The call ended during a transfer.');
    }
  }

  private apply(transfer: TransferImpl, frame: TransferStateFrame): void {
    if (frame.state === 'Failed') {
      transfer.set('Failed', { code: Number(frame.code) || 0, subCode: Number(frame.subCode) || 0 });
    } else {
      transfer.set(frame.state);
    }
  }
}
