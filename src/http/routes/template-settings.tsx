import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { chooseTemplate } from '../../agenda/template-commands.ts';
import { type MeetingTemplate, questionsFromLines, TEMPLATE_KEYS } from '../../core/templates.ts';
import { log } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';
import { problemResponse } from '../problem.ts';
import { bodyKind, objectBody, optionalText, parseBody } from '../request-body.ts';
import { agendaContext, openFromUrl } from './agenda-page.tsx';
import { afterForm, refusedForm } from './agenda-redirect.tsx';

type Ctx = Context<AppEnv>;

const templateBody = objectBody({
  template: v.picklist(TEMPLATE_KEYS, `must be one of ${TEMPLATE_KEYS.join(', ')}`),
  checkIn: v.optional(v.array(v.string('must be text'), 'must be a list of questions, each as text')),
  prompts: v.optional(
    v.object(
      { topics: optionalText, deepDive: optionalText, nextSteps: optionalText },
      'must be an object with topics, deepDive and nextSteps as text',
    ),
  ),
  occurrence: optionalText,
});

/**
 * The form sends the questions as one text box, one per line, and the prompts as `prompts.topics` etc. Its custom
 * fields are always there (filled with the template in use), so they count only when "Custom" is chosen.
 */
function templateFromForm(form: Record<string, string>): unknown {
  const custom = form.template === 'custom';
  return {
    template: form.template,
    ...(form.occurrence ? { occurrence: form.occurrence } : {}),
    ...(custom
      ? {
          checkIn: form.checkIn === undefined ? undefined : questionsFromLines(form.checkIn),
          prompts: {
            topics: form['prompts.topics'],
            deepDive: form['prompts.deepDive'],
            nextSteps: form['prompts.nextSteps'],
          },
        }
      : {}),
  };
}

/** The JSON a program gets back: the template now in use. */
function templateJson(template: MeetingTemplate) {
  return { template: template.key, name: template.name, checkIn: template.checkIn, prompts: template.prompts };
}

/**
 * PATCH (or form POST) /a/{token}/template `{ "template": "career" }`, or `{ "template": "custom", "checkIn": [...],
 * "prompts": { "topics", "deepDive", "nextSteps" } }`: chooses the 1:1's template for both people. Either person may,
 * on their own link; the shared link may not (403). A form goes back to the page's template section, "Template saved."
 */
export async function patchTemplate(c: Ctx): Promise<Response> {
  const json = bodyKind(c) === 'json';
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  const body = await parseBody(c, templateBody, templateFromForm);
  const occurrenceId = body.raw.occurrence || undefined;
  if (!body.ok) {
    if (json) return c.json(body.error, 400);
    return refusedForm(c, 400, body.error.message, occurrenceId);
  }
  const outcome = await chooseTemplate(agendaContext(c, opened), body.value);
  if (!outcome.ok) {
    const { status, body: error } = problemResponse(outcome.problem);
    if (json) return c.json(error, status);
    return refusedForm(c, status, error.message, occurrenceId);
  }
  log.info('series.template', {
    requestId: c.get('requestId'),
    seriesId: opened.series.id,
    template: outcome.value.key,
  });
  if (json) return c.json(templateJson(outcome.value));
  return afterForm(c, occurrenceId, 'template-saved', 'template');
}

/** Registers the routes that choose and edit a series' template. */
export function templateRoutes(app: Hono<AppEnv>): void {
  app.on(['PATCH', 'POST'], '/a/:token/template', patchTemplate);
}
