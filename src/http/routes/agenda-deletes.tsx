import type { Context } from 'hono';
import { inspectCommitment, removeCommitment } from '../../agenda/commitment-commands.ts';
import type { AgendaContext } from '../../agenda/context.ts';
import { participantNames } from '../../agenda/mappers.ts';
import { type Outcome, success } from '../../agenda/outcome.ts';
import { removableTopic, removeTopic } from '../../agenda/topic-commands.ts';
import { formatDate } from '../../core/time.ts';
import type { CommitmentRow, TopicRow } from '../../db/schema.ts';
import type { AppEnv } from '../app-deps.ts';
import { problemResponse } from '../problem.ts';
import { ConfirmDeletePage } from '../views/confirm-delete-page.tsx';
import { isNoticePlace, type NoticeKey, type NoticePlace } from '../views/notice.ts';
import { agendaPath } from '../views/paths.ts';
import { agendaContext, openFromUrl } from './agenda-page.tsx';
import { afterForm, agendaPage, refusedForm } from './agenda-redirect.tsx';

type Ctx = Context<AppEnv>;

/** The sections that list talking points and commitments: where a deletion may come back to. */
const LISTS: ReadonlySet<string> = new Set(['topics', 'progress', 'next-steps']);

/** An item as its confirmation page shows it. */
interface Described {
  readonly text: string;
  /** Whose and by when, for a commitment. */
  readonly detail?: string | undefined;
  /** Still open (a commitment that cannot be deleted may then be dropped). */
  readonly open: boolean;
  /** Why it cannot be deleted, when it cannot. */
  readonly blocked: string | undefined;
}

interface Deletion<T extends { id: string }> {
  /** As people say it: "talking point". */
  readonly what: string;
  /** The path segment: `topics`, `commitments`. */
  readonly collection: string;
  /** What the confirmation shows, or 'not-found'. */
  readonly inspect: (ctx: AgendaContext, id: string) => Promise<Outcome<Described>>;
  readonly remove: (ctx: AgendaContext, id: string) => Promise<Outcome<T>>;
  /** Where the agenda comes back to when the form does not say (the section that lists these). */
  readonly section: NoticePlace;
  readonly deleted: NoticeKey;
}

/**
 * Deleting, three ways in: `DELETE` for programs (200 `{deleted, id}`, 404 for an id of another 1:1, 409 for a
 * commitment already in the record); `GET …/delete` for people, a confirmation page; and `POST …/delete` from that
 * page, which deletes only with `confirm=yes` (without it, it shows the confirmation again). Every lookup is within
 * the link's own 1:1, as for every other change.
 */
function deletion<T extends { id: string }>(spec: Deletion<T>) {
  const json = async (c: Ctx): Promise<Response> => {
    const opened = await openFromUrl(c, true);
    if (opened instanceof Response) return opened;
    const outcome = await spec.remove(agendaContext(c, opened), c.req.param('id') ?? '');
    if (!outcome.ok) {
      const { status, body } = problemResponse(outcome.problem);
      return c.json(body, status);
    }
    return c.json({ deleted: true, id: outcome.value.id });
  };

  const confirm = async (c: Ctx, occurrenceId: string | undefined, from: NoticePlace): Promise<Response> => {
    const opened = await openFromUrl(c, false);
    if (opened instanceof Response) return opened;
    const ctx = agendaContext(c, opened);
    const id = c.req.param('id') ?? '';
    const inspected = await spec.inspect(ctx, id);
    if (!inspected.ok) {
      return refusedForm(c, problemResponse(inspected.problem).status, inspected.problem.message, occurrenceId);
    }
    const item = inspected.value;
    const blocked = item.blocked
      ? {
          message: item.blocked,
          dropAction: item.open ? agendaPath(c.req.param('token') ?? '', spec.collection, id) : undefined,
        }
      : undefined;
    return c.html(
      <ConfirmDeletePage
        what={spec.what}
        text={item.text}
        detail={item.detail}
        action={agendaPath(c.req.param('token') ?? '', spec.collection, id, 'delete')}
        occurrenceId={occurrenceId}
        from={from}
        back={`${agendaPage(c, occurrenceId)}#${spec.collection.slice(0, -1)}-${id}`}
        blocked={blocked}
        nonce={c.get('secureHeadersNonce')}
      />,
      blocked ? 409 : 200,
    );
  };

  const fromOf = (value: string | undefined): NoticePlace =>
    value !== undefined && LISTS.has(value) && isNoticePlace(value) ? value : spec.section;

  /** GET …/delete: the confirmation page. */
  const page = (c: Ctx) => confirm(c, c.req.query('occurrence') || undefined, fromOf(c.req.query('from')));

  /** POST …/delete (a form): delete when confirmed, then back to the section with "… deleted." */
  const post = async (c: Ctx): Promise<Response> => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined);
    const occurrenceId = field('occurrence') || undefined;
    const from = fromOf(field('from'));
    if (field('confirm') !== 'yes') return confirm(c, occurrenceId, from);
    const opened = await openFromUrl(c, false);
    if (opened instanceof Response) return opened;
    const outcome = await spec.remove(agendaContext(c, opened), c.req.param('id') ?? '');
    if (!outcome.ok) return confirm(c, occurrenceId, from);
    return afterForm(c, occurrenceId, spec.deleted, from);
  };

  return { json, page, post };
}

/** `DELETE /a/{token}/topics/{id}`, and its confirmation page and form. */
export const topicDeletion = deletion<TopicRow>({
  what: 'talking point',
  collection: 'topics',
  inspect: async (ctx, id) => {
    const topic = await removableTopic(ctx, id);
    return topic.ok ? success({ text: topic.value.text, open: false, blocked: undefined }) : topic;
  },
  remove: removeTopic,
  section: 'topics',
  deleted: 'topic-deleted',
});

/** `DELETE /a/{token}/commitments/{id}`, and its confirmation page and form. */
export const commitmentDeletion = deletion<CommitmentRow>({
  what: 'commitment',
  collection: 'commitments',
  inspect: async (ctx, id) => {
    const inspected = await inspectCommitment(ctx, id);
    if (!inspected.ok) return inspected;
    const { row, inRecord } = inspected.value;
    const owner = participantNames(ctx.opened.series).get(row.owner_email) ?? row.owner_email;
    return success({
      text: row.text,
      detail: `${owner}${row.due_date ? `, due ${formatDate(row.due_date)}` : ''}`,
      open: row.status === 'open',
      blocked: inRecord?.message,
    });
  },
  remove: removeCommitment,
  section: 'next-steps',
  deleted: 'commitment-deleted',
});
