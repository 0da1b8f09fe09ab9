import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import * as v from 'valibot';
import { loadAgendaView } from '../../agenda/agenda-view.ts';
import { type SavedFeedback, saveFeedback } from '../../agenda/feedback-commands.ts';
import type { OpenedLink } from '../../agenda/links.ts';
import { isRating } from '../../core/feedback-questions.ts';
import type { AppEnv } from '../app-deps.ts';
import { messageResponse } from '../message-response.tsx';
import { type ErrorBody, problemResponse } from '../problem.ts';
import { bodyKind, objectBody, parseBody } from '../request-body.ts';
import type { FeedbackFormError } from '../views/feedback-form.tsx';
import { FeedbackPage } from '../views/feedback-page.tsx';
import { SHARED_LINK_FEEDBACK } from '../views/feedback-section.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { agendaContext, openFromUrl, wantsJson } from './agenda-page.tsx';
import { afterForm, agendaPage, refusedForm } from './agenda-redirect.tsx';

type Ctx = Context<AppEnv>;

/** Registers the feedback routes (rating a meeting, answering its question). */
export function feedbackRoutes(app: Hono<AppEnv>): void {
  app.get('/a/:token/feedback', getFeedback);
  app.on(['PUT', 'POST'], '/a/:token/feedback', putFeedback);
}

const feedbackBody = objectBody({
  occurrence: v.string('is required: the id of the meeting rated'),
  rating: v.optional(v.nullable(v.number('must be a whole number from 1 to 5, or null')), null),
  answer: v.optional(v.string('must be text'), ''),
  shared: v.optional(v.boolean('must be true or false'), false),
});

/**
 * Form fields arrive as strings: "No rating" is an empty rating, and an unticked share box sends nothing. Anything
 * else that is not what the field holds stays a string, for the schema to refuse by name.
 */
function formToJson(form: Record<string, string>): Record<string, unknown> {
  const { rating, shared, ...rest } = form;
  return {
    ...rest,
    rating: rating === undefined || rating === '' ? null : /^\d+$/.test(rating) ? Number(rating) : rating,
    shared: shared === undefined ? false : shared === 'true' ? true : shared,
  };
}

const FORBIDDEN: ErrorBody = {
  error: 'forbidden',
  message:
    'Rate from your own link: feedback is given from the link Carryover emailed you, not from the calendar invite.',
};

/**
 * GET /a/{token}/feedback?occurrence={id}&rating={1–5}: the rating form of one meeting, with the rating preselected;
 * JSON: the viewer's feedback on it. It saves nothing: mail scanners open every link of an email, and a rating must
 * be the person's own press of Save.
 */
export async function getFeedback(c: Ctx): Promise<Response> {
  const json = wantsJson(c);
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  if (opened.viewer.role === 'shared') {
    return json ? c.json(FORBIDDEN, 403) : messageResponse(c, 403, 'Feedback', SHARED_LINK_FEEDBACK);
  }
  const occurrenceId = c.req.query('occurrence');
  if (!occurrenceId) {
    const error = { error: 'invalid', field: 'occurrence', message: 'Say which meeting: ?occurrence=<its id>.' };
    return json ? c.json(error, 400) : messageResponse(c, 400, 'Which meeting?', error.message);
  }
  const rating = Number(c.req.query('rating'));
  return feedbackPage(c, opened, occurrenceId, { json, rating: isRating(rating) ? rating : undefined });
}

