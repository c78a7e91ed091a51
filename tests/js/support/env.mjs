// Shared configuration for the Switchboard JavaScript suite.
//
// The runner starts Switchboard (fresh data directory, tests/seed/test-seed.json) and runs
//   SWITCHBOARD_URL=https://localhost:<port> NODE_EXTRA_CA_CERTS=<data>/tls/ca.pem \
//   CHROMIUM_PATH=/usr/bin/chromium node --test
// Node's own TLS trusts Switchboard's dev CA through NODE_EXTRA_CA_CERTS; nothing here disables
// certificate checks for node.

import { LogLevel } from '@azure/msal-node';

function requireEnv(name, hint) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: ${hint}`);
  return value;
}

/** e.g. https://localhost:5611 (no trailing slash). */
export const SWITCHBOARD_URL = requireEnv('SWITCHBOARD_URL',
  'point it at a running Switchboard, e.g. SWITCHBOARD_URL=https://localhost:5611').replace(/\/+$/, '');

if (!SWITCHBOARD_URL.startsWith('https://')) {
  throw new Error(`SWITCHBOARD_URL must be https (MSAL refuses http authorities): ${SWITCHBOARD_URL}`);
}
requireEnv('NODE_EXTRA_CA_CERTS', "set it to Switchboard's dev CA, <data>/tls/ca.pem, so node trusts the server");

/** host:port as msal-node's knownAuthorities wants it (spec §8.2). */
export const SWITCHBOARD_HOST = new URL(SWITCHBOARD_URL).host;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ---- Seed (tests/seed/test-seed.json) ----
export const CONTOSO_TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM_TENANT_ID = '22222222-2222-4222-8222-222222222222';

/** "Contoso Calls": multi-tenant public client, redirect URIs http://localhost and http://localhost/redirect. */
export const CONTOSO_CALLS_CLIENT_ID = 'c0de0001-0000-4000-8000-000000000001';
/** "Contoso Calls Server": multi-tenant confidential client. */
export const CONTOSO_SERVER_CLIENT_ID = 'c0de0002-0000-4000-8000-000000000002';
export const CONTOSO_SERVER_SECRET = 'contoso-server-test-secret-0001';

export const ACS_RESOURCE = 'https://auth.msft.communication.azure.com';
export const TEAMS_SCOPES = [`${ACS_RESOURCE}/Teams.ManageCalls`, `${ACS_RESOURCE}/Teams.ManageChats`];

export const USERS = {
  // Has not consented to Contoso Calls: the first interactive sign-in shows the consent page.
  node: { upn: 'node@fabrikam.test', password: 'Fabrikam!Node1', id: '22222222-0000-4000-8000-000000000020', name: 'Nora Node' },
  // Never consents (the Cancel test): stays without a grant, so its test can run again.
  browser: { upn: 'browser@fabrikam.test', password: 'Fabrikam!Browser1', id: '22222222-0000-4000-8000-000000000015', name: 'Bea Browser' },
  // Never consented to Contoso Calls; used with ROPC (no UI to consent in).
  pradeep: { upn: 'pradeep@fabrikam.test', password: 'Fabrikam!Pradeep1', id: '22222222-0000-4000-8000-000000000007', name: 'Pradeep Gupta' },
};

/** msal-node logger options: silent unless MSAL_LOG=1 (then everything msal-node logs, no PII). */
export const msalSystemOptions = {
  loggerOptions: {
    logLevel: process.env.MSAL_LOG ? LogLevel.Verbose : LogLevel.Error,
    piiLoggingEnabled: false,
    loggerCallback(level, message) {
      if (process.env.MSAL_LOG) console.error(`[msal] ${message}`);
    },
  },
};

/** Decodes a JWT's payload without verifying it (the tests check claims, msal-node checks the rest). */
export function decodeJwtPayload(jwt) {
  assertIsString(jwt, 'JWT');
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error(`not a compact JWS (${parts.length} parts)`);
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/** `scp` as a list of scope names. */
export function scopesOf(payload) {
  return typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
}

function assertIsString(value, what) {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${what} is missing`);
}

/** The configuration spec §8.2 documents: authority on Switchboard + knownAuthorities, default protocolMode. */
export function msalAuth(clientId, tenant = 'organizations', extra = {}) {
  return {
    clientId,
    authority: `${SWITCHBOARD_URL}/${tenant}`,
    knownAuthorities: [SWITCHBOARD_HOST],
    ...extra,
  };
}
