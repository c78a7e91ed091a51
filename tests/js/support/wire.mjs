// A passive recorder of msal-node's HTTP traffic. msal-node's default network client calls the global
// fetch at request time; wrapping it lets a test prove which requests reached Switchboard (e.g. that a
// refresh really was a refresh_token grant) and print what was sent/answered when something fails.
// Requests and responses pass through untouched.

export function recordFetch() {
  const exchanges = [];
  const original = globalThis.fetch;

  globalThis.fetch = async function recordingFetch(input, init = {}) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    const form = typeof init.body === 'string' ? new URLSearchParams(init.body) : null;
    const entry = { method, url, form, status: undefined, body: undefined };
    exchanges.push(entry);
    const response = await original(input, init);
    entry.status = response.status;
    try { entry.body = await response.clone().text(); } catch { /* body not readable */ }
    return response;
  };

  return {
    exchanges,
    /** POSTs to a token endpoint, optionally only one grant_type. */
    tokenRequests(grantType) {
      return exchanges.filter((e) => e.method === 'POST' && new URL(e.url).pathname.endsWith('/oauth2/v2.0/token')
        && (!grantType || e.form?.get('grant_type') === grantType));
    },
    /** A readable dump for assertion messages. */
    describe() {
      return exchanges.map((e) => `${e.method} ${e.url}`
        + (e.form ? `\n  sent: ${redact(e.form)}` : '')
        + `\n  got: HTTP ${e.status} ${truncate(e.body)}`).join('\n');
    },
    restore() { globalThis.fetch = original; },
  };
}

function redact(form) {
  const copy = new URLSearchParams(form);
  for (const k of ['password', 'client_secret', 'refresh_token', 'code', 'code_verifier']) {
    if (copy.has(k)) copy.set(k, '…');
  }
  return copy.toString();
}

function truncate(s) {
  if (typeof s !== 'string') return '';
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}
