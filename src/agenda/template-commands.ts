import {
  checkCustomTemplate,
  type MeetingTemplate,
  type TemplateKey,
  type TemplatePrompts,
  templateOf,
} from '../core/templates.ts';
import { seriesTemplate, setSeriesTemplate } from '../db/series-template.ts';
import type { AgendaContext } from './context.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';

export interface ChooseTemplateInput {
  readonly template: TemplateKey;
  /** Custom only: the check-in questions. Left out, the template in use gives its own (custom starts as a copy). */
  readonly checkIn?: readonly string[] | undefined;
  /** Custom only: the section prompts; each one left out is kept from the template in use. */
  readonly prompts?: Partial<Record<keyof TemplatePrompts, string | undefined>> | undefined;
}

/**
 * Chooses the template of this link's 1:1, or writes its own questions and prompts. Either person may, on their own
 * link; the shared link may not, since it travels in the invite to whoever it is forwarded to.
 */
export async function chooseTemplate(
  ctx: AgendaContext,
  input: ChooseTemplateInput,
): Promise<Outcome<MeetingTemplate>> {
  const { opened } = ctx;
  if (opened.viewer.role === 'shared') {
    return failure({
      kind: 'forbidden',
      message: 'Only the two people of this 1:1 can change its template, each on their own link.',
    });
  }
  if (input.template !== 'custom' && (input.checkIn !== undefined || input.prompts !== undefined)) {
    // Said rather than ignored: a program that sends questions with a built-in template expects them used.
    return invalid(
      input.checkIn !== undefined ? 'checkIn' : 'prompts',
      'Only a custom template has its own questions and prompts: choose "custom", or leave them out.',
    );
  }
  const custom = input.template === 'custom' ? customFrom(input, seriesTemplate(opened.series)) : success(null);
  if (!custom.ok) return custom;
  const row = await setSeriesTemplate(ctx.db, opened.series.id, input.template, custom.value);
  if (!row) return failure({ kind: 'not-found', message: 'There is no such 1:1.' });
  return success(templateOf(input.template, custom.value ?? undefined));
}

/** The custom template asked for: what was given, the rest taken from the template in use, checked. */
function customFrom(input: ChooseTemplateInput, current: MeetingTemplate) {
  const prompts = input.prompts ?? {};
  const checked = checkCustomTemplate({
    checkIn: input.checkIn ?? current.checkIn,
    prompts: {
      topics: prompts.topics ?? current.prompts.topics,
      deepDive: prompts.deepDive ?? current.prompts.deepDive,
      nextSteps: prompts.nextSteps ?? current.prompts.nextSteps,
    },
  });
  return checked.ok ? success(checked.value) : invalid(checked.field, checked.message);
}
