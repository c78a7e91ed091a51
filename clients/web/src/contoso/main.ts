// Contoso Calls: the sample customer app (a multi-tenant app registered by Contoso) at /samples/contoso/.
// It reads its sign-in settings from its own back end, signs the Teams user in with msal-browser, and gets
// the ACS token from its back end (/samples/contoso/api/token), which exchanges the user's Entra token
// with Contoso's communication resource key. Chat goes to Graph with the user's Graph token.
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { Auth, GRAPH_SCOPES, TEAMS_SCOPES } from '../shared/auth.js';
import { $, notify, setStatus } from '../shared/dom.js';
import type { Session } from '../shared/session.js';
import { Workspace } from '../shared/workspace.js';

const BASE = `${location.origin}/samples/contoso`;

interface Config {
  clientId: string;
  authority: string;
  /** The Teams scopes of the ACS resource, for the token the back end exchanges. */
  scopes: string[];
  /** The Graph scopes for chat (explicit, no .default). */
  graphScopes?: string[];
}

/** The back end's refusal, kept with its ACS error code so the page can explain it. */
class TokenRefused extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The sample's settings from its back end, retried for a while: the back end may still be starting. */
async function loadConfig(): Promise<Config> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${BASE}/api/config`);
      if (response.ok) return (await response.json()) as Config;
      if (attempt >= 10) throw new Error(`Contoso's back end is not available (${response.status}).`);
    } catch (e) {
      if (attempt >= 10) throw e;
    }
    setStatus('Waiting for Contoso…');
    await new Promise((r) => setTimeout(r, 1000 * Math.min(attempt, 5)));
  }
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const teamsScopes = config.scopes.filter((s) => s.startsWith('https://auth.msft.communication.azure.com/'));
  const graphScopes = config.graphScopes?.length ? config.graphScopes : GRAPH_SCOPES;
  const auth = new Auth(config.clientId, config.authority, `${BASE}/`);

  $('sign-in').addEventListener('click', () => void auth.signIn(teamsScopes.length ? teamsScopes : TEAMS_SCOPES, graphScopes));
  $('sign-out').addEventListener('click', () => void auth.signOut());
  const account = await auth.init();
  document.body.dataset.ready = 'true';
  if (!account) { setStatus('Sign in with your work account (Microsoft Teams) to chat and call with Contoso.'); return; }
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('who').textContent = account.name ?? account.username;

  const acsToken = async (): Promise<string> => {
    const entra = await auth.token(teamsScopes.length ? teamsScopes : TEAMS_SCOPES);
    const r = await fetch(`${BASE}/api/token`, { method: 'POST', headers: { authorization: `Bearer ${entra.accessToken}` } });
    const body = await r.json().catch(() => null);
    if (!r.ok) throw new TokenRefused(r.status, body?.error?.code ?? '', body?.error?.message ?? `Contoso's back end refused the token (${r.status}).`);
    return body.token;
  };

  setStatus('Connecting to Microsoft Teams…');
  let initialToken: string;
  try {
    initialToken = await acsToken();
  } catch (e) {
    setStatus('');
    if (e instanceof TokenRefused && e.status === 403) {
      $('no-teams').hidden = false;
      $('no-teams-detail').textContent = e.message;
      return;
    }
    throw e;
  }
  setStatus('');
  const session: Session = {
    graphToken: async () => (await auth.token(graphScopes)).accessToken,
    callingCredential: new AzureCommunicationTokenCredential({ tokenRefresher: acsToken, token: initialToken, refreshProactively: true }),
  };
  const meResponse = await fetch(`${location.origin}/v1.0/me`, { headers: { authorization: `Bearer ${await session.graphToken()}` } });
  if (!meResponse.ok) throw new Error(`Your profile could not be read (${meResponse.status}).`);
  const me = await meResponse.json();
  $('who').textContent = me.displayName;
  await new Workspace(session, { id: me.id, displayName: me.displayName, tenantId: account.tenantId }).start($('app'));
}

main().catch((e) => { setStatus(''); notify((e as Error).message); });
