// The public surface of @azure/communication-calling (Teams-user flavour, plus the ACS-user CallAgent),
// as implemented by Switchboard. Names and shapes follow Microsoft's published type declarations;
// members marked "Switchboard extension" are not in Microsoft's API.

import type { CollectionUpdatedEvent, PropertyChangedEvent } from './events.js';
import type {
  CommunicationIdentifier,
  CommunicationIdentifierKind,
  CommunicationUserIdentifier,
  MicrosoftTeamsAppIdentifier,
  MicrosoftTeamsUserIdentifier,
  PhoneNumberIdentifier,
  TeamsExtensionUserIdentifier,
  UnknownIdentifier,
} from './identifiers.js';
import type { CallClientLogger } from './logger.js';
import type { LocalAudioStream, LocalVideoStream } from './streams.js';

export type { CollectionUpdatedEvent, PropertyChangedEvent };

// ---------------------------------------------------------------------------------------------
// String-literal types and enums

export type CallState =
  | 'None'
  | 'Connecting'
  | 'Ringing'
  | 'Connected'
  | 'LocalHold'
  | 'RemoteHold'
  | 'InLobby'
  | 'Disconnecting'
  | 'Disconnected'
  | 'EarlyMedia';

export type RemoteParticipantState = 'Idle' | 'Connecting' | 'Ringing' | 'Connected' | 'Hold' | 'InLobby' | 'EarlyMedia' | 'Disconnected';

export type CallDirection = 'Incoming' | 'Outgoing';

export type MediaStreamType = 'Video' | 'ScreenSharing' | 'RawMedia' | 'LiveStream' | 'Audio';

export type ConnectionState = 'Connected' | 'Disconnected';

export type ConnectionStateChangedReason = 'invalidToken' | 'connectionIssue';

export type ScalingMode = 'Stretch' | 'Crop' | 'Fit';

export type ParticipantRole = 'Unknown' | 'Attendee' | 'Presenter' | 'Organizer' | 'Co-organizer' | 'Consumer' | 'Collaborator';

export type TransferState = 'None' | 'Transferring' | 'Transferred' | 'Failed';

export type VideoDeviceType = 'Unknown' | 'UsbCamera' | 'CaptureAdapter' | 'Virtual' | 'ScreenSharing';

export type AudioDeviceType = 'Microphone' | 'Speaker' | 'CompositeAudioDevice' | 'Virtual';

export type DeviceType = 'Camera' | 'Microphone' | 'Speaker';

export type DtmfTone =
  | 'A' | 'B' | 'C' | 'D' | 'Flash'
  | 'Num0' | 'Num1' | 'Num2' | 'Num3' | 'Num4' | 'Num5' | 'Num6' | 'Num7' | 'Num8' | 'Num9'
  | 'Pound' | 'Star';

export enum CallAgentKind {
  CallAgent = 'CallAgent',
  TeamsCallAgent = 'TeamsCallAgent',
}

export enum CallKind {
  Call = 'Call',
  TeamsCall = 'TeamsCall',
}

export enum IncomingCallKind {
  IncomingCall = 'IncomingCall',
  TeamsIncomingCall = 'TeamsIncomingCall',
}

export enum DevicePermissionAccess {
  Granted = 'granted',
  Denied = 'denied',
  Prompt = 'prompt',
}

// ---------------------------------------------------------------------------------------------
// Events

export type ConnectionStateChangedEvent = (args: {
  newValue: ConnectionState;
  oldValue: ConnectionState;
  reason?: ConnectionStateChangedReason;
}) => void;

export type CallEndedEvent = (args: { callEndReason: CallEndReason }) => void;

export type TeamsIncomingCallEvent = (args: { incomingCall: TeamsIncomingCall }) => void;

export type IncomingCallEvent = (args: { incomingCall: IncomingCall }) => void;

export type VideoSourceChangedEvent = (args: { source: LocalVideoStream }) => void;

export type AudioSourceChangedEvent = (args: { source: LocalAudioStream }) => void;

