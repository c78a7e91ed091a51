// Validates a Teams user's Entra access token before Contoso spends its access key on it: signature
// against the authority's published keys, lifetime, audience (Azure Communication Services), the app it
// was issued to (Contoso Calls) and an issuer that names the token's own tenant (any organisation may use
// this multi-tenant app).

import { createRemoteJWKSet, jwtVerify, errors } from 'jose';

import { ACS_AUDIENCES } from './config.mjs';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TokenRefused extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function createVerifier({ switchboardUrl, clientId }) {
  let metadata;

  // The v1.0 and v2.0 documents name the issuers of both token versions ({tenantid} is the token's tid).
  async function discover() {
    if (metadata) return metadata;
    const [v1, v2] = await Promise.all(['/organizations/.well-known/openid-configuration', '/organizations/v2.0/.well-known/openid-configuration']
      .map(async (path) => {
        const response = await fetch(switchboardUrl + path);
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.json();
      }));
    metadata = { issuers: [v1.issuer, v2.issuer], keys: createRemoteJWKSet(new URL(v2.jwks_uri)) };
    return metadata;
  }

  return async function verify(token) {
    if (!token) throw new TokenRefused('TokenRequired', 'Send the user\'s Entra access token: "Authorization: Bearer <token>".');
    const { issuers, keys } = await discover();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, { audience: ACS_AUDIENCES, algorithms: ['RS256'], clockTolerance: 5 }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new TokenRefused('TokenExpired', 'The token has expired.');
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud') throw new TokenRefused('InvalidAudience', 'The token is not for Azure Communication Services (https://auth.msft.communication.azure.com).');
      if (e instanceof errors.JOSEError) throw new TokenRefused('InvalidToken', `The token is not valid (${e.code}).`);
      throw e;
    }
    const appId = payload.appid ?? payload.azp;
    if (appId !== clientId) throw new TokenRefused('WrongApplication', 'The token was issued to another application, not Contoso Calls.');
    if (typeof payload.tid !== 'string' || !GUID.test(payload.tid)) throw new TokenRefused('InvalidToken', 'The token names no tenant.');
    if (!issuers.some((template) => template.replace('{tenantid}', payload.tid) === payload.iss)) {
      throw new TokenRefused('InvalidIssuer', 'The token\'s issuer is not the authority of its own tenant.');
    }
    if (typeof payload.oid !== 'string' || !GUID.test(payload.oid)) throw new TokenRefused('InvalidToken', 'The token names no user (oid).');
    return { oid: payload.oid, tid: payload.tid };
  };
}
