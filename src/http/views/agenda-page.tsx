import type { AgendaView } from '../../agenda/agenda-view.ts';
import { AgendaHeader } from './agenda-header.tsx';
import { CheckInSection } from './check-in-section.tsx';
import { DeepDiveSection } from './deep-dive-section.tsx';
import { ExportLinks } from './export-links.tsx';
import { FeedbackSection } from './feedback-section.tsx';
import { FollowThroughSection } from './follow-through-section.tsx';
import type { FormError } from './form-error.tsx';
import { GoalsSection } from './goals-section.tsx';
import { HistorySection } from './history-section.tsx';
import { Layout } from './layout.tsx';
import { NextStepsSection } from './next-steps-section.tsx';
import type { Notice, NoticePlace } from './notice.ts';
import { NoticeMessage } from './notice-message.tsx';
import { PrivateNoteSection } from './private-note-section.tsx';
import { ProgressSection } from './progress-section.tsx';
import { PromptsSection } from './prompts-section.tsx';
import { RelatedSection } from './related-section.tsx';
import { RemindersSection } from './reminders-section.tsx';
import { TemplateSection } from './template-section.tsx';
import { TopicsSection } from './topics-section.tsx';

export type { FormError } from './form-error.tsx';

export interface AgendaPageProps {
  readonly view: AgendaView;
  /** The link token from the URL; every form posts back under it. */
  readonly token: string;
  readonly nonce?: string | undefined;
  /** A form that was refused, to show in its section with what was typed. */
  readonly formError?: FormError | undefined;
  /** A short confirmation ("Saved.") shown next to what was changed. */
  readonly notice?: Notice | undefined;
  /** On the shared link: who this browser said it was last time. */
  readonly rememberedAs?: string | undefined;
  /** How long before each meeting reminders go out on this deployment (0: it sends none). */
  readonly reminderHours?: number | undefined;
}

/** The places a notice can sit on this page: its sections, and the talking points and commitments it lists. */
function placesOn(view: AgendaView): ReadonlySet<NoticePlace> {
  if (!view.occurrence) return new Set();
  const commitments = [...view.review.open, ...view.review.closedSinceLast, ...view.nextSteps];
  return new Set<NoticePlace>([
    'topics',
    'progress',
    'deep-dive',
    'next-steps',
    'template',
    ...(view.privateNote === null ? [] : (['private-note'] as const)),
    ...(view.feedback.visible && view.feedback.meeting ? (['feedback'] as const) : []),
    ...view.topics.map((topic) => `topic-${topic.id}` as const),
    ...commitments.map((commitment) => `commitment-${commitment.id}` as const),
  ]);
}

/** One meeting's agenda, in the order a good 1:1 runs, then the private note, history and follow-through. */
export function AgendaPage({ view, token, nonce, formError, notice, rememberedAs, reminderHours }: AgendaPageProps) {
  const section = { view, token, formError, notice, rememberedAs };
  // What was changed may no longer be on this page (a commitment closed elsewhere): then the notice goes on top.
  const lost = notice && !placesOn(view).has(notice.at) ? notice : undefined;
  return (
    <Layout title={view.series.title} nonce={nonce}>
      <NoticeMessage notice={lost} at={lost?.at ?? 'topics'} />
      <AgendaHeader view={view} token={token} rememberedAs={rememberedAs} />
      {view.occurrence ? (
        // The person before the work, what was promised before what is new, and every meeting ends with who does
        // what by when.
        <>
          <CheckInSection view={view} />
          <ProgressSection {...section} />
          <TopicsSection {...section} />
          <DeepDiveSection {...section} />
          <NextStepsSection {...section} />
          <FeedbackSection {...section} />
          <PromptsSection view={view} token={token} />
          <PrivateNoteSection {...section} />
        </>
      ) : (
        <p class="guide">
          No meetings found for this 1:1 yet. When the next one is on the calendar, its agenda will appear here.
        </p>
      )}
      <GoalsSection {...section} />
      <HistorySection view={view} token={token} />
      <FollowThroughSection followThrough={view.followThrough} feedback={view.feedback} />
      <RemindersSection view={view} token={token} hours={reminderHours ?? 0} />
      <TemplateSection {...section} />
      <ExportLinks token={token} own={view.viewer.role !== 'shared'} />
      <RelatedSection view={view} />
    </Layout>
  );
}
