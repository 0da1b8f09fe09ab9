import type { Context } from 'hono';
import * as v from 'valibot';
import { addCommitment, changeCommitment } from '../../agenda/commitment-commands.ts';
import type { AgendaContext } from '../../agenda/context.ts';
import { saveAgendaText, savePrivate } from '../../agenda/note-commands.ts';
import type { Outcome } from '../../agenda/outcome.ts';
import { addTopic, changeTopic } from '../../agenda/topic-commands.ts';
import type { AppEnv } from '../app-deps.ts';
import { agendaJson, commitmentJson, privateNoteJson, topicJson } from '../json.ts';
import { problemResponse } from '../problem.ts';
import { bodyKind, objectBody, optionalText, parseBody } from '../request-body.ts';
import type { FormName } from '../views/form-error.tsx';
import type { NoticeKey, NoticePlace } from '../views/notice.ts';
import { agendaContext, openFromUrl, renderAgenda } from './agenda-page.tsx';
import { afterForm, refusedForm } from './agenda-redirect.tsx';
import { rememberedPerson, rememberPerson } from './agenda-remembered-person.ts';

type Ctx = Context<AppEnv>;

const occurrence = optionalText;
const as = optionalText;
const nullableText = v.optional(v.nullable(v.string('must be text or null')));
const status = v.optional(v.picklist(['open', 'done', 'dropped'], 'must be one of open, done, dropped'));
const boolish = v.optional(v.boolean('must be true or false'));

const schemas = {
  addTopic: objectBody({ text: v.string('is required: the talking point, as text'), occurrence, as }),
  changeTopic: objectBody({
    text: optionalText,
    resolved: boolish,
    position: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0))),
  }),
  addCommitment: objectBody({
    text: v.string('is required: what was committed to, as text'),
    owner: v.string('is required: the email of one of the two people'),
    due: nullableText,
    occurrence,
    as,
    allowPastDue: boolish,
  }),
  changeCommitment: objectBody({
    status,
    text: optionalText,
    due: nullableText,
    owner: optionalText,
    as,
    allowPastDue: boolish,
  }),
  agenda: objectBody({ deepDive: optionalText, sharedNotes: optionalText, decisions: optionalText, occurrence }),
  privateNote: objectBody({ body: v.string('is required: the note, as text'), occurrence }),
};

/**
 * Form fields arrive as strings; this turns them into the JSON shapes above. An empty select (no meeting, "I am:
 * choose…") means "not given"; an emptied text field is a real value (it clears a note, or is reported as missing).
 */
function formToJson(form: Record<string, string>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (value === '' && (key === 'occurrence' || key === 'as')) continue;
    if (key === 'resolved' || key === 'allowPastDue') json[key] = value === 'true';
    else if (key === 'position') json[key] = Number(value);
    else json[key] = value;
  }
  return json;
}

interface Mutation<S extends v.GenericSchema, T> {
  /** Which form of the page posts here: a refused one comes back in place, with what was typed. */
  readonly form: FormName;
  readonly schema: S;
  /** `id` is the item in the path ('' for none); `as` is who the shared link says it is (given or remembered). */
  readonly run: (
    ctx: AgendaContext,
    input: v.InferOutput<S>,
    id: string,
    as: string | undefined,
  ) => Promise<Outcome<T>>;
  /** The JSON a program gets back. */
  readonly present: (value: T) => unknown;
  /** 201 for creations, 200 for changes. */
  readonly created: boolean;
  /** What a form's redirect confirms, and where on the page. */
  readonly done: (value: T, id: string) => { readonly key: NoticeKey; readonly at: NoticePlace };
}

/**
 * One shape for every agenda change: open the link, parse the JSON or form body, run the command, and answer —
 * JSON (201/200, or 4xx `{error, message, field}`) for programs; for forms a redirect back to the page, to the place
 * of the change with its confirmation, or the page again with the error next to the form and the typed values.
 */