// ---------------------------------------------------------------------------------------------
// Client options, credentials

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/** Any object with `getToken()`; `AzureCommunicationTokenCredential` from @azure/communication-common fits. */
export interface CommunicationTokenCredential {
  getToken(options?: unknown): Promise<AccessToken>;
  dispose?(): void;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface TurnConfiguration {
  iceServers: IceServer[];
}

export interface ProxyConfiguration {
  url: string;
}

export interface NetworkConfiguration {
  /** Not used by Switchboard (accepted for compatibility). */
  proxy?: ProxyConfiguration;
  /** ICE servers used in addition to the ones the Switchboard server hands out. */
  turn?: TurnConfiguration;
}

export interface DiagnosticOptions {
  appName?: string;
  appVersion?: string;
  tags?: string[];
}

export interface CallClientOptions {
  /** An `AzureLogger`-shaped logger (`info`, `warning`, `error`, `verbose`). */
  logger?: CallClientLogger;
  diagnostics?: DiagnosticOptions;
  networkConfiguration?: NetworkConfiguration;
  /**
   * Switchboard extension: the Switchboard server to connect to, e.g. `https://calls.example.com`
   * (`http(s)://` or `ws(s)://`; a path is kept as a prefix). Defaults to the origin this library was
   * loaded from (`/sdk/calling.js` of the server).
   */
  serverUrl?: string;
}

export interface TeamsCallAgentOptions {}

export interface CallAgentOptions {
  displayName?: string;
}

// ---------------------------------------------------------------------------------------------
// Call options

export interface VideoSendConstraints {
  frameHeight?: { max?: number };
  frameRate?: { max?: number };
  bitrate?: { max?: number };
}

export interface VideoConstraints {
  send?: VideoSendConstraints;
}

export interface CallConstraints {
  video?: VideoConstraints;
}

export interface VideoOptions {
  localVideoStreams?: LocalVideoStream[];
  constraints?: VideoConstraints;
}

export interface AudioOptions {
  muted?: boolean;
  /** The first stream's audio track is sent instead of the selected microphone. */
  localAudioStreams?: LocalAudioStream[];
}

export interface JoinCallOptions {
  videoOptions?: VideoOptions;
  audioOptions?: AudioOptions;
}

export interface AcceptCallOptions {
  videoOptions?: VideoOptions;
  audioOptions?: AudioOptions;
}

export interface XHeader {
  key: string;
  value: string;
}

export interface CustomContext {
  userToUser?: string;
  xHeaders?: XHeader[];
  sipHeaders?: XHeader[];
  voipHeaders?: XHeader[];
}

export interface OnBehalfOfOptions {
  userId: MicrosoftTeamsUserIdentifier | MicrosoftTeamsAppIdentifier;
}

export interface StartTeamsCallOptions extends JoinCallOptions {
  customContext?: CustomContext;
  onBehalfOfOptions?: OnBehalfOfOptions;
  /** The chat the call belongs to (Microsoft's API has it on group calls only; Switchboard takes it on 1:1 too). */
  threadId?: string;
}

export interface StartTeamsGroupCallOptions extends StartTeamsCallOptions {
  threadId?: string;
}

export interface StartCallOptions extends JoinCallOptions {
  alternateCallerId?: PhoneNumberIdentifier;
  customContext?: CustomContext;
  /** Switchboard extension: the chat thread the call belongs to. */
  threadId?: string;
}

export interface HangUpOptions {
  forEveryone: boolean;
}

export interface TeamsMeetingLinkLocator {
  meetingLink: string;
}

export interface TeamsMeetingIdLocator {
  meetingId: string;
  passcode?: string;
}

export interface GroupCallLocator {
  groupId: string;
}

export interface RoomCallLocator {
  roomId: string;
}

export type TeamsCallTarget = MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | MicrosoftTeamsAppIdentifier | UnknownIdentifier;

// ---------------------------------------------------------------------------------------------
// Calls

export interface CallEndReason {
  readonly code: number;
  readonly subCode?: number;
}

export interface CallerInfo {
  readonly identifier: CommunicationIdentifierKind | undefined;
  readonly displayName?: string;
}

export interface CallInfoCommon {
  /** The server's id of the call (resolves once the server created it). */
  getServerCallId(): Promise<string>;
  readonly threadId: string | undefined;
  /** This endpoint's id in the call (Switchboard: the agent's endpoint id). */
  readonly participantId: string;
  onCallInfoChanged(event: 'callInfoChanged', listener: PropertyChangedEvent): void;
  offCallInfoChanged(event: 'callInfoChanged', listener: PropertyChangedEvent): void;
}

export interface TeamsCallInfo extends CallInfoCommon {}

export interface CallInfo extends CallInfoCommon {
  readonly groupId: string | undefined;
}

export interface Disposable {
  dispose(): void;
}

export interface Lobby {
  readonly participants: ReadonlyArray<RemoteParticipant>;
  admit(participant: CommunicationIdentifier): Promise<void>;
  reject(participant: CommunicationIdentifier): Promise<void>;
  admitAll(): Promise<{ readonly successCount: number; readonly failureCount: number }>;
  on(event: 'lobbyParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  off(event: 'lobbyParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
}

export interface CallCommon extends Disposable {
  readonly kind: CallKind;
  readonly id: string;
  readonly callerInfo: CallerInfo;
  readonly transferorInfo?: CallerInfo;
  readonly state: CallState;
  readonly callEndReason?: CallEndReason;
  readonly direction: CallDirection;
  readonly isMuted: boolean;
  readonly isIncomingAudioMuted: boolean;
  readonly isScreenSharingOn: boolean;
  readonly isLocalVideoStarted: boolean;
  readonly localVideoStreams: ReadonlyArray<LocalVideoStream>;
  readonly localAudioStreams: ReadonlyArray<LocalAudioStream>;
  readonly remoteAudioStreams: ReadonlyArray<RemoteAudioStream>;
  readonly remoteParticipants: ReadonlyArray<RemoteParticipant>;
  readonly role: ParticipantRole;
  readonly lobby: Lobby;

