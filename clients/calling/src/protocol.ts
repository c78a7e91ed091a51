// Frames of Switchboard's calling signaling (docs/calling-protocol.md): JSON over one WebSocket per
// call agent. Only the fields this library reads or writes are typed.

import type { CallState, RemoteParticipantState } from './types.js';

export interface WireIdentity {
  rawId: string;
  kind?: string;
  displayName?: string;
}

export interface WireStream {
  id: number;
  mediaStreamType: 'Video' | 'ScreenSharing';
  /** The link (RTCPeerConnection) this endpoint receives the stream on; in mesh, the sender's endpoint id. */
  link?: string | null;
  mid: string | null;
  isAvailable?: boolean;
}

export interface WireParticipant extends WireIdentity {
  state: RemoteParticipantState;
  callEndReason?: { code: number; subCode?: number } | null;
  endpointId?: string | null;
  isMuted?: boolean;
  isSpeaking?: boolean;
  transferorInfo?: WireIdentity | null;
  streams?: WireStream[];
}

export interface WireCallSnapshot {
  callId: string;
  threadId?: string | null;
  direction: 'Outgoing' | 'Incoming';
  state: CallState;
  kind?: 'Direct' | 'Group' | 'Meeting' | 'Room';
  callerInfo?: WireIdentity | null;
  transferorInfo?: WireIdentity | null;
  topology?: 'mesh' | 'sfu';
  speakers?: string[];
  participants?: WireParticipant[];
  localHold?: boolean;
  startedAt?: string;
}

export interface WireIceServer {
  urls: string[] | string;
  username?: string | null;
  credential?: string | null;
}

export interface AgentConnectedFrame {
  type: 'agent.connected';
  endpointId: string;
  resumeToken: string;
  identity: WireIdentity;
  iceServers?: WireIceServer[];
  calls?: WireCallSnapshot[];
}

export interface AgentDisconnectedFrame {
  type: 'agent.disconnected';
  reason: 'invalidToken' | 'connectionIssue';
  /** Proposed (not in the protocol yet): the refusal's status and message when the token was refused at connect time. */
  code?: number;
  subCode?: number;
  message?: string;
}

export interface CallCreatedFrame {
  type: 'call.created';
  requestId: string;
  call: WireCallSnapshot;
}

export interface CallIncomingFrame {
  type: 'call.incoming';
  call: WireCallSnapshot;
  callerInfo: WireIdentity;
  transferorInfo?: WireIdentity | null;
}

export interface CallStateFrame {
  type: 'call.state';
  callId: string;
  state: CallState;
}

export interface CallEndedFrame {
  type: 'call.ended';
  callId: string;
  code: number;
  subCode: number;
}

export interface CallNegotiateFrame {
  type: 'call.negotiate';
  callId: string;
  /** The link to open (mesh: the peer's endpoint id). */
  link?: string;
  peerEndpointId: string;
  peerRawId?: string;
  polite: boolean;
}

/** The call's media moves to another topology (mesh → sfu): close every link; `call.negotiate` for the new ones follows. */
export interface CallMediaFrame {
  type: 'call.media';
  callId: string;
  topology: 'mesh' | 'sfu';
}

export interface LinkClosedFrame {
  type: 'link.closed';
  callId: string;
  link: string;
}

export interface SpeakersFrame {
  type: 'speakers';
  callId: string;
  speakers: string[];
  timestamp?: string;
}

export interface TransferStateFrame {
  type: 'transfer.state';
  callId: string;
  requestId?: string;
  state: 'Transferring' | 'Transferred' | 'Failed';
  code?: number;
  subCode?: number;
}

export interface TransferAcceptedFrame {
  type: 'transfer.accepted';
  /** The transferee's old call. */
  callId: string;
  /** The new, connected call. */
  call: WireCallSnapshot;
}

export interface ParticipantUpdatedFrame {
  type: 'participant.updated';
  callId: string;
  participant: WireParticipant;
}

export interface ParticipantRemovedFrame {
  type: 'participant.removed';
  callId: string;
  rawId: string;
}

export interface SignalFrame {
  type: 'signal';
  callId: string;
  link?: string;
  fromEndpointId?: string;
  description?: RTCSessionDescriptionInit | null;
  candidate?: RTCIceCandidateInit | null;
}

export interface ErrorFrame {
  type: 'error';
  requestId?: string | null;
  callId?: string | null;
  code: number;
  subCode?: number;
  message?: string;
}

export interface PongFrame {
  type: 'pong';
}

/** Answer to `agent.token`: the server now checks the fresh token. */
export interface AgentTokenAcceptedFrame {
  type: 'agent.token.accepted';
  requestId: string;
  expiresOn: string;
}

/** Proposed (not in the protocol yet): a plain acknowledgement of a request that has no other answer. */
export interface AckFrame {
  type: 'ack';
  requestId: string;
}

export type ServerFrame =
  | AgentConnectedFrame
  | AgentDisconnectedFrame
  | CallCreatedFrame
  | CallIncomingFrame
  | CallStateFrame
  | CallEndedFrame
  | CallNegotiateFrame
  | LinkClosedFrame
  | CallMediaFrame
  | SpeakersFrame
  | TransferStateFrame
  | TransferAcceptedFrame
  | ParticipantUpdatedFrame
  | ParticipantRemovedFrame
  | SignalFrame
  | ErrorFrame
  | PongFrame
  | AgentTokenAcceptedFrame
  | AckFrame;

/** What the client sends: `{ type, ...fields }`; requests that expect an answer carry `requestId`. */
export interface ClientFrame {
  type: string;
  requestId?: string;
  callId?: string;
  [field: string]: unknown;
}

/** WebSocket close code the server uses after `agent.disconnected { reason: "invalidToken" }`. */
export const CloseInvalidToken = 4001;
/** Proposed: close code for a refused (forbidden) agent, e.g. a token without `voip` or a disabled Teams user. */
export const CloseForbidden = 4003;
