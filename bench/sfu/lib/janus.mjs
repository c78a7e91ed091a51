// A small Janus HTTP API client: one session with a long poll, transactions answered by events, keepalives.

import { randomUUID } from 'node:crypto';

export class JanusSession {
  constructor(api, apiSecret) {
    this.api = api;
    this.secret = apiSecret;
    this.waiting = new Map();
    this.sinks = new Map();
    this.closed = false;
  }

  async post(url, body) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, apisecret: this.secret }) });
    return response.json();
  }

  async open() {
    const reply = await this.post(this.api, { janus: 'create', transaction: randomUUID() });
    if (reply.janus !== 'success') throw new Error(JSON.stringify(reply));
    this.id = reply.data.id;
    this.url = `${this.api}/${this.id}`;
    this.poll();
    this.keepalive = setInterval(() => this.post(this.url, { janus: 'keepalive', transaction: randomUUID() }).catch(() => {}), 20_000);
    return this;
  }

  async poll() {
    while (!this.closed) {
      try {
        const response = await fetch(`${this.url}?maxev=20&apisecret=${encodeURIComponent(this.secret)}`);
        let events = await response.json();
        if (!Array.isArray(events)) events = [events];
        for (const e of events) {
          if (e.transaction && this.waiting.has(e.transaction) && e.janus !== 'ack') {
            this.waiting.get(e.transaction)(e);
            this.waiting.delete(e.transaction);
          } else if (e.sender && this.sinks.has(e.sender)) {
            this.sinks.get(e.sender)(e);
          }
        }
      } catch {
        if (!this.closed) await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async attach(sink = () => {}) {
    const reply = await this.post(this.url, { janus: 'attach', plugin: 'janus.plugin.videoroom', transaction: randomUUID() });
    if (reply.janus !== 'success') throw new Error(JSON.stringify(reply));
    this.sinks.set(reply.data.id, sink);
    return reply.data.id;
  }

  /** A VideoRoom message; resolves with the synchronous answer or the event answering its transaction. */
  message(handle, body, jsep) {
    const transaction = randomUUID();
    const answered = new Promise((resolve) => this.waiting.set(transaction, resolve));
    return this.post(`${this.url}/${handle}`, { janus: 'message', transaction, body, jsep }).then((reply) => {
      if (reply.janus === 'ack') return answered;
      this.waiting.delete(transaction);
      return reply;
    }).then((reply) => {
      const data = reply.plugindata?.data;
      if (reply.janus === 'error' || data?.error_code) throw new Error(JSON.stringify(reply.error ?? data));
      return reply;
    });
  }

  async detach(handle) {
    this.sinks.delete(handle);
    await this.post(`${this.url}/${handle}`, { janus: 'detach', transaction: randomUUID() }).catch(() => {});
  }

  async close() {
    this.closed = true;
    clearInterval(this.keepalive);
    await this.post(this.url, { janus: 'destroy', transaction: randomUUID() }).catch(() => {});
  }
}
