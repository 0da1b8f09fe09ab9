import type { ProviderName, TokenSet } from './provider.ts';

/** The connected person, as the provider's identity endpoint reports them. */
export interface ConnectedIdentity {
  readonly email: string;
  readonly name?: string | undefined;
}

/** What a permission lets Carryover do: read and write the calendar's events, or send mail as the account. */
export type Capability = 'calendar' | 'mail';

/** A permission Carryover needs, as the provider's consent screen names it. */
export interface RequiredPermission {
  /** The scope as the provider's token response lists it when granted. */
  readonly scope: string;
  readonly capability: Capability;
  /** The words on the provider's consent screen, e.g. "Send email on your behalf". */
  readonly consentText: string;
}

/** The OAuth 2.0 side of a provider: consent, code exchange, refresh and revocation. */
export interface OAuthProvider {
  readonly name: ProviderName;
  /**
   * The permissions Carryover needs, for a provider whose consent screen lets a person allow some and not others
   * (Google's granular consent: "the application must check what scopes are granted"). What was granted is the
   * token response's `scope` (TokenSet.scope). Left out by a provider that grants all or nothing.
   */
  readonly permissions?: readonly RequiredPermission[];
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

/**
 * An authorization-code consent URL with state and a PKCE S256 challenge (RFC 7636), plus what the provider adds
 * (its scopes, offline access, prompt).
 */
export function consentUrl(
  authorizeUrl: string,
  params: {
    clientId: string;
    redirectUri: string;
    state: string;
    codeChallenge: string;
    loginHint?: string | undefined;
  },
  extra: Readonly<Record<string, string>>,
): string {
  const url = new URL(authorizeUrl);
  const all: Record<string, string> = {
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    response_type: 'code',
    state: params.state,
    code_challenge: params.codeChallenge,
    code_challenge_method: 'S256',
    ...extra,
    ...(params.loginHint ? { login_hint: params.loginHint } : {}),
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url.href;
}

/**
 * The permissions `provider` needs that a token set was not granted: none when the provider names none, or did not
 * say what it granted (a token set stored before scopes were kept).
 */
export function missingPermissions(
  provider: Pick<OAuthProvider, 'permissions'>,
  grantedScope: string | undefined,
): RequiredPermission[] {
  if (grantedScope === undefined) return [];
  const granted = new Set(grantedScope.split(/\s+/));
  return (provider.permissions ?? []).filter((permission) => !granted.has(permission.scope));
}
