// Switchboard's own Teams-like client at /: signs in as the first-party "Switchboard" app (pre-authorized
// in every organisation, so nobody is asked to consent), chats through Graph and calls with an ACS token
// from /web/calling-token.
import { Auth, GRAPH_SCOPES, TEAMS_SCOPES } from '../shared/auth.js';
import { $, notify, setStatus } from '../shared/dom.js';
import type { AccessToken, CallingCredential, Session } from '../shared/session.js';
import { Workspace } from '../shared/workspace.js';

const CLIENT_ID = '5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0a001';
const auth = new Auth(CLIENT_ID, `${location.origin}/organizations`, `${location.origin}/`);

/** The ACS token for calls, exchanged by the server from the Teams-scoped Entra token; cached until 5 minutes before expiry. */
function callingCredential(): CallingCredential {
  let cached: AccessToken | null = null;
  return {
    async getToken() {
      if (cached && cached.expiresOnTimestamp - Date.now() > 5 * 60_000) return cached;
      const entra = await auth.token(TEAMS_SCOPES);
      const response = await fetch(`${location.origin}/web/calling-token`, { method: 'POST', headers: { authorization: `Bearer ${entra.accessToken}` } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error(body?.error?.message ?? `The calling token was refused (${response.status}).`);
      cached = { token: body.token, expiresOnTimestamp: Date.parse(body.expiresOn) };
      return cached;
    },
    dispose() { cached = null; },
  };
}

async function main(): Promise<void> {
  $('sign-in').addEventListener('click', () => void auth.signIn(GRAPH_SCOPES, TEAMS_SCOPES));
  $('sign-out').addEventListener('click', () => void auth.signOut());
  const account = await auth.init();
  document.body.dataset.ready = 'true';
  if (!account) { setStatus('Sign in with your work account to chat and call.'); return; }
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('who').textContent = account.name ?? account.username;
  const session: Session = { graphToken: async () => (await auth.token(GRAPH_SCOPES)).accessToken, callingCredential: callingCredential() };
  const me = await fetchMe(session);
  $('who').textContent = me.displayName;
  await new Workspace(session, { ...me, tenantId: account.tenantId }).start($('app'));
}

async function fetchMe(session: Session): Promise<{ id: string; displayName: string }> {
  const response = await fetch(`${location.origin}/v1.0/me`, { headers: { authorization: `Bearer ${await session.graphToken()}` } });
  if (!response.ok) throw new Error(`Your profile could not be read (${response.status}).`);
  return response.json();
}

main().catch((e) => { setStatus(''); notify((e as Error).message); });
