// Switchboard calling library: the public API of @azure/communication-calling (TeamsCallAgent for Teams
// users, CallAgent for ACS users) over Switchboard's calling service. Import from here instead of
// '@azure/communication-calling'.

export { CallClient } from './callClient.js';
export { LocalVideoStream, LocalAudioStream } from './streams.js';
export type { LocalVideoStreamOptions, LocalAudioStreamOptions } from './streams.js';
export { VideoStreamRenderer } from './renderer.js';
export { Features } from './features.js';
export { CommunicationServicesError } from './errors.js';
export { CallAgentKind, CallKind, IncomingCallKind, DevicePermissionAccess } from './types.js';
export type * from './types.js';
export type { CallClientLogger } from './logger.js';

// Identifier helpers with the behaviour of @azure/communication-common (Switchboard extension: handy
// when the page does not bundle that package).
export { createIdentifierFromRawId, getIdentifierKind, getIdentifierRawId } from './identifiers.js';
export type * from './identifiers.js';

/** The version of this library. */
export const version = '0.1.0';