function mutation<S extends v.GenericSchema, T>(spec: Mutation<S, T>) {
  return async (c: Ctx): Promise<Response> => {
    const kind = bodyKind(c);
    const opened = await openFromUrl(c, kind === 'json');
    if (opened instanceof Response) return opened;
    const body = await parseBody(c, spec.schema, formToJson);
    const id = c.req.param('id') ?? '';
    const occurrenceId = body.raw.occurrence || undefined;
    const form = { section: spec.form, itemId: spec.form.endsWith('-edit') ? id : undefined, values: body.raw };
    if (!body.ok) {
      if (kind === 'json') return c.json(body.error, 400);
      const formError = { ...form, field: body.error.field ?? 'body', message: body.error.message };
      return renderAgenda(c, opened, { occurrenceId, formError, json: false });
    }
    const claimed = claimedPerson(body.value);
    const outcome = await spec.run(agendaContext(c, opened), body.value, id, claimed ?? rememberedPerson(c, opened));
    if (!outcome.ok) {
      const { status, body: error } = problemResponse(outcome.problem);
      if (kind === 'json') return c.json(error, status);
      const { problem } = outcome;
      if (problem.kind !== 'invalid' && problem.kind !== 'past-due')
        return refusedForm(c, status, error.message, occurrenceId);
      const formError = {
        ...form,
        field: problem.field,
        message: problem.message,
        pastDue: problem.kind === 'past-due',
      };
      return renderAgenda(c, opened, { occurrenceId, formError, json: false });
    }
    if (kind === 'json') return c.json(spec.present(outcome.value), spec.created ? 201 : 200);
    rememberPerson(c, opened, claimed);
    const { key, at } = spec.done(outcome.value, id);
    return afterForm(c, occurrenceId, key, at);
  };
}

/** The `as` a body gave, if any (only some bodies have one). */
function claimedPerson(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || !('as' in input)) return undefined;
  return typeof input.as === 'string' && input.as !== '' ? input.as : undefined;
}

/** POST /a/{token}/topics */
export const postTopic = mutation({
  form: 'topics',
  schema: schemas.addTopic,
  created: true,
  present: topicJson,
  done: () => ({ key: 'topic-added', at: 'topics' }),
  run: (ctx, input, _id, as) => addTopic(ctx, { text: input.text, occurrenceId: input.occurrence, as }),
});

/** PATCH (or form POST) /a/{token}/topics/{id}: text, resolved, position */
export const patchTopic = mutation({
  form: 'topic-edit',
  schema: schemas.changeTopic,
  created: false,
  present: topicJson,
  done: (_topic, id) => ({ key: 'saved', at: `topic-${id}` }),
  run: (ctx, input, id) => changeTopic(ctx, id, input),
});

/** POST /a/{token}/commitments */
export const postCommitment = mutation({
  form: 'commitments',
  schema: schemas.addCommitment,
  created: true,
  present: commitmentJson,
  done: () => ({ key: 'commitment-added', at: 'next-steps' }),
  run: (ctx, input, _id, as) =>
    addCommitment(ctx, {
      text: input.text,
      owner: input.owner,
      due: input.due,
      occurrenceId: input.occurrence,
      as,
      allowPastDue: input.allowPastDue,
    }),
});

/** PATCH (or form POST) /a/{token}/commitments/{id}: status, text, owner, due */
export const patchCommitment = mutation({
  form: 'commitment-edit',
  schema: schemas.changeCommitment,
  created: false,
  present: commitmentJson,
  done: (_commitment, id) => ({ key: 'saved', at: `commitment-${id}` }),
  run: (ctx, input, id, as) => changeCommitment(ctx, id, { ...input, as }),
});

/** PATCH (or form POST) /a/{token}/agenda: the deep-dive topic, shared notes and decisions */
export const patchAgenda = mutation({
  form: 'agenda',
  schema: schemas.agenda,
  created: false,
  present: agendaJson,
  done: () => ({ key: 'saved', at: 'deep-dive' }),
  run: (ctx, input) =>
    saveAgendaText(ctx, {
      occurrenceId: input.occurrence,
      deepDive: input.deepDive,
      sharedNotes: input.sharedNotes,
      decisions: input.decisions,
    }),
});

/** PUT (or form POST) /a/{token}/private-note */
export const putPrivateNote = mutation({
  form: 'private-note',
  schema: schemas.privateNote,
  created: false,
  present: privateNoteJson,
  done: () => ({ key: 'saved', at: 'private-note' }),
  run: (ctx, input) => savePrivate(ctx, { occurrenceId: input.occurrence, body: input.body }),
});
