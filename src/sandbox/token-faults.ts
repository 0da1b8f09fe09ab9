/**
 * Refusals at the token endpoint, shared by the OAuth emulators: `fail-token?email=&count=&status=&error=&…` makes
 * the user's next `count` token requests fail — a server error or throttling with the provider's error body, or a
 * named OAuth error such as `invalid_grant` — before anything is checked or spent (a rotating refresh token stays
 * good). The token endpoint finds the user from the refresh token (or the authorization code) it is sent. The
 * grant itself is untouched: use `revoke-grants` for a refusal that lasts.
 */
import type { Context, Handler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bad, countParam, emailParam } from './controls.ts';
import { type Delays, waitPending } from './delays.ts';
import { createPendingTable, type Pending, type PendingTable } from './pending.ts';

/** The grant types a token fault fails: refresh only (the default), or code exchanges too. */
export type FaultedGrants = 'refresh_token' | 'all';

/** A refusal waiting at the token endpoint; the provider builds its answer when it is due. */
export interface TokenFault extends Pending {
  readonly grants: FaultedGrants;
  respond(c: Context): Response;
}

/** Token faults pending per user. */
export type TokenFaults = PendingTable<TokenFault>;

/** Creates an empty token fault table. */
export function createTokenFaults(): TokenFaults {
  return createPendingTable<TokenFault>();
}

/** What a `fail-token` request asks for, before the provider turns it into an answer. */
export interface TokenFaultRequest {
  /** The status asked for, if any (the provider's default for the error otherwise). */
  readonly status?: ContentfulStatusCode;
  /** The OAuth `error` asked for, if any (the provider's default for the status otherwise). */
  readonly error?: string;
  readonly retryAfter?: string;
  /** Any other query parameter the provider reads (Microsoft's `code` and `suberror`). */
  readonly query: (name: string) => string | undefined;
}

/** Turns a request into the answer to give, or the reason it cannot (a 400 to the control's caller). */
export type TokenFaultBuilder = (request: TokenFaultRequest) => ((c: Context) => Response) | string;

/** The statuses `fail-token` may answer with. */
const TOKEN_FAULT_STATUSES = [400, 401, 403, 429, 500, 502, 503, 504];

/**
 * `fail-token?email=&count=&status=&error=&retryAfter=&grants=refresh_token|all` and whatever else the provider's
 * builder reads; `count=0` clears.
 */
export function failTokenHandler(faults: TokenFaults, build: TokenFaultBuilder): Handler {
  return (c) => {
    const email = emailParam(c);
    const count = countParam(c);
    const statusText = c.req.query('status');
    const status = statusText === undefined ? undefined : Number(statusText);
    const grants = c.req.query('grants') ?? 'refresh_token';
    if (!email) return bad(c, 'the query needs ?email=');
    if (count === undefined) return bad(c, 'count must be a whole number');
    if (count === 0) {
      faults.clear(email);
      return c.json({ email, cleared: true });
    }
    if (status !== undefined && !TOKEN_FAULT_STATUSES.includes(status)) {
      return bad(c, `status must be one of ${TOKEN_FAULT_STATUSES.join(', ')}`);
    }
    if (grants !== 'refresh_token' && grants !== 'all') return bad(c, 'grants must be refresh_token or all');
    const error = c.req.query('error');
    const retryAfter = c.req.query('retryAfter');
    const respond = build({
      ...(status !== undefined && { status: status as ContentfulStatusCode }),
      ...(error !== undefined && { error }),
      ...(retryAfter !== undefined && { retryAfter }),
      query: (name) => c.req.query(name),
    });
    if (typeof respond === 'string') return bad(c, respond);
    faults.add(email, { remaining: count, grants, respond });
    return c.json({ email, count, grants, ...(status !== undefined && { status }), ...(error && { error }) });
  };
}

/** The grant types the token endpoints know a user for. */
export type TokenGrantType = 'authorization_code' | 'refresh_token';

/**
 * What a token endpoint does once it knows whose grant a request uses, before checking or spending anything: wait
 * out the user's pending token delay, then answer with their pending token fault, if any (undefined: go on).
 */
export type TokenGate = (c: Context, email: string, grantType: TokenGrantType) => Promise<Response | undefined>;

/** The gate over a user's pending token delays and faults. */
export function tokenGate(faults: TokenFaults, delays: Delays): TokenGate {
  return async (c, email, grantType) => {
    await waitPending(delays.token, email);
    const fault = faults.take(email, (f) => f.grants === 'all' || grantType === 'refresh_token');
    return fault?.respond(c);
  };
}
