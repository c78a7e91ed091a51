// Feature factories (`call.feature(Features.X)`). Switchboard's factories are tokens: the call looks
// the name up. Implemented so far: DominantSpeakers. The others throw CommunicationServicesError 501.

import { Emitter, type PropertyChangedEvent } from './events.js';
import type { CommunicationIdentifierKind } from './identifiers.js';
import type {
  CallFeature,
  CallFeatureFactory,
  CapabilitiesFeature,
  DominantSpeakersCallFeature,
  DominantSpeakersInfo,
  TransferCallFeature,
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
 * Dominant speakers of a call: whoever last started speaking comes first. Fed by the call from the
 * participants' `isSpeaking` (computed from received audio levels).
 */
export class DominantSpeakersFeature implements DominantSpeakersCallFeature {
  readonly name = 'DominantSpeakers';
  private readonly emitter = new Emitter();
  private info: DominantSpeakersInfo = { speakersList: [], timestamp: new Date() };

  get dominantSpeakers(): DominantSpeakersInfo {
    return this.info;
  }

  /** Called by the call when a participant starts speaking or leaves. */
  update(rawIdOf: (id: CommunicationIdentifierKind) => string, speaker: CommunicationIdentifierKind, action: 'speaking' | 'left'): void {
    const key = rawIdOf(speaker);
    const rest = this.info.speakersList.filter((s) => rawIdOf(s) !== key);
    const list = action === 'speaking' ? [speaker, ...rest] : rest;
    const same = list.length === this.info.speakersList.length && list.every((s, i) => s === this.info.speakersList[i]);
    if (same) {
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
