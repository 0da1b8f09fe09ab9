import type { ProviderName, TokenSet } from './provider.ts';

/** The connected person, as the provider's identity endpoint reports them. */
export interface ConnectedIdentity {
  readonly email: string;
  readonly name?: string | undefined;
}

/** The OAuth 2.0 side of a provider: consent, code exchange, refresh and revocation. */
export interface OAuthProvider {
  readonly name: ProviderName;
  /** The consent URL to send the person to (authorization code flow with PKCE, offline access). */
  authorizationUrl(params: {
    state: string;
    codeChallenge: string;
    redirectUri: string;
    loginHint?: string | undefined;
  }): string;
  /** Trades the code from the callback for tokens, and says who connected. */
  exchangeCode(params: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<{ tokens: TokenSet; identity: ConnectedIdentity }>;
  /** A fresh access token; a dead grant is a ProviderError of kind `auth`. */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes the grant (on disconnect); an already dead grant is fine. */
  revoke(token: string): Promise<void>;
}
