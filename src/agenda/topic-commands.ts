import type { TopicRow } from '../db/schema.ts';
import { findTopicInSeries, insertTopic, updateTopic } from '../db/topics.ts';
import { type AgendaContext, actorOf, pickOccurrence } from './context.ts';
import { isUuid } from './ids.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';

/** Longest talking point accepted. */
export const MAX_TOPIC_LENGTH = 500;

export interface AddTopicInput {
  readonly text: string;
  /** Default: the meeting in progress, else the next one. */
  readonly occurrenceId?: string | undefined;
  readonly as?: string | undefined;
}

/** Adds a talking point to the end of an occurrence's agenda. */
export async function addTopic(ctx: AgendaContext, input: AddTopicInput): Promise<Outcome<TopicRow>> {
  const text = checkText(input.text);
  if (!text.ok) return text;
  const occurrence = await pickOccurrence(ctx, input.occurrenceId, 'focus');
  if (!occurrence.ok) return occurrence;
  if (!occurrence.value) return failure({ kind: 'no-occurrence', message: 'this 1:1 has no meeting to add topics to' });
  const row = await insertTopic(ctx.db, {
    seriesId: ctx.opened.series.id,
    occurrenceId: occurrence.value.id,
    authorEmail: actorOf(ctx.opened, input.as),
    text: text.value,
  });
  return success(row);
}

export interface UpdateTopicInput {
  readonly text?: string | undefined;
  readonly resolved?: boolean | undefined;
  /** The new place in the list, 0-based. */
  readonly position?: number | undefined;
}

/** Edits, resolves or reorders a talking point. */
export async function changeTopic(
  ctx: AgendaContext,
  topicId: string,
  input: UpdateTopicInput,
): Promise<Outcome<TopicRow>> {
  const topic = isUuid(topicId) ? await findTopicInSeries(ctx.db, ctx.opened.series.id, topicId) : undefined;
  if (!topic) return failure({ kind: 'not-found', message: 'no such talking point in this 1:1' });
  const text = input.text === undefined ? success(undefined) : checkText(input.text);
  if (!text.ok) return text;
  if (input.position !== undefined && (!Number.isInteger(input.position) || input.position < 0)) {
    return invalid('position', 'position is a whole number from 0');
  }
  const row = await updateTopic(
    ctx.db,
    topic,
    {
      ...(text.value !== undefined ? { text: text.value } : {}),
      ...(input.resolved !== undefined ? { resolved: input.resolved } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    },
    ctx.now,
  );
  return success(row);
}

function checkText(raw: string): Outcome<string> {
  const text = raw.trim();
  if (text.length === 0) return invalid('text', 'a talking point needs some text');
  if (text.length > MAX_TOPIC_LENGTH) return invalid('text', `keep it under ${MAX_TOPIC_LENGTH} characters`);
  return success(text);
}
