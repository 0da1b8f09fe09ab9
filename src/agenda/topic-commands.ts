import type { TopicRow } from '../db/schema.ts';
import { deleteTopic, findTopicInSeries, insertTopic, updateTopic } from '../db/topics.ts';
import { type AgendaContext, authorOf, pickOccurrence } from './context.ts';
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
  const text = checkText(input.text, 'add');
  if (!text.ok) return text;
  const author = authorOf(ctx.opened, input.as);
  if (!author.ok) return author;
  const occurrence = await pickOccurrence(ctx, input.occurrenceId, 'focus');
  if (!occurrence.ok) return occurrence;
  if (!occurrence.value)
    return failure({ kind: 'no-occurrence', message: 'This 1:1 has no meeting to add talking points to yet.' });
  const row = await insertTopic(ctx.db, {
    seriesId: ctx.opened.series.id,
    occurrenceId: occurrence.value.id,
    authorEmail: author.value,
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
  const topic = await findTopic(ctx, topicId);
  if (!topic) return notFound();
  const text = input.text === undefined ? success(undefined) : checkText(input.text, 'edit');
  if (!text.ok) return text;
  if (input.position !== undefined && (!Number.isInteger(input.position) || input.position < 0)) {
    return invalid('position', 'A position is a whole number from 0 (the top of the list).');
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

/**
 * Removes a talking point from its meeting's agenda; the ones below it move up. A topic is the agenda of a meeting
 * not yet held, not a record of what was agreed, so it goes for good (a topic carried here from an earlier meeting
 * stays in that meeting's history).
 */
export async function removeTopic(ctx: AgendaContext, topicId: string): Promise<Outcome<TopicRow>> {
  const topic = await removableTopic(ctx, topicId);
  if (!topic.ok) return topic;
  await deleteTopic(ctx.db, topic.value);
  return topic;
}

/** The talking point, if it may be deleted (any of this 1:1's may), for the confirmation step. */
export async function removableTopic(ctx: AgendaContext, topicId: string): Promise<Outcome<TopicRow>> {
  const topic = await findTopic(ctx, topicId);
  return topic ? success(topic) : notFound();
}

/** A talking point of this link's 1:1 only: another thread's id is "not found", never someone else's topic. */
async function findTopic(ctx: AgendaContext, topicId: string): Promise<TopicRow | undefined> {
  return isUuid(topicId) ? findTopicInSeries(ctx.db, ctx.opened.series.id, topicId) : undefined;
}

const notFound = () => failure<never>({ kind: 'not-found', message: 'There is no such talking point in this 1:1.' });

function checkText(raw: string, action: 'add' | 'edit'): Outcome<string> {
  const text = raw.trim();
  if (text.length === 0) {
    return invalid(
      'text',
      action === 'add'
        ? 'Write the talking point before adding it.'
        : 'A talking point cannot be empty: write something, or delete it.',
    );
  }
  if (text.length > MAX_TOPIC_LENGTH) {
    return invalid('text', `Keep a talking point under ${MAX_TOPIC_LENGTH} characters (this one has ${text.length}).`);
  }
  return success(text);
}
