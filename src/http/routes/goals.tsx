import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import type { AgendaContext } from '../../agenda/context.ts';
import {
  addGoal,
  addMilestone,
  changeGoal,
  changeMilestone,
  removeMilestone,
  setGoalsCadence,
} from '../../agenda/goal-commands.ts';
import { type GoalView, loadGoals } from '../../agenda/goal-views.ts';
import { loadGoalsPage } from '../../agenda/goals-page-view.ts';
import type { OpenedLink } from '../../agenda/links.ts';
import type { Outcome } from '../../agenda/outcome.ts';
import { isValidTimeZone } from '../../core/time.ts';
import { canonicalTimeZone } from '../../core/time-zone-name.ts';
import type { AppEnv } from '../app-deps.ts';
import { problemResponse } from '../problem.ts';
import { bodyKind, objectBody, optionalText, parseBody } from '../request-body.ts';
import type { FormError, FormName } from '../views/form-error.tsx';
import { GoalsPage } from '../views/goals-page.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { type NoticeKey, type NoticePlace, noticeFrom, noticeSuffix } from '../views/notice.ts';
import { agendaPath } from '../views/paths.ts';
import { agendaContext, openFromUrl, wantsJson } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

const nullableText = v.optional(v.nullable(v.string('must be text or null')));

const schemas = {
  addGoal: objectBody({
    title: v.string('is required: the goal, as text'),
    description: optionalText,
    targetDate: nullableText,
    owner: optionalText,
  }),
  changeGoal: objectBody({
    title: optionalText,
    description: optionalText,
    targetDate: nullableText,
    owner: optionalText,
    status: v.optional(v.picklist(['active', 'achieved', 'dropped'], 'must be one of active, achieved, dropped')),
  }),
  addMilestone: objectBody({ text: v.string('is required: the milestone, as text'), due: nullableText }),
  changeMilestone: objectBody({
    done: v.optional(v.boolean('must be true or false')),
    text: optionalText,
    due: nullableText,
  }),
  cadence: objectBody({ every: v.number('must be a whole number of meetings from 0 to 52') }),
};

/** Form fields arrive as strings: a flag and a number become JSON's; anything else unreadable is left to be refused. */
function formToJson(form: Record<string, string>): Record<string, unknown> {
  const json: Record<string, unknown> = { ...form };
  if (form.done === 'true' || form.done === 'false') json.done = form.done === 'true';
  if (form.every !== undefined && form.every.trim() !== '') json.every = Number(form.every);
  return json;
}

const SHARED_REFUSAL =
  'Development goals are between the two people of this 1:1, each on their own link. This link is the one in the calendar invite, which anyone it is forwarded to can open, so it shows no goals and changes none.';

/** The 403 every goals route answers on the shared link, before reading anything. */
function refuseShared(c: Ctx, json: boolean): Response | Promise<Response> {
  if (json) return c.json({ error: 'forbidden', message: SHARED_REFUSAL }, 403);
  return messagePage(c, 403, 'Goals are on your own link', SHARED_REFUSAL, toAgenda(c));
}

type Back = { readonly href: string; readonly label: string };
const toAgenda = (c: Ctx): Back => ({ href: agendaPath(c.req.param('token') ?? ''), label: 'Back to the agenda' });
const toGoals = (c: Ctx): Back => ({ href: goalsPath(c), label: 'Back to the goals' });

/** A one-message page (a refusal, a goal gone meanwhile) with the way back. */
function messagePage(c: Ctx, status: ContentfulStatusCode, title: string, message: string, back: Back) {
  return c.html(
    <MessagePage title={title} message={message} status={status} nonce={c.get('secureHeadersNonce')} back={back} />,
    status,
  );
}

/** Opens a person's own link: the 404 of a junk token, or the 403 of the shared link, answered here. */
async function openOwnLink(c: Ctx, json: boolean): Promise<OpenedLink | Response> {
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  return opened.viewer.role === 'shared' ? refuseShared(c, json) : opened;
}

const goalsPath = (c: Ctx) => agendaPath(c.req.param('token') ?? '', 'goals');

