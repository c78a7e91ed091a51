// Helpers for the ACS Identity suite (communication/*.test.mjs): the seeded communication resources and
// their connection strings, the Teams users with consent already granted, the second ("short") server,
// and Switchboard's own ACS routes (GET /communication/discovery/keys, GET /communication/tokenInfo).
// Tokens are checked with node's crypto only; nothing here disables TLS checks.

import { readFileSync } from 'node:fs';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';

import { SWITCHBOARD_URL } from './env.mjs';

/**
 * The second server on the same seed whose Entra access tokens live 20 seconds
 * (--Login:AccessTokenLifetimeMin/Max=00:00:20). Read when a test needs it, so the other tests of a file
 * still run (and this one fails with a clear message) when it is not set.
 */
export function shortServerUrl() {
  const value = process.env.SWITCHBOARD_SHORT_URL;
  if (!value) {
    throw new Error('SWITCHBOARD_SHORT_URL is not set: point it at a second Switchboard on the test seed started with '
      + '--Login:AccessTokenLifetimeMin=00:00:20 --Login:AccessTokenLifetimeMax=00:00:20 (its CA must be in NODE_EXTRA_CA_CERTS)');
  }
  const url = value.replace(/\/+$/, '');
  if (!url.startsWith('https://')) throw new Error(`SWITCHBOARD_SHORT_URL must be https: ${url}`);
  return url;
}

// ---- Seed (tests/seed/test-seed.json, JSON with whole-line // comments) ----

const SEED_PATH = new URL('../../seed/test-seed.json', import.meta.url);

export function readSeed() {
  const text = readFileSync(SEED_PATH, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return JSON.parse(text);
}

/** The seeded communication resources by name: { id, name, accessKey, secondaryKey }. */
export const ACS_RESOURCES = Object.fromEntries(
  readSeed().communicationResources.map((r) => [r.name, { id: r.id, name: r.name, accessKey: r.accessKey, secondaryKey: r.secondaryKey }]));

/** The portal's connection-string form, endpoint with a trailing slash. */
export function connectionString(key, endpoint = SWITCHBOARD_URL) {
  return `endpoint=${endpoint.replace(/\/+$/, '')}/;accesskey=${key}`;
}

/** Fabrikam users granted Teams.ManageCalls + Teams.ManageChats for Contoso Calls by the seed. */
export const TEAMS_USERS = {
  ropc: { upn: 'ropc@fabrikam.test', password: 'Fabrikam!Ropc1', id: '22222222-0000-4000-8000-000000000010' },
  refresh: { upn: 'refresh@fabrikam.test', password: 'Fabrikam!Refresh1', id: '22222222-0000-4000-8000-000000000013' },
  errors: { upn: 'errors@fabrikam.test', password: 'Fabrikam!Errors1', id: '22222222-0000-4000-8000-000000000019' },
};

/** msal-node auth settings for any Switchboard base URL (env.mjs's msalAuth is bound to SWITCHBOARD_URL). */
export function msalAuthFor(baseUrl, clientId, tenant = 'organizations') {
  return { clientId, authority: `${baseUrl}/${tenant}`, knownAuthorities: [new URL(baseUrl).host] };
}

// ---- JWT and the ACS key set ----

export function decodeJwtHeader(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

/** GET /communication/discovery/keys. */
export async function fetchAcsJwks(baseUrl = SWITCHBOARD_URL) {
  const response = await fetch(`${baseUrl}/communication/discovery/keys`);
  assert.equal(response.status, 200, `GET /communication/discovery/keys answered ${response.status}`);
  const jwks = await response.json();
  assert.ok(Array.isArray(jwks.keys) && jwks.keys.length > 0, `no keys in ${JSON.stringify(jwks)}`);
  return jwks;
}

/**
 * Verifies an RS256 compact JWS against a JWKS with node's crypto (key chosen by the header's kid).
 * Returns true/false for the signature; throws if the header is not RS256 or names no published key.
 */
export function verifyRs256(jwt, jwks) {
  const [header64, payload64, signature64] = jwt.split('.');
  const header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8'));
  assert.equal(header.alg, 'RS256', `unexpected alg in ${JSON.stringify(header)}`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is not in the ACS JWKS (${jwks.keys.map((k) => k.kid).join(', ')})`);
  const key = crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  return crypto.verify('RSA-SHA256', Buffer.from(`${header64}.${payload64}`), key, Buffer.from(signature64, 'base64url'));
}

/** The same token with one payload byte flipped (header and signature untouched). */
export function withFlippedPayloadByte(jwt) {
  const [header64, payload64, signature64] = jwt.split('.');
  const payload = Buffer.from(payload64, 'base64url');
  payload[Math.floor(payload.length / 2)] ^= 0x01;
  return `${header64}.${payload.toString('base64url')}.${signature64}`;
}

/** GET /communication/tokenInfo with the ACS token as a bearer token: { status, body }. */
export async function tokenInfo(token, baseUrl = SWITCHBOARD_URL) {
  const response = await fetch(`${baseUrl}/communication/tokenInfo`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: response.status, body };
}

/** Asserts tokenInfo accepts the token and returns its body. */
export async function assertTokenAccepted(token, baseUrl = SWITCHBOARD_URL) {
  const info = await tokenInfo(token, baseUrl);
  assert.equal(info.status, 200, `tokenInfo refused a token it should accept: ${JSON.stringify(info.body)}`);
  return info.body;
}

/** Asserts tokenInfo refuses the token with 401 and the ACS error envelope code InvalidAccessToken. */
export async function assertTokenRefused(token, baseUrl = SWITCHBOARD_URL) {
  const info = await tokenInfo(token, baseUrl);
  assert.equal(info.status, 401, `tokenInfo accepted a token it should refuse: ${JSON.stringify(info.body)}`);
  assert.equal(info.body?.error?.code, 'InvalidAccessToken', JSON.stringify(info.body));
  assert.equal(typeof info.body.error.message, 'string');
  return info.body;
}

/**
 * An assert.rejects validator for the SDK's RestError: statusCode, code and (if given) the exact message.
 * Prints the whole error when something differs.
 */
export function restError({ statusCode, code, message }) {
  return (err) => {
    const seen = `${err?.name} statusCode=${err?.statusCode} code=${err?.code} message=${JSON.stringify(err?.message)}`;
    assert.equal(err?.name, 'RestError', seen);
    assert.equal(err.statusCode, statusCode, seen);
    assert.equal(err.code, code, seen);
    if (message !== undefined) assert.equal(err.message, message, seen);
    return true;
  };
}

/** Asserts |actual - expected| <= toleranceMs (times in ms). */
export function assertAbout(actualMs, expectedMs, toleranceMs, what) {
  assert.ok(Math.abs(actualMs - expectedMs) <= toleranceMs,
    `${what}: ${new Date(actualMs).toISOString()} is not within ${toleranceMs} ms of ${new Date(expectedMs).toISOString()}`);
}
