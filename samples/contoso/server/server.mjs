// Contoso Calls' back end: the browser app signs its user in (Entra, Teams scopes) and posts the token
// here; this server checks it and exchanges it for an Azure Communication Services token with Contoso's
// access key, which never leaves this process. Plain node:http, configured by the environment:
//   CONTOSO_CONNECTION_STRING  endpoint=https://...;accesskey=...  (Contoso's communication resource)
//   CONTOSO_CLIENT_ID          the browser app's client id (Contoso Calls)
//   SWITCHBOARD_URL            the sign-in authority's origin
//   PORT, HOST                 where to listen (default 127.0.0.1:3000)

import { createServer } from 'node:http';
import { CommunicationIdentityClient } from '@azure/communication-identity';

import { readConfig, TEAMS_SCOPES, GRAPH_SCOPES } from './config.mjs';
import { createVerifier, TokenRefused } from './verify.mjs';

const config = readConfig();
const verify = createVerifier(config);
const identity = new CommunicationIdentityClient(config.connectionString);

function send(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  response.end(JSON.stringify(body));
}

const error = (code, message) => ({ error: { code, message } });

function bearer(request) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

async function token(request, response) {
  let user;
  try {
    user = await verify(bearer(request));
  } catch (e) {
    if (e instanceof TokenRefused) return send(response, 401, error(e.code, e.message), { 'www-authenticate': 'Bearer' });
    throw e;
  }
  try {
    const { token: acsToken, expiresOn } = await identity.getTokenForTeamsUser({ teamsUserAadToken: bearer(request), clientId: config.clientId, userObjectId: user.oid });
    return send(response, 200, { token: acsToken, expiresOn: expiresOn.toISOString() });
  } catch (e) {
    // A refusal of the exchange (no Teams licence, consent revoked...) keeps its status and code, so the
    // app can tell the user why; anything else is this server's failure.
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return send(response, e.statusCode, error(e.code ?? 'ExchangeRefused', e.message));
    }
    console.error(`token exchange failed: ${e?.statusCode ?? ''} ${e?.code ?? e?.name ?? 'error'}`);
    return send(response, 502, error('ExchangeFailed', 'The Teams token exchange did not complete. Try again.'));
  }
}

const routes = {
  'GET /api/config': (_, response) => send(response, 200, {
    clientId: config.clientId,
    authority: `${config.switchboardUrl}/organizations`,
    scopes: TEAMS_SCOPES,
    graphScopes: GRAPH_SCOPES,
  }),
  'POST /api/token': token,
};

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname.replace(/\/+$/, '');
  const route = routes[`${request.method} ${path}`];
  try {
    if (route) return await route(request, response);
    const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
    return known ? send(response, 405, error('MethodNotAllowed', `${request.method} is not supported here.`)) : send(response, 404, error('NotFound', 'No such API.'));
  } catch (e) {
    console.error(`request failed: ${e?.name ?? 'error'}: ${e?.message ?? ''}`.slice(0, 300));
    if (!response.headersSent) send(response, 500, error('InternalError', 'The server could not complete the request.'));
  }
});

server.listen(config.port, config.host, () => console.log(`Contoso Calls back end listening on http://${config.host}:${config.port}`));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
