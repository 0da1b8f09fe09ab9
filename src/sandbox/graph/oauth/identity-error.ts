/**
 * The Microsoft identity platform's token endpoint error body ("Microsoft Entra authentication and authorization
 * error codes" › "Handling error codes in your application"): `{ error, error_description: 'AADSTS{code}: …\r\nTrace
 * ID: …\r\nCorrelation ID: …\r\nTimestamp: …', error_codes: [code], timestamp, trace_id, correlation_id, error_uri }`,
 * plus `suberror` where Entra sends one (`consent_required`, `message_only`, …: the classifications MSAL reads).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** What an identity platform error may carry beyond its code and message. */
export interface IdentityErrorExtras {
  readonly suberror?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers with the identity platform's error body, stamped with fresh ids and the sandbox time. */
export function identityError(
  c: Context,
  now: Date,
  status: ContentfulStatusCode,
  error: string,
  code: number,
  message: string,
  { suberror, headers = {} }: IdentityErrorExtras = {},
): Response {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  const timestamp = `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return c.json(
    {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      ...(suberror !== undefined && { suberror }),
    },
    status,
    { 'Cache-Control': 'no-store', ...headers },
  );
}
