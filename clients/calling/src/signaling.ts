// The agent's WebSocket to the Switchboard calling service (docs/calling-protocol.md): connect with the
// ACS token in the query, keep-alive pings, request/response by requestId, and resume after a drop
// (`&resume=<resumeToken>` within the server's 20 s grace, fresh token each attempt, exponential
// backoff). Frames sent while the socket is down are queued and sent after a successful resume.

import { CommunicationServicesError, ErrorCodes } from './errors.js';
import type { Logger } from './logger.js';
import {
  CloseForbidden,
  CloseInvalidToken,
  type AgentConnectedFrame,
  type AgentDisconnectedFrame,
  type ClientFrame,
  type ServerFrame,
} from './protocol.js';

export const ResumeGraceMs = 20_000;
const PingIntervalMs = 15_000;
/** No frame at all this long after a ping: the socket is dead (timers of hidden tabs may run late, so this is not measured from the last frame). */
const PongTimeoutMs = 10_000;
const RequestTimeoutMs = 30_000;
const MaxQueuedFrames = 1_000;

export interface SignalingOptions {
  /** The server's base URL (http(s) or ws(s); a path is kept as a prefix). */
  serverUrl: string;
  /** Called before every connection attempt (a fresh token each time). */
  getToken(): Promise<string>;
  /** Sent as `displayName` (ACS users). */
  displayName?: string;
  logger: Logger;
}

export interface SignalingHandlers {
  /** Every server frame except `pong`, `agent.connected`, `agent.disconnected` and answers to pending requests. */
  frame(frame: ServerFrame): void;
  /** The socket dropped; reconnecting (calls are kept). */
  dropped(): void;
  /** Connected again: `resumed` is false when the server started a new endpoint (the old one is gone). */
  reconnected(connected: AgentConnectedFrame, resumed: boolean): void;
  /** The grace period passed without a resume: the server has ended this endpoint's calls. */
  graceExpired(): void;
  /** Final: the token was refused (`invalidToken`) or the connection was closed by `close()`. */
  closed(reason: 'invalidToken' | 'disposed', error: CommunicationServicesError): void;
}

type State = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

interface Pending {
  resolve(frame: ServerFrame): void;
  reject(error: CommunicationServicesError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Why a connection attempt ended before `agent.connected`. */
class ConnectFailure {
  constructor(
    readonly closeCode: number,
    readonly disconnected: AgentDisconnectedFrame | undefined,
    readonly probeUrl: string,
    readonly cause?: unknown,
  ) {}
}

interface Classified {
  /** The token (or the identity) was refused: retrying will not help. */
  refused: boolean;
  error: CommunicationServicesError;
}

/** `ws(s)://host[/prefix]/calling/agent?...` (or the http(s) form, for the refusal probe). */
export function agentUrl(serverUrl: string, query: Record<string, string | undefined>, scheme: 'ws' | 'http'): string {
  const url = new URL(serverUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  url.protocol = scheme === 'ws' ? (secure ? 'wss:' : 'ws:') : secure ? 'https:' : 'http:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/calling/agent`;
  url.search = '';
  url.hash = '';
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      url.searchParams.set(key, value);
    }
  }
  return url.toString();
}

export class SignalingConnection {
  handlers?: SignalingHandlers;

  private ws?: WebSocket;
  private state: State = 'idle';
  private endpointIdValue = '';
  private resumeToken = '';
  private disconnectedFrame?: AgentDisconnectedFrame;
  private readonly queue: ClientFrame[] = [];
  private readonly pending = new Map<string, Pending>();
  private nextRequestId = 1;
  private pingTimer?: ReturnType<typeof setInterval>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** The token the server checks for this endpoint: the one it connected with, or the last one it accepted. */
  private currentToken = '';
  private connectingToken = '';
  private lastFrameAt = 0;
  private pingSentAt = 0;

  constructor(private readonly options: SignalingOptions) {}