/** The goals page (or its JSON), optionally with a refused form given back in place. */
async function renderGoals(c: Ctx, opened: OpenedLink, json: boolean, formError?: FormError): Promise<Response> {
  const tz = c.req.query('tz') ?? getCookie(c, 'tz');
  const zone = canonicalTimeZone(tz && isValidTimeZone(tz) ? tz : opened.series.time_zone);
  const view = await loadGoalsPage(agendaContext(c, opened), zone);
  if (!view.ok) {
    const { status, body } = problemResponse(view.problem);
    return json ? c.json(body, status) : messagePage(c, status, 'Not shown', body.message, toAgenda(c));
  }
  if (json) return c.json(view.value);
  const notice = formError ? undefined : noticeFrom(c.req.query('saved'), c.req.query('at'));
  return c.html(
    <GoalsPage
      view={view.value}
      token={c.req.param('token') ?? ''}
      nonce={c.get('secureHeadersNonce')}
      formError={formError}
      notice={notice}
    />,
    formError ? 400 : 200,
  );
}

/** GET /a/{token}/goals: the pair's goals page, or its data as JSON for `Accept: application/json`. */
async function getGoals(c: Ctx): Promise<Response> {
  const json = wantsJson(c);
  const opened = await openOwnLink(c, json);
  if (opened instanceof Response) return opened;
  return renderGoals(c, opened, json);
}

interface Params {
  readonly id: string;
  readonly milestoneId: string;
}

interface GoalAction<S extends v.GenericSchema, T> {
  /** Which form of the goals page posts here, and whose (goal or milestone) it is. */
  readonly form: FormName;
  readonly itemId: (params: Params) => string | undefined;
  readonly schema: S;
  readonly run: (ctx: AgendaContext, input: v.InferOutput<S>, params: Params) => Promise<Outcome<T>>;
  /** The JSON a program gets back. */
  readonly present: (ctx: AgendaContext, value: T, params: Params) => Promise<unknown>;
  readonly created: boolean;
  /** What a form's redirect confirms, and where on the goals page. */
  readonly done: (value: T, params: Params) => { readonly key: NoticeKey; readonly at: NoticePlace };
}

/**
 * One shape for every goals change, as for the agenda's (agenda-mutations.ts): open a person's own link, parse the
 * JSON or form body, run the command, and answer JSON (201/200, or 4xx `{error, message, field}`), or for a form a
 * 303 back to the goals page at the change, or the page again with the error next to the form.
 */
function goalAction<S extends v.GenericSchema, T>(spec: GoalAction<S, T>) {
  return async (c: Ctx): Promise<Response> => {
    const kind = bodyKind(c);
    const json = kind === 'json';
    const opened = await openOwnLink(c, json);
    if (opened instanceof Response) return opened;
    const params = { id: c.req.param('id') ?? '', milestoneId: c.req.param('milestoneId') ?? '' };
    // A body-less DELETE has nothing to parse.
    const body = c.req.method === 'DELETE' ? undefined : await parseBody(c, spec.schema, formToJson);
    const form = { section: spec.form, itemId: spec.itemId(params) };
    if (body && !body.ok) {
      if (json) return c.json(body.error, 400);
      const formError = { ...form, field: body.error.field ?? 'body', message: body.error.message, values: body.raw };
      return renderGoals(c, opened, false, formError);
    }
    const ctx = agendaContext(c, opened);
    const outcome = await spec.run(ctx, body?.value as v.InferOutput<S>, params);
    if (!outcome.ok) {
      const { status, body: error } = problemResponse(outcome.problem);
      if (json) return c.json(error, status);
      if (outcome.problem.kind === 'invalid') {
        const formError = { ...form, field: outcome.problem.field, message: error.message, values: body?.raw ?? {} };
        return renderGoals(c, opened, false, formError);
      }
      return messagePage(c, status, 'Not saved', error.message, toGoals(c));
    }
    if (json) return c.json(await spec.present(ctx, outcome.value, params), spec.created ? 201 : 200);
    const { key, at } = spec.done(outcome.value, params);
    return c.redirect(`${goalsPath(c)}?${noticeSuffix(key, at)}`, 303);
  };
}

