// Contoso Calls' back end configuration, from the environment (what a deployment would set).

const TEAMS_RESOURCE = 'https://auth.msft.communication.azure.com';

export const TEAMS_SCOPES = [`${TEAMS_RESOURCE}/Teams.ManageCalls`, `${TEAMS_RESOURCE}/Teams.ManageChats`];

/** What the browser app also asks for, to use Microsoft Graph chat as the user. */
export const GRAPH_SCOPES = [
  'User.Read', 'User.ReadBasic.All', 'Chat.ReadWrite', 'Chat.Create', 'ChatMessage.Send', 'ChatMember.ReadWrite', 'OnlineMeetings.ReadWrite',
].map((s) => `https://graph.microsoft.com/${s}`);

/** The audiences a Teams user's token for Azure Communication Services may carry (resource URI or app id). */
export const ACS_AUDIENCES = [TEAMS_RESOURCE, `${TEAMS_RESOURCE}/`, '1fd5118e-2576-4263-8130-9503064c837a'];

export function readConfig(env = process.env) {
  const connectionString = env.CONTOSO_CONNECTION_STRING;
  if (!connectionString || !/endpoint=/i.test(connectionString) || !/accesskey=/i.test(connectionString)) {
    throw new Error('CONTOSO_CONNECTION_STRING must be "endpoint=https://...;accesskey=..." (Contoso\'s communication resource).');
  }
  const switchboardUrl = (env.SWITCHBOARD_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(switchboardUrl)) throw new Error('SWITCHBOARD_URL must be the sign-in authority\'s origin, e.g. https://localhost:5443.');
  return {
    connectionString,
    clientId: env.CONTOSO_CLIENT_ID || 'c0de0001-0000-4000-8000-000000000001',
    switchboardUrl,
    port: Number(env.PORT || 3000),
    host: env.HOST || '127.0.0.1',
  };
}
