// A tiny loopback "native app" redirect listener, like the one msal-node's interactive samples run.
// Listens on 127.0.0.1 with a random free port and serves GET /redirect; the registered public-client
// redirect URI http://localhost/redirect matches any port for http loopback.

import http from 'node:http';

export async function startRedirectListener() {
  const received = [];   // URLSearchParams of every /redirect hit, in order
  const waiters = [];    // { state, resolve } waiting for a hit with that state

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/redirect') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const params = url.searchParams;
    received.push(params);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(params.has('error')
        ? `<!doctype html><title>Sign-in failed</title><p>Sign-in failed: ${escapeHtml(params.get('error'))}</p>`
        : '<!doctype html><title>Signed in</title><p>Signed in. You can close this window.</p>');
    for (const w of waiters.filter((w) => w.state === params.get('state'))) w.resolve(params);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const redirectUri = `http://localhost:${port}/redirect`;

  return {
    port,
    redirectUri,
    received,
    /**
     * Resolves with the query of the /redirect hit carrying `state` (the one msal-node's
     * getAuthCodeUrl was given), waiting up to timeoutMs for it.
     */
    redirectFor(state, { timeoutMs = 30_000 } = {}) {
      const already = received.find((p) => p.get('state') === state);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          state,
          resolve(params) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(waiter), 1);
            resolve(params);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no redirect with state ${state} reached ${redirectUri} within ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref(); // an abandoned wait must not keep the test process alive
        waiters.push(waiter);
      });
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
