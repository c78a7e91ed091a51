// Microsoft Graph chat calls on this origin (/v1.0), with the session's token. Errors come back in
// Graph's shape ({ error: { code, message } }) and are thrown as messages a person can read.
import type { Session } from './session.js';

export type Json = Record<string, any>;

export class Graph {
  constructor(private readonly session: Session, private readonly base = `${location.origin}/v1.0`) {}

  async request(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        authorization: `Bearer ${await this.session.graphToken()}`,
        // System event messages (members added, call ended) are only typed as such with this header.
        prefer: 'include-unknown-enum-members',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(json?.error?.message ?? `${method} ${path} failed (${response.status})`);
    return json;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown = {}) => this.request('POST', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
}

export const chatPath = (chatId: string) => `/chats/${encodeURIComponent(chatId)}`;
export const odataString = (s: string) => s.replace(/'/g, "''");
