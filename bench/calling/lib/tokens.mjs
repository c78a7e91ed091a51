// Teams users' ACS tokens, as tests/js/calling/support.mjs gets them (that file reads its server from the
// test suite's environment, so the few lines are repeated here): an Entra password grant for "Contoso
// Calls", then the Teams exchange through Microsoft's @azure/communication-identity with the seeded
// contoso-acs key. Node trusts the server through NODE_EXTRA_CA_CERTS.

import { readFileSync } from 'node:fs';
import { CommunicationIdentityClient } from '@azure/communication-identity';

import { SEED_PATH } from './server.mjs';

export const CONTOSO_CALLS_CLIENT_ID = 'c0de0001-0000-4000-8000-000000000001';
export const TEAMS_SCOPES = [
  'https://auth.msft.communication.azure.com/Teams.ManageCalls',
  'https://auth.msft.communication.azure.com/Teams.ManageChats',
];

/** The Fabrikam Teams users the seed reserves for browser calls (consented to Contoso Calls). */
export const CALLERS = {
  brad: { upn: 'brad@fabrikam.test', password: 'Fabrikam!Brad1', id: '22222222-0000-4000-8000-000000000055' },
  bree: { upn: 'bree@fabrikam.test', password: 'Fabrikam!Bree1', id: '22222222-0000-4000-8000-000000000056' },
};

/** The seed is JSON with whole-line // comments. */
function contosoAcsKey() {
  const text = readFileSync(SEED_PATH, 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n');
  const resource = JSON.parse(text).communicationResources.find((r) => r.name === 'contoso-acs');
  if (!resource) throw new Error(`no contoso-acs communication resource in ${SEED_PATH}`);
  return resource.accessKey;
}

async function entraToken(baseUrl, user) {
  const response = await fetch(`${baseUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: CONTOSO_CALLS_CLIENT_ID, username: user.upn, password: user.password, scope: TEAMS_SCOPES.join(' ') }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`password grant for ${user.upn}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The ACS token a Teams user's app gets from Contoso's server, as the credential's getToken() returns it. */
export async function teamsAcsToken(baseUrl, user) {
  const aad = await entraToken(baseUrl, user);
  const identity = new CommunicationIdentityClient(`endpoint=${baseUrl}/;accesskey=${contosoAcsKey()}`);
  const { token, expiresOn } = await identity.getTokenForTeamsUser({ teamsUserAadToken: aad, clientId: CONTOSO_CALLS_CLIENT_ID, userObjectId: user.id });
  return { token, expiresOnTimestamp: expiresOn.getTime() };
}
