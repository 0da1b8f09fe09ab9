/**
 * The confirmation a form's redirect brings back ("Saved."), shown next to what was changed rather than at the top of
 * a long page. The redirect names a fixed message (never text from the URL, which anyone could make up) and a place
 * on the page: a section, or one talking point or commitment. Its fragment is the message's id, so the browser
 * scrolls there and the message (tabindex=-1) takes focus.
 */
const MESSAGES = {
  'topic-added': 'Talking point added.',
  'topic-deleted': 'Talking point deleted.',
  'commitment-added': 'Commitment recorded.',
  'commitment-deleted': 'Commitment deleted.',
  saved: 'Saved.',
  'goal-added': 'Goal added.',
  'milestone-added': 'Milestone added.',
  'milestone-removed': 'Milestone removed.',
  'template-saved': 'Template saved.',
  'feedback-saved': 'Feedback saved.',
} as const;

export type NoticeKey = keyof typeof MESSAGES;

/** Where on the page a notice sits: a section of the agenda, or one item in it. */
export type NoticePlace =
  | 'topics'
  | 'progress'
  | 'deep-dive'
  | 'next-steps'
  | 'private-note'
  | 'template'
  | 'feedback'
  | 'goals'
  | 'goals-cadence'
  | `goal-${string}`
  | `topic-${string}`
  | `commitment-${string}`;

export interface Notice {
  readonly key: NoticeKey;
  readonly at: NoticePlace;
  readonly text: string;
}

const SECTIONS: ReadonlySet<string> = new Set([
  'topics',
  'progress',
  'deep-dive',
  'next-steps',
  'private-note',
  'template',
  'feedback',
  'goals',
  'goals-cadence',
]);
const ITEM = /^(topic|commitment|goal)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a string from a form or URL names a place a notice may go; anything else is ignored. */
export function isNoticePlace(value: string | undefined): value is NoticePlace {
  return value !== undefined && (SECTIONS.has(value) || ITEM.test(value));
}

/** The notice a page URL asks for (`?saved=key&at=place`), or undefined for none or junk. */
export function noticeFrom(saved: string | undefined, at: string | undefined): Notice | undefined {
  if (saved === undefined || !Object.hasOwn(MESSAGES, saved)) return undefined;
  const key = saved as NoticeKey;
  return { key, at: isNoticePlace(at) ? at : 'topics', text: MESSAGES[key] };
}

/** The id of the message element at a place: the redirect's fragment. */
export function noticeId(at: NoticePlace): string {
  return `${at}-notice`;
}

/** The query and fragment a form's redirect ends with. */
export function noticeSuffix(key: NoticeKey, at: NoticePlace): string {
  return `saved=${key}&at=${encodeURIComponent(at)}#${noticeId(at)}`;
}
