// CallClient: creates the call agent (one active agent per client) and hands out the DeviceManager.

import { CallAgentImpl } from './callAgent.js';
import { DeviceManagerImpl } from './deviceManager.js';
import { CommunicationServicesError, ErrorCodes, notSupported } from './errors.js';
import { createIdentifierFromRawId } from './identifiers.js';
import { createLogger, type Logger } from './logger.js';
import { SignalingConnection } from './signaling.js';
import {
  CallAgentKind,
  type CallAgent,
  type CallAgentOptions,
  type CallClientOptions,
  type CommunicationTokenCredential,
  type DeviceManager,
  type TeamsCallAgent,
  type TeamsCallAgentOptions,
} from './types.js';

/** The origin this module was loaded from (the Switchboard server serving /sdk/calling.js). */
function moduleOrigin(): string | undefined {
  try {
    const url = new URL(import.meta.url);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return url.origin;
    }
  } catch {
    // Not loaded from a URL (bundled into something unusual).
  }
  return typeof location !== 'undefined' && location.origin && location.origin !== 'null' ? location.origin : undefined;
}

export class CallClient {
  private readonly options: CallClientOptions;
  private readonly logger: Logger;
  private deviceManager?: DeviceManagerImpl;
  private agent?: CallAgentImpl;
  private creating = false;
  private disposed = false;

  constructor(options?: CallClientOptions) {
    this.options = options ?? {};
    this.logger = createLogger(this.options.logger);
  }

  /** Connects a Teams user's call agent (the token from the Teams-token exchange). */
  createTeamsCallAgent(tokenCredential: CommunicationTokenCredential, _options?: TeamsCallAgentOptions): Promise<TeamsCallAgent> {
    return this.createAgent(CallAgentKind.TeamsCallAgent, tokenCredential);
  }

  /** Connects an ACS user's call agent. */
  createCallAgent(tokenCredential: CommunicationTokenCredential, options?: CallAgentOptions): Promise<CallAgent> {
    return this.createAgent(CallAgentKind.CallAgent, tokenCredential, options?.displayName);
  }

  async getDeviceManager(): Promise<DeviceManager> {
    this.throwIfDisposed();
    return this.devices();
  }

  feature(factory: { name?: string }): never {
    throw notSupported(`The ${factory?.name ?? 'requested'} call client feature`);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.agent?.dispose();
    this.agent = undefined;
    this.deviceManager?.dispose();
  }

  // -------------------------------------------------------------------------------------------

  private devices(): DeviceManagerImpl {
    this.deviceManager ??= new DeviceManagerImpl(this.logger);
    return this.deviceManager;
  }

  private throwIfDisposed(): void {
    if (this.disposed) {
      throw new CommunicationServicesError('The CallClient was disposed.', ErrorCodes.badRequest);
    }
  }

  private async createAgent(kind: CallAgentKind, credential: CommunicationTokenCredential, displayName?: string): Promise<CallAgentImpl> {
    this.throwIfDisposed();
    if (!credential || typeof credential.getToken !== 'function') {
      throw new CommunicationServicesError('A token credential (an object with getToken()) is required.', ErrorCodes.badRequest);
    }
    if (this.agent || this.creating) {
      throw new CommunicationServicesError('This CallClient already has a call agent; dispose it before creating another.', ErrorCodes.conflict);
    }
    const serverUrl = this.options.serverUrl ?? moduleOrigin();
    if (!serverUrl) {
      throw new CommunicationServicesError('No Switchboard server to connect to: set CallClientOptions.serverUrl.', ErrorCodes.badRequest);
    }
    this.creating = true;
    try {
      const signaling = new SignalingConnection({
        serverUrl,
        displayName,
        logger: this.logger,
        getToken: async () => {
          const accessToken = await credential.getToken();
          if (!accessToken || typeof accessToken.token !== 'string' || accessToken.token.length === 0) {
            throw new Error('getToken() returned no token.');
          }
          return accessToken.token;
        },
      });
      const connected = await signaling.connect();
      const identityKind = connected.identity?.kind ?? createIdentifierFromRawId(connected.identity?.rawId ?? '').kind;
      const teams = kind === CallAgentKind.TeamsCallAgent;
      if (teams && identityKind !== 'microsoftTeamsUser') {
        signaling.close();
        throw new CommunicationServicesError('createTeamsCallAgent needs a Teams user\u2019s access token; use createCallAgent for ACS users.', ErrorCodes.forbidden);
      }
      if (!teams && identityKind === 'microsoftTeamsUser') {
        signaling.close();
        throw new CommunicationServicesError('A Teams user\u2019s access token needs createTeamsCallAgent.', ErrorCodes.forbidden);
      }
      if (this.disposed) {
        signaling.close();
        throw new CommunicationServicesError('The CallClient was disposed.', ErrorCodes.badRequest);
      }
      const agent = new CallAgentImpl({
        kind,
        signaling,
        connected,
        deviceManager: this.devices(),
        logger: this.logger,
        extraIceServers: this.options.networkConfiguration?.turn?.iceServers ?? [],
        disposed: (a) => {
          if (this.agent === a) this.agent = undefined;
        },
      });
      this.agent = agent;
      return agent;
    } finally {
      this.creating = false;
    }
  }
}
