/**
 * How the Microsoft identity platform's token endpoint refuses, for `fail-token`. `code=` names an AADSTS code and
 * brings its `error`, status, message and `suberror` ("Microsoft Entra authentication and authorization error codes";
 * bodies as reported in public issues, cited per code below); `status=` alone gives the platform's server-side
 * failures; `error=`, `status=` and `suberror=` override what a code brings.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TokenFaultBuilder } from '../../token-faults.ts';
import { identityError } from './identity-error.ts';

/** What one AADSTS code answers with. `{issued}` in a message is replaced by when the grant was issued. */
interface AadstsAnswer {
  readonly error: string;
  readonly status: ContentfulStatusCode;
  readonly message: string;
  readonly suberror?: string;
}

/** Graph's application id, which Entra names as the resource in MFA messages. */
const GRAPH_APP = '00000003-0000-0000-c000-000000000000';

/** The codes a user must act on (sign in again, pass MFA, consent), and the platform's transient failures. */
export const AADSTS: Readonly<Record<number, AadstsAnswer>> = {
  // FreshTokenNeeded: an admin or the user revoked the tokens (password reset, "revoke sessions").
  50173: {
    error: 'invalid_grant',
    status: 400,
    message:
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
  },
  // ExpiredOrRevokedGrantInactiveToken (90 days unused), as Entra words it (learn.microsoft.com Q&A 710568).
  700082: {
    error: 'invalid_grant',
    status: 400,
    message:
      'The refresh token has expired due to inactivity. The token was issued on {issued} and was inactive for 90.00:00:00.',
  },
  // InvalidGrant: a refresh token that is not (or no longer) valid.
  70000: {
    error: 'invalid_grant',
    status: 400,
    message: "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid.",
  },
  // UserStrongAuthClientAuthNRequired, as in Azure/ms-rest-nodeauth#93.
  50076: {
    error: 'interaction_required',
    status: 400,
    message: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${GRAPH_APP}'.`,
  },
  // UserStrongAuthEnrollmentRequired.
  50079: {
    error: 'interaction_required',
    status: 400,
    message: `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '${GRAPH_APP}'.`,
  },
  // BlockedByConditionalAccess, with the `message_only` suberror (dafthack/MSOLSpray#5).
  53003: {
    error: 'interaction_required',
    status: 400,
    message: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    suberror: 'message_only',
  },
  // DelegationDoesNotExist: on a refresh, `invalid_grant` with the `consent_required` suberror
  // (MicrosoftDocs/azure-docs#39189, O365/python-o365#323).
  65001: {
    error: 'invalid_grant',
    status: 400,
    message:
      'The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.',
    suberror: 'consent_required',
  },
  // UserInformationNotProvided: no signed-in user for a silent request.
  50058: {
    error: 'login_required',
    status: 400,
    message: 'A silent sign-in request was sent but no user is signed in.',
  },
  // TokenIssuanceError.
  50000: { error: 'server_error', status: 500, message: 'There was an error issuing a token.' },
  // ExternalServerRetryableError.
  90006: { error: 'temporarily_unavailable', status: 503, message: 'The service is temporarily unavailable.' },
  // TenantThrottlingError.
  90055: { error: 'temporarily_unavailable', status: 429, message: 'There are too many incoming requests.' },
};

/** The code a status alone stands for. Which status Entra uses for each is undocumented; these are chosen. */
const BY_STATUS: Record<number, number> = { 400: 70000, 429: 90055, 500: 50000, 502: 90006, 503: 90006, 504: 90006 };

/** Builds the identity platform's answer for a `fail-token` request, on the sandbox clock. */
export function microsoftTokenFault(now: () => Date): TokenFaultBuilder {
  return ({ status, error, retryAfter, query }) => {
    const codeText = query('code') ?? (status === undefined ? '50173' : String(BY_STATUS[status] ?? ''));
    const code = Number(codeText);
    if (!Number.isInteger(code) || code <= 0) return `no AADSTS code stands for status ${status}: name one with code=`;
    const known = AADSTS[code];
    if (!known && error === undefined) {
      return `AADSTS${code} is not one the sandbox knows (${Object.keys(AADSTS).join(', ')}): name its error= too`;
    }
    const suberror = query('suberror') ?? known?.suberror;
    const answer = {
      error: error ?? known?.error ?? 'invalid_grant',
      status: status ?? known?.status ?? 400,
      message: known?.message ?? 'The request failed.',
    };
    return (c: Context) => {
      const at = now();
      const issued = new Date(at.getTime() - 90 * 86_400_000).toISOString();
      return identityError(c, at, answer.status, answer.error, code, answer.message.replace('{issued}', issued), {
        ...(suberror !== undefined && { suberror }),
        ...(retryAfter !== undefined && { headers: { 'Retry-After': retryAfter } }),
      });
    };
  };
}
