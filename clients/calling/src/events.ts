// The event pattern of @azure/communication-calling: `on(name, listener)` / `off(name, listener)`;
// `<prop>Changed` listeners get no arguments (they re-read the property), `<collection>Updated`
// listeners get `{ added, removed }`.

import type { Logger } from './logger.js';

export type PropertyChangedEvent = () => void;

export type CollectionUpdatedEvent<T> = (args: { added: T[]; removed: T[] }) => void;

export type AnyListener = (...args: any[]) => void;

export class Emitter {
  private readonly listeners = new Map<string, AnyListener[]>();

  constructor(private readonly logger?: Logger) {}

  on(event: string, listener: AnyListener): void {
    if (typeof listener !== 'function') {
      throw new TypeError(`The listener for '${event}' must be a function.`);
    }
    const list = this.listeners.get(event) ?? [];
    if (!list.includes(listener)) {
      this.listeners.set(event, [...list, listener]);
    }
  }

  off(event: string, listener: AnyListener): void {
    const list = this.listeners.get(event);
    if (list) {
      this.listeners.set(
        event,
        list.filter((l) => l !== listener),
      );
    }
  }

  /** Calls every listener of `event`; a throwing listener is logged and does not stop the others. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        (this.logger ?? consoleLogger).error(`A '${event}' listener threw`, error);
      }
    }
  }

  /** Fires `<name>Changed` (no arguments). */
  changed(name: string): void {
    this.emit(`${name}Changed`);
  }

  /** Fires `<name>Updated` with `{ added, removed }` when either is non-empty. */
  updated<T>(name: string, added: T[], removed: T[]): void {
    if (added.length > 0 || removed.length > 0) {
      this.emit(`${name}Updated`, { added, removed });
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

const consoleLogger = {
  error: (...args: unknown[]) => console.error('[switchboard-calling]', ...args),
};