  feature<TFeature extends CallFeature>(factory: CallFeatureFactory<TFeature>): TFeature;
  hangUp(options?: HangUpOptions): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  muteAllRemoteParticipants(): Promise<void>;
  muteIncomingAudio(): Promise<void>;
  unmuteIncomingAudio(): Promise<void>;
  sendDtmf(dtmfTone: DtmfTone): Promise<void>;
  startVideo(localVideoStream: LocalVideoStream): Promise<void>;
  stopVideo(localVideoStream: LocalVideoStream): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  startScreenSharing(localVideoStream?: LocalVideoStream): Promise<void>;
  stopScreenSharing(): Promise<void>;
  startAudio(localAudioStream: LocalAudioStream): Promise<void>;
  stopAudio(): void;
  setConstraints(constraints: CallConstraints): Promise<void>;

  /**
   * Switchboard extension (diagnostics, not Microsoft's API): the call's RTCPeerConnection statistics
   * (an empty report before media is negotiated or after the call ended).
   */
  getStats(): Promise<RTCStatsReport>;

  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'idChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'isIncomingAudioMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  on(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  on(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  on(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<LocalVideoStream>): void;
  on(event: 'localAudioStreamsUpdated', listener: CollectionUpdatedEvent<LocalAudioStream>): void;
  on(event: 'remoteAudioStreamsUpdated', listener: CollectionUpdatedEvent<RemoteAudioStream>): void;
  on(event: 'roleChanged', listener: PropertyChangedEvent): void;
  on(event: 'mutedByOthers', listener: PropertyChangedEvent): void;
  on(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  on(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'idChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'isIncomingAudioMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'isScreenSharingOnChanged', listener: PropertyChangedEvent): void;
  off(event: 'isLocalVideoStartedChanged', listener: PropertyChangedEvent): void;
  off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<RemoteParticipant>): void;
  off(event: 'localVideoStreamsUpdated', listener: CollectionUpdatedEvent<LocalVideoStream>): void;
  off(event: 'localAudioStreamsUpdated', listener: CollectionUpdatedEvent<LocalAudioStream>): void;
  off(event: 'remoteAudioStreamsUpdated', listener: CollectionUpdatedEvent<RemoteAudioStream>): void;
  off(event: 'roleChanged', listener: PropertyChangedEvent): void;
  off(event: 'mutedByOthers', listener: PropertyChangedEvent): void;
  off(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
}

export interface TeamsCall extends CallCommon {
  readonly info: TeamsCallInfo;
  readonly isEmergencyCall?: boolean | undefined;
  addParticipant(
    participant: MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | MicrosoftTeamsAppIdentifier | TeamsExtensionUserIdentifier | UnknownIdentifier,
    options?: { threadId?: string },
  ): RemoteParticipant;
  removeParticipant(participant: MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier | TeamsExtensionUserIdentifier | UnknownIdentifier): Promise<void>;
}

export interface Call extends CallCommon {
  readonly info: CallInfo;
  addParticipant(identifier: CommunicationUserIdentifier | MicrosoftTeamsUserIdentifier | PhoneNumberIdentifier, options?: unknown): RemoteParticipant;
  removeParticipant(identifier: CommunicationIdentifier): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Incoming calls

export interface IncomingCallCommon {
  readonly kind: IncomingCallKind;
  readonly id: string;
  readonly callerInfo: CallerInfo;
  readonly transferorInfo?: CallerInfo;
  readonly callEndReason?: CallEndReason;
  readonly customContext?: CustomContext;
  reject(): Promise<void>;
  on(event: 'callEnded', listener: CallEndedEvent): void;
  off(event: 'callEnded', listener: CallEndedEvent): void;
  on(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'callerInfoChanged', listener: PropertyChangedEvent): void;
  on(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
  off(event: 'transferorInfoChanged', listener: PropertyChangedEvent): void;
}

export interface TeamsIncomingCall extends IncomingCallCommon {
  readonly info: TeamsCallInfo;
  accept(options?: AcceptCallOptions): Promise<TeamsCall>;
}

export interface IncomingCall extends IncomingCallCommon {
  readonly info: CallInfo;
  accept(options?: AcceptCallOptions): Promise<Call>;
}

// ---------------------------------------------------------------------------------------------
// Call agents

export interface CallAgentCommon {
  readonly kind: CallAgentKind;
  readonly connectionState: ConnectionState;
  dispose(): Promise<void>;
}

export interface TeamsCallAgent extends CallAgentCommon {
  readonly calls: ReadonlyArray<TeamsCall>;
  startCall(participant: TeamsCallTarget, options?: StartTeamsCallOptions): TeamsCall;
  startCall(participants: TeamsCallTarget[], options?: StartTeamsGroupCallOptions): TeamsCall;
  /** Not supported by Switchboard yet (throws). */
  join(meetingLocator: TeamsMeetingLinkLocator | TeamsMeetingIdLocator, options?: JoinCallOptions): TeamsCall;
  on(event: 'incomingCall', listener: TeamsIncomingCallEvent): void;
  on(event: 'callsUpdated', listener: CollectionUpdatedEvent<TeamsCall>): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'incomingCall', listener: TeamsIncomingCallEvent): void;
  off(event: 'callsUpdated', listener: CollectionUpdatedEvent<TeamsCall>): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
}

export interface CallAgent extends CallAgentCommon {
  readonly calls: ReadonlyArray<Call>;
  readonly displayName?: string;
  startCall(participants: CommunicationIdentifier[] | CommunicationIdentifier, options?: StartCallOptions): Call;
  /** Not supported by Switchboard yet (throws). */
  join(locator: GroupCallLocator | RoomCallLocator | TeamsMeetingLinkLocator | TeamsMeetingIdLocator, options?: JoinCallOptions): Call;
  on(event: 'incomingCall', listener: IncomingCallEvent): void;
  on(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'incomingCall', listener: IncomingCallEvent): void;
  off(event: 'callsUpdated', listener: CollectionUpdatedEvent<Call>): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
}

// ---------------------------------------------------------------------------------------------
// Remote participants and streams

export interface EndpointDetails {
  participantId: string;
}

export interface ParticipantInfo {
  readonly identifier: CommunicationIdentifierKind;
  readonly displayName?: string;
  readonly hasDisplayNameChanged?: boolean;
  readonly endpointDetails: EndpointDetails[];
}

export interface RemoteParticipant extends ParticipantInfo {
  readonly state: RemoteParticipantState;
  readonly callEndReason?: CallEndReason;
  readonly videoStreams: ReadonlyArray<RemoteVideoStream>;
  readonly isMuted: boolean;
  readonly isSpeaking: boolean;
  readonly role: ParticipantRole;
  /** Not supported by Switchboard yet (rejects). */
  mute(): Promise<void>;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  on(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  on(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  on(event: 'roleChanged', listener: PropertyChangedEvent): void;
  on(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  on(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<RemoteVideoStream>): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'isMutedChanged', listener: PropertyChangedEvent): void;
  off(event: 'displayNameChanged', listener: PropertyChangedEvent): void;
  off(event: 'roleChanged', listener: PropertyChangedEvent): void;
  off(event: 'isSpeakingChanged', listener: PropertyChangedEvent): void;
  off(event: 'videoStreamsUpdated', listener: CollectionUpdatedEvent<RemoteVideoStream>): void;
}

export interface StreamSize {
  width: number;
  height: number;
}

export interface RemoteVideoStreamCommon {
  readonly id: number;
  readonly mediaStreamType: MediaStreamType;
  readonly isReceiving: boolean;
  readonly size: StreamSize;
}

export interface RemoteVideoStream extends RemoteVideoStreamCommon {
  readonly isAvailable: boolean;
  getMediaStream(): Promise<MediaStream>;
  on(event: 'isAvailableChanged', listener: PropertyChangedEvent): void;
  on(event: 'sizeChanged', listener: PropertyChangedEvent): void;
  on(event: 'isReceivingChanged', listener: PropertyChangedEvent): void;
  off(event: 'isAvailableChanged', listener: PropertyChangedEvent): void;
  off(event: 'sizeChanged', listener: PropertyChangedEvent): void;
  off(event: 'isReceivingChanged', listener: PropertyChangedEvent): void;
}

export interface Volume {
  /** 0–100, from the received audio level. */
  readonly level: number;
  on(event: 'levelChanged', listener: PropertyChangedEvent): void;
  off(event: 'levelChanged', listener: PropertyChangedEvent): void;
}

export interface RemoteAudioStream {
  getMediaStream(): Promise<MediaStream>;
  getVolume(): Promise<Volume>;
}

// ---------------------------------------------------------------------------------------------
// Devices and rendering

export interface VideoDeviceInfo {
  readonly name: string;
  readonly id: string;
  readonly deviceType: VideoDeviceType;
}

export interface AudioDeviceInfo {
  readonly name: string;
  readonly id: string;
  readonly isSystemDefault: boolean;
  readonly deviceType: AudioDeviceType;
}

export interface PermissionConstraints {
  audio: boolean;
  video: boolean;
}

export interface DeviceAccess {
  audio: boolean;
  video: boolean;
}

export interface DeviceManager {
  readonly isSpeakerSelectionAvailable: boolean;
  readonly selectedMicrophone?: AudioDeviceInfo;
  readonly selectedSpeaker?: AudioDeviceInfo;
  getCameras(): Promise<VideoDeviceInfo[]>;
  getMicrophones(): Promise<AudioDeviceInfo[]>;
  getSpeakers(): Promise<AudioDeviceInfo[]>;
  selectMicrophone(microphoneDevice: AudioDeviceInfo): Promise<void>;
  selectSpeaker(speakerDevice: AudioDeviceInfo): Promise<void>;
  askDevicePermission(permissionConstraints: PermissionConstraints): Promise<DeviceAccess>;
  /** Accepted and ignored (devices are opened when a call needs them). */
  startPreheatDevices(parameters: unknown): Promise<void>;
  stopPreheatDevices(parameters: unknown): void;
  on(event: 'videoDevicesUpdated', listener: CollectionUpdatedEvent<VideoDeviceInfo>): void;
  on(event: 'audioDevicesUpdated', listener: CollectionUpdatedEvent<AudioDeviceInfo>): void;
  on(event: 'selectedMicrophoneChanged', listener: PropertyChangedEvent): void;
  on(event: 'selectedSpeakerChanged', listener: PropertyChangedEvent): void;
  off(event: 'videoDevicesUpdated', listener: CollectionUpdatedEvent<VideoDeviceInfo>): void;
  off(event: 'audioDevicesUpdated', listener: CollectionUpdatedEvent<AudioDeviceInfo>): void;
  off(event: 'selectedMicrophoneChanged', listener: PropertyChangedEvent): void;
  off(event: 'selectedSpeakerChanged', listener: PropertyChangedEvent): void;
}

export interface CreateViewOptions {
  isMirrored?: boolean;
  scalingMode?: ScalingMode;
}

export interface VideoStreamRendererView extends Disposable {
  readonly scalingMode: ScalingMode;
  readonly isMirrored: boolean;
  /** A `<video autoplay playsinline muted>` element showing the stream. */
  readonly target: HTMLElement;
  updateScalingMode(scalingMode: ScalingMode): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Features

export interface BaseFeature extends Disposable {
  readonly name: string;
}

export interface CallFeature extends BaseFeature {}

export interface FeatureFactory {
  /** The feature's name (Switchboard: the factories are tokens; `call.feature()` looks them up). */
  readonly name: string;
}

export interface CallFeatureFactory<TFeature extends CallFeature> extends FeatureFactory {
  /** Type marker only. */
  readonly __feature?: TFeature;
}

export interface TransferErrorCode {
  readonly code: number;
  readonly subCode?: number;
}

export interface Transfer {
  readonly state: TransferState;
  readonly error?: TransferErrorCode;
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
}

export interface TransferToParticipantLocator {
  targetParticipant: CommunicationIdentifier;
}

export interface TransferToCallLocator {
  targetCallId: string;
}

export interface TransferToVoicemailLocator {
  targetParticipantVoicemail: MicrosoftTeamsUserIdentifier;
}

export interface TransferToParticipantOptions {
  disableForwardingAndUnanswered?: boolean;
  customContext?: CustomContext;
}

export interface TransferEventArgs {
  targetCall: CallCommon;
}

export interface TransferCallFeature extends CallFeature {
  transfer(target: TransferToParticipantLocator, options?: TransferToParticipantOptions): Transfer;
  transfer(target: TransferToCallLocator, options?: { customContext?: CustomContext }): Transfer;
  transfer(target: TransferToVoicemailLocator, options?: Record<string, never>): Transfer;
  on(event: 'transferAccepted', listener: (args: TransferEventArgs) => void): void;
  off(event: 'transferAccepted', listener: (args: TransferEventArgs) => void): void;
}

export interface DominantSpeakersInfo {
  speakersList: ReadonlyArray<CommunicationIdentifierKind>;
  timestamp: Date;
}

export interface DominantSpeakersCallFeature extends CallFeature {
  readonly dominantSpeakers: DominantSpeakersInfo;
  on(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void;
  off(event: 'dominantSpeakersChanged', listener: PropertyChangedEvent): void;
}

export interface CapabilitiesFeature extends CallFeature {
  readonly capabilities: Record<string, { isPresent: boolean; reason: string }>;
  on(event: 'capabilitiesChanged', listener: (data: unknown) => void): void;
  off(event: 'capabilitiesChanged', listener: (data: unknown) => void): void;
}