/** A goal as it now is, with its milestones and record (times in the series' zone). */
async function goalJson(ctx: AgendaContext, goalId: string): Promise<GoalView | undefined> {
  return (await loadGoals(ctx, ctx.opened.series.time_zone)).find((goal) => goal.id === goalId);
}

async function milestoneJson(ctx: AgendaContext, goalId: string, milestoneId: string) {
  const goal = await goalJson(ctx, goalId);
  return { milestone: goal?.milestones.find((m) => m.id === milestoneId) ?? null, goal };
}

const postGoal = goalAction({
  form: 'goal-add',
  itemId: () => undefined,
  schema: schemas.addGoal,
  created: true,
  run: (ctx, input) => addGoal(ctx, input),
  present: (ctx, goal) => goalJson(ctx, goal.id),
  done: (goal) => ({ key: 'goal-added', at: `goal-${goal.id}` }),
});

const patchGoal = goalAction({
  form: 'goal-edit',
  itemId: ({ id }) => id,
  schema: schemas.changeGoal,
  created: false,
  run: (ctx, input, { id }) => changeGoal(ctx, id, input),
  present: (ctx, goal) => goalJson(ctx, goal.id),
  done: (goal) => ({ key: 'saved', at: `goal-${goal.id}` }),
});

const postMilestone = goalAction({
  form: 'milestone-add',
  itemId: ({ id }) => id,
  schema: schemas.addMilestone,
  created: true,
  run: (ctx, input, { id }) => addMilestone(ctx, id, input),
  present: (ctx, milestone) => milestoneJson(ctx, milestone.goal_id, milestone.id),
  done: (milestone) => ({ key: 'milestone-added', at: `goal-${milestone.goal_id}` }),
});

const patchMilestone = goalAction({
  form: 'milestone',
  itemId: ({ milestoneId }) => milestoneId,
  schema: schemas.changeMilestone,
  created: false,
  run: (ctx, input, { id, milestoneId }) => changeMilestone(ctx, id, milestoneId, input),
  present: (ctx, milestone) => milestoneJson(ctx, milestone.goal_id, milestone.id),
  done: (milestone) => ({ key: 'saved', at: `goal-${milestone.goal_id}` }),
});

const deleteMilestoneRoute = goalAction({
  form: 'milestone',
  itemId: ({ milestoneId }) => milestoneId,
  schema: objectBody({}),
  created: false,
  run: (ctx, _input, { id, milestoneId }) => removeMilestone(ctx, id, milestoneId),
  present: async (ctx, milestone) => ({
    deleted: true,
    id: milestone.id,
    goal: await goalJson(ctx, milestone.goal_id),
  }),
  done: (milestone) => ({ key: 'milestone-removed', at: `goal-${milestone.goal_id}` }),
});

const patchCadence = goalAction({
  form: 'goals-cadence',
  itemId: () => undefined,
  schema: schemas.cadence,
  created: false,
  run: (ctx, input) => setGoalsCadence(ctx, input.every),
  present: async (_ctx, value) => value,
  done: () => ({ key: 'saved', at: 'goals-cadence' }),
});

/** Registers the development goal routes: the goals page and every change to goals, milestones and the cadence. */
export function goalRoutes(app: Hono<AppEnv>): void {
  app.get('/a/:token/goals', getGoals);
  app.post('/a/:token/goals', postGoal);
  app.on(['PATCH', 'POST'], '/a/:token/goals/:id', patchGoal);
  app.post('/a/:token/goals/:id/milestones', postMilestone);
  app.on(['PATCH', 'POST'], '/a/:token/goals/:id/milestones/:milestoneId', patchMilestone);
  app.on(['DELETE'], '/a/:token/goals/:id/milestones/:milestoneId', deleteMilestoneRoute);
  app.post('/a/:token/goals/:id/milestones/:milestoneId/delete', deleteMilestoneRoute);
  app.on(['PATCH', 'POST'], '/a/:token/goals-cadence', patchCadence);
}
