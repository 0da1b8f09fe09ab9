import {
  BUILT_IN_TEMPLATES,
  type BuiltInTemplateKey,
  type MeetingTemplate,
  type TemplateKey,
  type TemplatePrompts,
} from '../core/templates.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { seriesTemplate } from '../db/series-template.ts';
import type { AgendaContext } from './context.ts';

/** A built-in template as the settings form offers it. */
export interface TemplateChoice {
  readonly key: BuiltInTemplateKey;
  readonly name: string;
  readonly description: string;
}

/** The series' template as the page uses it, and the built-ins the settings form offers. */
export interface TemplateView {
  readonly key: TemplateKey;
  readonly name: string;
  readonly checkIn: readonly string[];
  readonly prompts: TemplatePrompts;
  readonly builtIns: readonly TemplateChoice[];
}

/**
 * What the agenda page shows of the template (issue 13). Null only in views made before templates (test fixtures):
 * the page then reads as the weekly template.
 */
export type TemplatePart = TemplateView | null;

/** The template view of a series' template. */
export function templateView(template: MeetingTemplate): TemplateView {
  return {
    key: template.key,
    name: template.name,
    checkIn: template.checkIn,
    prompts: template.prompts,
    builtIns: BUILT_IN_TEMPLATES.map(({ key, name, description }) => ({ key, name, description })),
  };
}

/** Loads the template part of an agenda view: the series' template, the same for every meeting of the thread. */
export async function loadTemplatePart(
  ctx: AgendaContext,
  _current: OccurrenceRow | undefined,
  _rows: readonly OccurrenceRow[],
): Promise<TemplatePart> {
  return templateView(seriesTemplate(ctx.opened.series));
}
