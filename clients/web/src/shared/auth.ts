// msal-browser for both apps: redirect sign-in, then one silent token request per resource (Graph, and
// the Teams scopes of the ACS resource). When the refresh token can no longer be used silently, MSAL
// falls back to a redirect, the one case where the person sees the sign-in page again.
import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';

export const TEAMS_SCOPES = ['https://auth.msft.communication.azure.com/Teams.ManageCalls', 'https://auth.msft.communication.azure.com/Teams.ManageChats'];
export const GRAPH_SCOPES = ['User.Read', 'User.ReadBasic.All', 'Chat.ReadWrite', 'Chat.Create', 'ChatMessage.Send', 'ChatMember.ReadWrite'].map((s) => `https://graph.microsoft.com/${s}`);

export class Auth {
  readonly msal: PublicClientApplication;
  account: AccountInfo | null = null;

  constructor(clientId: string, authority: string, redirectUri: string) {
    this.msal = new PublicClientApplication({
      auth: { clientId, authority, knownAuthorities: [location.host], redirectUri, postLogoutRedirectUri: redirectUri },
      cache: { cacheLocation: 'sessionStorage' },
    });
  }

  /** Completes a redirect back from the sign-in page, if this load is one; returns the account. */
  async init(): Promise<AccountInfo | null> {
    await this.msal.initialize();
    const result = await this.msal.handleRedirectPromise();
    this.account = result?.account ?? this.msal.getAllAccounts()[0] ?? null;
    if (this.account) this.msal.setActiveAccount(this.account);
    return this.account;
  }

  signIn(scopes: string[], extraScopesToConsent: string[] = []): Promise<void> {
    return this.msal.loginRedirect({ scopes, extraScopesToConsent, prompt: 'select_account' });
  }

  signOut(): Promise<void> {
    return this.msal.logoutRedirect({ account: this.account });
  }

  private queue: Promise<unknown> = Promise.resolve();

  /**
   * An access token for `scopes` (one resource), silently, refreshing an expired one. One request at a
   * time: Switchboard rotates refresh tokens and treats a reused one as stolen (revoking the family), so
   * two resources refreshing at once with the same refresh token would end the session.
   */
  token(scopes: string[]): Promise<{ accessToken: string; expiresOn: Date | null }> {
    const next = this.queue.then(() => this.acquire(scopes));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async acquire(scopes: string[]): Promise<{ accessToken: string; expiresOn: Date | null }> {
    try {
      const r = await this.msal.acquireTokenSilent({ scopes, account: this.account! });
      return { accessToken: r.accessToken, expiresOn: r.expiresOn };
    } catch (e) {
      if (e instanceof InteractionRequiredAuthError) {
        await this.msal.acquireTokenRedirect({ scopes, account: this.account! });
        throw new Error('Signing you in again…');
      }
      throw e;
    }
  }
}
