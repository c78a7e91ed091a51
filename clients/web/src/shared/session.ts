// What the shared components need from an app: Graph tokens for the chat API and the live channel,
// and a credential for the calling library. The client at / and the Contoso sample fill it differently.

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

export interface CallingCredential {
  getToken(options?: unknown): Promise<AccessToken>;
  dispose?(): void;
}

export interface Session {
  /** A Graph access token (acquired silently; renewed by the app's MSAL when it has expired). */
  graphToken(): Promise<string>;
  callingCredential: CallingCredential;
}