/** PUT (or form POST) /a/{token}/feedback `{ occurrence, rating, answer, shared }`: saves the viewer's feedback. */
export async function putFeedback(c: Ctx): Promise<Response> {
  const kind = bodyKind(c);
  const opened = await openFromUrl(c, kind === 'json');
  if (opened instanceof Response) return opened;
  // Before the body: whatever it says, the shared link gives no feedback (saveFeedback refuses it too).
  if (opened.viewer.role === 'shared') {
    return kind === 'json' ? c.json(FORBIDDEN, 403) : refusedForm(c, 403, FORBIDDEN.message, undefined);
  }
  const body = await parseBody(c, feedbackBody, formToJson);
  const occurrenceId = body.raw.occurrence || undefined;
  if (!body.ok) {
    if (kind === 'json') return c.json(body.error, 400);
    const error = { field: body.error.field ?? 'body', message: body.error.message, values: body.raw };
    return formRefused(c, opened, occurrenceId, error);
  }
  const { occurrence, rating, answer, shared } = body.value;
  const outcome = await saveFeedback(agendaContext(c, opened), { occurrenceId: occurrence, rating, answer, shared });
  if (!outcome.ok) {
    const { status, body: error } = problemResponse(outcome.problem);
    if (kind === 'json') return c.json(error, status);
    if (outcome.problem.kind !== 'invalid') return refusedForm(c, status, error.message, occurrenceId);
    return formRefused(c, opened, occurrenceId, {
      field: outcome.problem.field,
      message: outcome.problem.message,
      values: body.raw,
    });
  }
  if (kind === 'json') return c.json(savedJson(outcome.value));
  return afterForm(c, occurrence, 'feedback-saved', 'feedback');
}

/** The public JSON of feedback as its author saved it. */
function savedJson(saved: SavedFeedback) {
  return {
    occurrenceId: saved.occurrenceId,
    question: saved.question,
    rating: saved.rating,
    answer: saved.answer,
    shared: saved.shared,
    updatedAt: saved.updatedAt.toISOString(),
  };
}

/** A refused form, given back on the meeting's rating page as typed, with the reason (400). */
async function formRefused(
  c: Ctx,
  opened: OpenedLink,
  occurrenceId: string | undefined,
  error: FeedbackFormError,
): Promise<Response> {
  if (!occurrenceId) return refusedForm(c, 400, error.message, occurrenceId);
  return feedbackPage(c, opened, occurrenceId, { json: false, error });
}

/** The rating page of one meeting (or the viewer's feedback on it, as JSON). */
async function feedbackPage(
  c: Ctx,
  opened: OpenedLink,
  occurrenceId: string,
  options: { json: boolean; rating?: number | undefined; error?: FeedbackFormError | undefined },
): Promise<Response> {
  const view = await loadAgendaView(agendaContext(c, opened), {
    occurrenceId,
    viewerTimeZone: c.req.query('tz') ?? getCookie(c, 'tz'),
  });
  if (!view.ok) {
    const { status, body } = problemResponse(view.problem);
    return options.json ? c.json(body, status) : messageResponse(c, status, 'Not found', body.message);
  }
  const { feedback, occurrence, series } = view.value;
  // Only the meeting named: while it is still to come, the agenda offers the one before it, but this page does not.
  if (!feedback.visible || !occurrence || feedback.meeting?.occurrenceId !== occurrence.id) {
    const closed = feedback.visible ? feedback.closed : null;
    const body = { error: closed?.code ?? 'not_rateable', message: closed?.message ?? 'This meeting cannot be rated.' };
    if (options.json) return c.json(body, 409);
    return c.html(
      <MessagePage
        title={closed?.code === 'not_ended' ? 'Not over yet' : 'Nothing to rate'}
        message={body.message}
        status={409}
        nonce={c.get('secureHeadersNonce')}
        back={{ href: agendaPage(c, occurrenceId), label: 'Back to the agenda' }}
      />,
      409,
    );
  }
  if (options.json) return c.json(feedback.meeting);
  return c.html(
    <FeedbackPage
      token={c.req.param('token') ?? ''}
      nonce={c.get('secureHeadersNonce')}
      title={series.title}
      when={occurrence.when}
      otherName={feedback.other.name}
      meeting={feedback.meeting}
      rating={options.rating}
      error={options.error}
    />,
    options.error ? 400 : 200,
  );
}
