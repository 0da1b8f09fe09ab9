import type { Context } from 'hono';
import * as v from 'valibot';
import { textProblem } from '../core/storable-text.ts';
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
 * into the JSON shape first, so one schema serves both. The error names the first wrong field. Text that can't be
 * stored (a NUL character, an unpaired surrogate) is refused wherever it is in the body, before the schema looks.
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
  // Form values are checked as sent: `fromForm` may turn them into something else (a flag, a number).
  // Messages are sentences a page can show as they are; `field` says which field for programs. Text that cannot be
  // stored can come from a person (a pasted NUL), so its message names no field; a wrong type comes only from a
  // program, whose message quotes the field's JSON name.
  const unstorable = unstorableText(kind === 'form' ? raw : input);
  if (unstorable) {
    const { field, message } = unstorable;
    return { ok: false, kind, raw, error: { error: 'invalid', field, message: `The text ${message}.` } };
  }
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, kind, value: result.output, raw };
  const issue = result.issues[0];
  const field = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') || 'body';
  const message = field === 'body' ? `${issue.message}.` : `"${field}" ${issue.message}.`;
  return { ok: false, kind, raw, error: { error: 'invalid', field, message } };
}

/**
 * The first string in a parsed body that can't be stored, with its path (`text`, `items.0.note`). Walked with a stack
 * rather than recursion: a 64 KB body can nest arrays tens of thousands deep.
 */
function unstorableText(input: unknown): { field: string; message: string } | undefined {
  const pending: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: path || 'body', message: problem.message };
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      // Pushed last to first, so the first wrong field in the body is the one reported.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        pending.push({ value: child, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
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
