import type { Context } from 'hono';
import * as v from 'valibot';
import { addCommitment, changeCommitment } from '../../agenda/commitment-commands.ts';
import type { OpenedLink } from '../../agenda/links.ts';
import { saveAgendaText, savePrivate } from '../../agenda/note-commands.ts';
import type { Outcome } from '../../agenda/outcome.ts';
import { addTopic, changeTopic } from '../../agenda/topic-commands.ts';
import type { AppEnv } from '../app-deps.ts';
import { agendaJson, commitmentJson, privateNoteJson, topicJson } from '../json.ts';
import { problemResponse } from '../problem.ts';
import { bodyKind, objectBody, optionalText, parseBody } from '../request-body.ts';
import type { FormError } from '../views/agenda-page.tsx';
import { agendaContext, openFromUrl, renderAgenda } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;
type Section = FormError['section'];

const occurrence = optionalText;
const as = optionalText;
const nullableText = v.optional(v.nullable(v.string('must be text or null')));
const status = v.optional(v.picklist(['open', 'done', 'dropped'], 'must be one of open, done, dropped'));
const boolish = v.optional(v.boolean('must be true or false'));

const schemas = {
  addTopic: objectBody({ text: v.string('is required (text)'), occurrence, as }),
  changeTopic: objectBody({
    text: optionalText,
    resolved: boolish,
    position: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0))),
  }),
  addCommitment: objectBody({
    text: v.string('is required (text)'),
    owner: v.string('is required (an email)'),
    due: nullableText,
    occurrence,
    as,
  }),
  changeCommitment: objectBody({ status, text: optionalText, due: nullableText, owner: optionalText, as }),
  agenda: objectBody({ deepDive: optionalText, sharedNotes: optionalText, occurrence }),
  privateNote: objectBody({ body: v.string('is required (text)'), occurrence }),
};

/** Form fields arrive as strings; these turn them into the JSON shapes above. */
const formToJson = {
  changeTopic: (f: Record<string, string>) => ({
    ...(f.text !== undefined ? { text: f.text } : {}),
    ...(f.resolved !== undefined ? { resolved: f.resolved === 'true' } : {}),
    ...(f.position !== undefined ? { position: Number(f.position) } : {}),
  }),
  // An empty select (no meeting, "I am: choose…") means "not given"; an emptied text field is a real value (it
  // clears a note, or is reported as missing text).
  withoutEmpty: (f: Record<string, string>) =>
    Object.fromEntries(Object.entries(f).filter(([key, value]) => value !== '' || !['occurrence', 'as'].includes(key))),
};

interface Mutation<S extends v.GenericSchema, T> {
  readonly section: Section;
  /** Where on the page a form's redirect lands. */
  readonly anchor: string;
  readonly schema: S;
  readonly fromForm?: (form: Record<string, string>) => unknown;
  readonly run: (c: Ctx, opened: OpenedLink, input: v.InferOutput<S>) => Promise<Outcome<T>>;
  /** The JSON a program gets back. */
  readonly present: (value: T) => unknown;
  /** 201 for creations, 200 for changes. */
  readonly created: boolean;
}

/**
 * One shape for every agenda change: open the link, parse the JSON or form body, run the command, and answer —
 * JSON (201/200, or 4xx `{error, message, field}`) for programs; for forms a redirect back to the page, or the page
 * again with the error and the typed values, so nothing is lost.
 */
function mutation<S extends v.GenericSchema, T>(spec: Mutation<S, T>) {
  return async (c: Ctx): Promise<Response> => {
    const kind = bodyKind(c);
    const opened = await openFromUrl(c, kind === 'json');
    if (opened instanceof Response) return opened;
    const body = await parseBody(c, spec.schema, spec.fromForm ?? formToJson.withoutEmpty);
    const occurrenceId = body.raw.occurrence || undefined;
    if (!body.ok) {
      if (kind === 'json') return c.json(body.error, 400);
      const formError = {
        section: spec.section,
        field: body.error.field ?? 'body',
        message: body.error.message,
        values: body.raw,
      };
      return renderAgenda(c, opened, { occurrenceId, formError, json: false });
    }
    const outcome = await spec.run(c, opened, body.value);
    if (!outcome.ok) {
      const { status, body: error } = problemResponse(outcome.problem);
      if (kind === 'json') return c.json(error, status);
      if (outcome.problem.kind !== 'invalid') return renderAgenda(c, opened, { occurrenceId, json: false });
      const formError = {
        section: spec.section,
        field: outcome.problem.field,
        message: error.message,
        values: body.raw,
      };
      return renderAgenda(c, opened, { occurrenceId, formError, json: false });
    }
    if (kind === 'json') return c.json(spec.present(outcome.value), spec.created ? 201 : 200);
    const query = occurrenceId ? `?occurrence=${encodeURIComponent(occurrenceId)}&saved=1` : '?saved=1';
    return c.redirect(`/a/${c.req.param('token')}${query}#${spec.anchor}`, 303);
  };
}

/** POST /a/{token}/topics */
export const postTopic = mutation({
  present: topicJson,
  section: 'topics',
  anchor: 'topics',
  schema: schemas.addTopic,
  created: true,
  run: (c, opened, input) =>
    addTopic(agendaContext(c, opened), { text: input.text, occurrenceId: input.occurrence, as: input.as }),
});

/** PATCH (or form POST) /a/{token}/topics/{id} */
export const patchTopic = mutation({
  present: topicJson,
  section: 'topics',
  anchor: 'topics',
  schema: schemas.changeTopic,
  fromForm: formToJson.changeTopic,
  created: false,
  run: (c, opened, input) => changeTopic(agendaContext(c, opened), c.req.param('id') ?? '', input),
});

/** POST /a/{token}/commitments */
export const postCommitment = mutation({
  present: commitmentJson,
  section: 'commitments',
  anchor: 'next-steps',
  schema: schemas.addCommitment,
  created: true,
  run: (c, opened, input) =>
    addCommitment(agendaContext(c, opened), {
      text: input.text,
      owner: input.owner,
      due: input.due,
      occurrenceId: input.occurrence,
      as: input.as,
    }),
});

/** PATCH (or form POST) /a/{token}/commitments/{id} */
export const patchCommitment = mutation({
  present: commitmentJson,
  section: 'commitments',
  anchor: 'progress',
  schema: schemas.changeCommitment,
  created: false,
  run: (c, opened, input) => changeCommitment(agendaContext(c, opened), c.req.param('id') ?? '', input),
});

/** PATCH (or form POST) /a/{token}/agenda: the deep-dive topic and shared notes */
export const patchAgenda = mutation({
  present: agendaJson,
  section: 'agenda',
  anchor: 'deep-dive',
  schema: schemas.agenda,
  created: false,
  run: (c, opened, input) =>
    saveAgendaText(agendaContext(c, opened), {
      occurrenceId: input.occurrence,
      deepDive: input.deepDive,
      sharedNotes: input.sharedNotes,
    }),
});

/** PUT (or form POST) /a/{token}/private-note */
export const putPrivateNote = mutation({
  present: privateNoteJson,
  section: 'private-note',
  anchor: 'private-note',
  schema: schemas.privateNote,
  created: false,
  run: (c, opened, input) =>
    savePrivate(agendaContext(c, opened), { occurrenceId: input.occurrence, body: input.body }),
});
