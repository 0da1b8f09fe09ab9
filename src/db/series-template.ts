import { sql } from 'kysely';
import * as v from 'valibot';
import {
  type CustomTemplate,
  checkCustomTemplate,
  type MeetingTemplate,
  type TemplateKey,
  templateOf,
} from '../core/templates.ts';
import type { Db } from './database.ts';
import type { SeriesRow } from './schema.ts';

/** The shape `template_custom` is written in; anything else read back is not used. */
const storedCustom = v.object({
  checkIn: v.array(v.string()),
  prompts: v.object({ topics: v.string(), deepDive: v.string(), nextSteps: v.string() }),
});

/**
 * The template a series uses, from its row. The stored custom template is checked again as it is read (a value
 * written by hand, or under older limits, must not break the page): when it is not usable, the series gets the
 * weekly template instead of an error.
 */
export function seriesTemplate(row: Pick<SeriesRow, 'template' | 'template_custom'>): MeetingTemplate {
  return templateOf(row.template, row.template === 'custom' ? readCustom(row.template_custom) : undefined);
}

function readCustom(value: unknown): CustomTemplate | undefined {
  const parsed = v.safeParse(storedCustom, value);
  if (!parsed.success) return undefined;
  const checked = checkCustomTemplate(parsed.output);
  return checked.ok ? checked.value : undefined;
}

/**
 * Sets a series' template; the custom questions and prompts are kept only with `custom` (null otherwise). Returns
 * the series as it now is (undefined: no such series).
 */
export async function setSeriesTemplate(
  db: Db,
  seriesId: string,
  template: TemplateKey,
  custom: CustomTemplate | null,
): Promise<SeriesRow | undefined> {
  return db
    .updateTable('series')
    .set({
      template,
      template_custom: template === 'custom' && custom ? JSON.stringify(custom) : null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', seriesId)
    .returningAll()
    .executeTakeFirst();
}