  get endpointId(): string {
    return this.endpointIdValue;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** First connection: resolves with `agent.connected`, rejects with a CommunicationServicesError (401/403 refused, 503 unreachable). */
  async connect(): Promise<AgentConnectedFrame> {
    if (this.state !== 'idle') {
      throw new CommunicationServicesError('The connection was already started.', ErrorCodes.conflict);
    }
    this.state = 'connecting';
    try {
      const { ws, connected } = await this.open(undefined, 15_000);
      if (this.isClosed()) {
        ws.close(1000, 'disposed');
        throw new CommunicationServicesError('The call agent was disposed while connecting.', ErrorCodes.badRequest);
      }
      this.adopt(ws, connected);
      this.flushQueue();
      return connected;
    } catch (failure) {
      this.state = 'closed';
      if (failure instanceof CommunicationServicesError) {
        throw failure;
      }
      throw (await this.classify(failure)).error;
    }
  }

  /** Sends a frame now, or after the next resume when the socket is down. */
  send(frame: ClientFrame): void {
    if (this.state === 'closed') {
      return;
    }
    if (this.state === 'open' && this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
      return;
    }
    if (this.queue.length >= MaxQueuedFrames) {
      this.queue.shift();
    }
    this.queue.push(frame);
  }

  /** Sends a frame with a fresh `requestId`; resolves with the answer carrying it, rejects on `error`. */
  request<T extends ServerFrame>(frame: ClientFrame, timeoutMs = RequestTimeoutMs): Promise<T> {
    if (this.state === 'closed') {
      return Promise.reject(new CommunicationServicesError('The call agent is disconnected.', ErrorCodes.badRequest));
    }
    const requestId = `r${this.nextRequestId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new CommunicationServicesError(`The server did not answer '${frame.type}' in time.`, ErrorCodes.timeout));
      }, timeoutMs);
      this.pending.set(requestId, { resolve: (f) => resolve(f as T), reject, timer });
      this.send({ ...frame, requestId });
    });
  }

  /** Whether a request is still waiting for its answer. */
  isPending(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  /** Closes for good (normal closure 1000). */
  close(): void {
    if (this.state === 'closed') {
      return;
    }
    const error = new CommunicationServicesError('The call agent was disposed.', ErrorCodes.badRequest);
    this.finish('disposed', error, 1000);
  }

  // -------------------------------------------------------------------------------------------

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private query(token: string, resume?: string): Record<string, string | undefined> {
    return { access_token: token, displayName: this.options.displayName, resume };
  }

  /** One attempt: resolves when `agent.connected` arrives; frames before it (queued on the server while away) are dispatched. */
  private async open(resume: string | undefined, timeoutMs: number): Promise<{ ws: WebSocket; connected: AgentConnectedFrame }> {
    const token = await this.options.getToken();
    this.connectingToken = token;
    const query = this.query(token, resume);
    const url = agentUrl(this.options.serverUrl, query, 'ws');
    const probeUrl = agentUrl(this.options.serverUrl, this.query(token), 'http');
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url);
      } catch (error) {
        reject(new ConnectFailure(0, undefined, probeUrl, error));
        return;
      }
      let connected = false;
      let disconnected: AgentDisconnectedFrame | undefined;
      const timer = setTimeout(() => {
        if (!connected) {
          detach();
          ws.close();
          reject(new ConnectFailure(0, undefined, probeUrl, new Error('timeout')));
        }
      }, timeoutMs);
      const detach = () => {
        ws.onmessage = null;
        ws.onclose = null;
        ws.onerror = null;
      };
      ws.onerror = () => {
        // A close event follows.
      };
      ws.onmessage = (event) => {
        const frame = parse(event.data);
        if (!frame) {
          this.options.logger.warning('Ignoring a frame that is not a JSON object.');
          return;
        }
        this.lastFrameAt = Date.now();
        if (connected) {
          if (this.ws === ws) {
            this.handle(frame);
          }
          return;
        }
        if (frame.type === 'agent.connected') {
          connected = true;
          clearTimeout(timer);
          resolve({ ws, connected: frame });
        } else if (frame.type === 'agent.disconnected') {
          disconnected = frame;
        } else {
          this.handle(frame);
        }
      };
      ws.onclose = (event) => {
        if (!connected) {
          clearTimeout(timer);
          detach();
          reject(new ConnectFailure(event.code, disconnected, probeUrl));
          return;
        }
        if (this.ws === ws) {
          detach();
          this.socketLost(event.code);
        }
      };
    });
  }

  private adopt(ws: WebSocket, connected: AgentConnectedFrame): void {
    this.ws = ws;
    this.state = 'open';
    this.endpointIdValue = connected.endpointId;
    this.resumeToken = connected.resumeToken;
    this.disconnectedFrame = undefined;
    this.lastFrameAt = Date.now();
    this.pingSentAt = 0;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.keepAlive(), PingIntervalMs);
    this.currentToken = this.connectingToken;
    this.scheduleRefresh();
  }

  /**
   * Hands the server a fresh token before the current one expires (at three quarters of its remaining life,
   * at least a minute early when it can), asking the credential each time: AzureCommunicationTokenCredential
   * with a refresher returns a new token then. Without one the agent is disconnected when the token expires.
   */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const expires = tokenExpiry(this.currentToken);
    if (expires === undefined || this.state !== 'open') {
      return;
    }
    const remaining = expires - Date.now();
    const delay = Math.max(1000, Math.min(remaining - 60_000, remaining * 0.75));
    this.refreshTimer = setTimeout(() => void this.refreshToken(), delay);
  }

  private async refreshToken(): Promise<void> {
    if (this.state !== 'open') {
      return;
    }
    try {
      const token = await this.options.getToken();
      if (token !== this.currentToken && (tokenExpiry(token) ?? 0) > (tokenExpiry(this.currentToken) ?? 0)) {
        await this.request({ type: 'agent.token', token });
        this.currentToken = token;
        this.options.logger.info('Handed a fresh token to the calling service.');
      }
    } catch (error) {
      this.options.logger.warning(`Could not refresh the calling token: ${String(error)}`);
    } finally {
      if (Date.now() < (tokenExpiry(this.currentToken) ?? 0)) {
        this.scheduleRefresh();
      }
    }
  }

  private flushQueue(): void {
    const frames = this.queue.splice(0);
    for (const frame of frames) {
      this.send(frame);
    }
  }

  private keepAlive(): void {
    if (this.state !== 'open' || !this.ws) {
      return;
    }
    const now = Date.now();
    if (this.pingSentAt > this.lastFrameAt && now - this.pingSentAt > PongTimeoutMs) {
      this.options.logger.warning('The calling service went silent; reconnecting.');
      const ws = this.ws;
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = null;
      ws.close(4000, 'silent');
      this.socketLost(1006);
      return;
    }
    this.pingSentAt = now;
    this.ws.send(JSON.stringify({ type: 'ping' }));
  }

  private handle(frame: ServerFrame): void {
    if (frame.type === 'pong') {
      return;
    }
    if (frame.type === 'agent.disconnected') {
      this.disconnectedFrame = frame;
      return;
    }
    const requestId = 'requestId' in frame && typeof frame.requestId === 'string' ? frame.requestId : undefined;
    const pending = requestId ? this.pending.get(requestId) : undefined;
    if (requestId && pending) {
      this.pending.delete(requestId);
      clearTimeout(pending.timer);
      if (frame.type === 'error') {
        pending.reject(new CommunicationServicesError(frame.message ?? 'The request failed.', frame.code, frame.subCode ?? 0));
      } else {
        pending.resolve(frame);
      }
      return;
    }
    try {
      this.handlers?.frame(frame);
    } catch (error) {
      this.options.logger.error(`Handling '${frame.type}' failed`, error);
    }
  }

  private socketLost(closeCode: number): void {
    clearInterval(this.pingTimer);
    this.ws = undefined;
    if (this.state !== 'open') {
      return;
    }
    if (this.disconnectedFrame?.reason === 'invalidToken' || closeCode === CloseInvalidToken) {
      const message = this.disconnectedFrame?.message ?? 'The access token is no longer valid.';
      this.finish('invalidToken', new CommunicationServicesError(message, ErrorCodes.unauthorized), 1000);
      return;
    }
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    this.state = 'reconnecting';
    this.handlers?.dropped();
    const droppedAt = Date.now();
    let attempt = 0;
    let graceSignalled = false;
    const expireGrace = () => {
      if (!graceSignalled) {
        graceSignalled = true;
        this.queue.length = 0;
        this.rejectPending(new CommunicationServicesError('The connection to the calling service was lost.', ErrorCodes.timeout));
        this.handlers?.graceExpired();
      }
    };
    while (this.state === 'reconnecting') {
      const inGrace = Date.now() - droppedAt < ResumeGraceMs;
      const delay = inGrace ? Math.min(250 * 2 ** attempt, 4_000) : Math.min(2_000 * 2 ** Math.max(0, attempt - 6), 30_000);
      attempt++;
      await sleep(delay);
      if (this.state !== 'reconnecting') {
        return;
      }
      const useResume = Date.now() - droppedAt < ResumeGraceMs - 500 ? this.resumeToken : undefined;
      if (!useResume) {
        expireGrace();
      }
      try {
        const remaining = ResumeGraceMs - (Date.now() - droppedAt);
        const { ws, connected } = await this.open(useResume, useResume ? Math.max(2_000, Math.min(8_000, remaining)) : 10_000);
        if (this.state !== 'reconnecting') {
          ws.close(1000, 'disposed');
          return;
        }
        const resumed = useResume !== undefined && connected.endpointId === this.endpointIdValue;
        this.adopt(ws, connected);
        if (!resumed) {
          expireGrace();
        }
        this.options.logger.info(resumed ? 'Resumed the calling connection.' : 'Reconnected to the calling service as a new endpoint.');
        this.handlers?.reconnected(connected, resumed);
        this.flushQueue();
        return;
      } catch (failure) {
        const classified = await this.classify(failure);
        if (classified.refused) {
          this.finish('invalidToken', classified.error, 1000);
          return;
        }
        this.options.logger.verbose('Reconnect attempt failed', classified.error.message);
      }
    }
  }

  /**
   * Tells a refused token from an unreachable server. Browsers hide the status of a refused WebSocket
   * handshake (close code 1006), so for those the same URL is fetched once without the upgrade: the
   * server answers 401/403 for a bad token and 426 for a good one.
   */
  private async classify(failure: unknown): Promise<Classified> {
    if (failure instanceof CommunicationServicesError) {
      return { refused: false, error: failure };
    }
    if (!(failure instanceof ConnectFailure)) {
      // getToken() threw.
      const message = failure instanceof Error ? failure.message : String(failure);
      return { refused: false, error: new CommunicationServicesError(`Could not get an access token: ${message}`, ErrorCodes.unauthorized) };
    }
    const d = failure.disconnected;
    if (d?.reason === 'invalidToken' || failure.closeCode === CloseInvalidToken) {
      return { refused: true, error: new CommunicationServicesError(d?.message ?? 'The access token was refused.', d?.code ?? ErrorCodes.unauthorized, d?.subCode ?? 0) };
    }
    if (failure.closeCode === CloseForbidden) {
      return { refused: true, error: new CommunicationServicesError(d?.message ?? 'The calling service refused this identity.', d?.code ?? ErrorCodes.forbidden, d?.subCode ?? 0) };
    }
    if (failure.closeCode === 1006 || failure.closeCode === 0) {
      const probed = await probe(failure.probeUrl);
      if (probed) {
        return { refused: true, error: probed };
      }
    }
    return {
      refused: false,
      error: new CommunicationServicesError(`Could not connect to the calling service (WebSocket close code ${failure.closeCode}).`, ErrorCodes.unavailable),
    };
  }

  private rejectPending(error: CommunicationServicesError): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  private finish(reason: 'invalidToken' | 'disposed', error: CommunicationServicesError, closeCode: number): void {
    this.state = 'closed';
    clearInterval(this.pingTimer);
    clearTimeout(this.refreshTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        ws.close(closeCode, reason);
      }
    }
    this.queue.length = 0;
    this.rejectPending(error);
    this.handlers?.closed(reason, error);
  }
}

function parse(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') {
    return undefined;
  }
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as ServerFrame) : undefined;
  } catch {
    return undefined;
  }
}

/** A 401/403 from the plain GET of the agent URL, as a CommunicationServicesError; undefined otherwise (or when it cannot be read, e.g. CORS). */
async function probe(url: string): Promise<CommunicationServicesError | undefined> {
  try {
    const response = await fetch(url, { method: 'GET', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(5_000) });
    if (response.status !== 401 && response.status !== 403) {
      return undefined;
    }
    let message = response.status === 401 ? 'The access token was refused.' : 'The calling service refused this identity.';
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.message) {
        message = body.error.code ? `${body.error.code}: ${body.error.message}` : body.error.message;
      }
    } catch {
      // Not JSON.
    }
    return new CommunicationServicesError(message, response.status);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A JWT's `exp` in epoch milliseconds, or undefined when the token is not a readable JWT. */
function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) {
      return undefined;
    }
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
