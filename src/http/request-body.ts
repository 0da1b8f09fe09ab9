import type { Context } from 'hono';
import * as v from 'valibot';
import type { ErrorBody } from './problem.ts';

/** How a mutation arrived: JSON from a program (answered with JSON) or an HTML form (answered with a page). */
export type BodyKind = 'json' | 'form';

/** A parsed body, or the 400 answer that says what was wrong with it. */
export type ParsedBody<T> =
  | { readonly ok: true; readonly kind: BodyKind; readonly value: T; readonly raw: Record<string, string> }
  | { readonly ok: false; readonly kind: BodyKind; readonly error: ErrorBody; readonly raw: Record<string, string> };

/** Whether a request came from a form (the page) rather than from a program. */
export function bodyKind(c: Context): BodyKind {
  const type = c.req.header('content-type') ?? '';
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type) ? 'form' : 'json';
}

/**
 * Reads a JSON or form body and checks it against a schema. Form values are all strings; `fromForm` turns them
 * into the JSON shape first, so one schema serves both. The error names the first wrong field.
 */
export async function parseBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  fromForm: (form: Record<string, string>) => unknown = (form) => form,
): Promise<ParsedBody<v.InferOutput<S>>> {
  const kind = bodyKind(c);
  let input: unknown;
  let raw: Record<string, string> = {};
  if (kind === 'form') {
    const form = await c.req.parseBody();
    raw = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'));
    input = fromForm(raw);
  } else {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([\w.+-]+\+)?json/i.test(type)) {
      return fail(kind, raw, 'unsupported_media_type', 'send JSON (Content-Type: application/json) or an HTML form');
    }
    try {
      input = await c.req.json();
    } catch (error) {
      return fail(kind, raw, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
    }
  }
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, kind, value: result.output, raw };
  const issue = result.issues[0];
  const field = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') || 'body';
  return { ok: false, kind, raw, error: { error: 'invalid', field, message: `${field}: ${issue.message}` } };
}

function fail<T>(kind: BodyKind, raw: Record<string, string>, error: string, message: string): ParsedBody<T> {
  return { ok: false, kind, raw, error: { error, message } };
}

/** Optional string fields from a form: an absent field stays undefined. */
export const optionalText = v.optional(v.string('must be text'));

/** A JSON body must be an object; other fields are ignored. */
export function objectBody<T extends v.ObjectEntries>(entries: T) {
  return v.object(entries, 'the body must be a JSON object');
}
