/**
 * The error thrown (or rejected with) by API calls, as in @azure/communication-calling:
 * `code` is SIP-like (400, 401, 403, 408, 480, 487, 500, 501, ...) and `subCode` refines it.
 */
export class CommunicationServicesError extends Error {
  readonly code: number;
  readonly subCode: number;

  constructor(message: string, code: number, subCode = 0) {
    super(message);
    this.name = 'CommunicationServicesError';
    this.code = code;
    this.subCode = subCode;
  }
}

/** Codes this library uses for failures it detects itself (the server's codes pass through unchanged). */
export const ErrorCodes = {
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  timeout: 408,
  conflict: 409,
  internal: 500,
  notSupported: 501,
  unavailable: 503,
} as const;

export function notSupported(what: string): CommunicationServicesError {
  return new CommunicationServicesError(`${what} is not supported by Switchboard yet.`, ErrorCodes.notSupported);
}

export function badRequest(message: string): CommunicationServicesError {
  return new CommunicationServicesError(message, ErrorCodes.badRequest);
}

/** Wraps anything thrown (a DOMException from getUserMedia, say) into a CommunicationServicesError. */
export function toServicesError(error: unknown, code: number = ErrorCodes.internal): CommunicationServicesError {
  if (error instanceof CommunicationServicesError) {
    return error;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new CommunicationServicesError(message, code);
}
