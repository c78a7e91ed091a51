/**
 * The logger shape of `@azure/logger`'s `AzureLogger` that `CallClientOptions.logger` accepts
 * (`info`, `warning`, `error`, `verbose`, each `(...args) => void`). Without one, warnings and
 * errors go to the console and the rest is dropped.
 */
export interface CallClientLogger {
  info?: (...args: unknown[]) => void;
  warning?: (...args: unknown[]) => void;
  error?: (...args: unknown[]) => void;
  verbose?: (...args: unknown[]) => void;
}

export interface Logger {
  verbose(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warning(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const prefix = '[switchboard-calling]';

export function createLogger(custom?: CallClientLogger): Logger {
  const pick = (name: keyof CallClientLogger, fallback: (...args: unknown[]) => void) => {
    const f = custom?.[name];
    return typeof f === 'function' ? (...args: unknown[]) => f.call(custom, prefix, ...args) : fallback;
  };
  const none = () => {};
  return {
    verbose: pick('verbose', none),
    info: pick('info', none),
    warning: pick('warning', (...args) => console.warn(prefix, ...args)),
    error: pick('error', (...args) => console.error(prefix, ...args)),
  };
}
