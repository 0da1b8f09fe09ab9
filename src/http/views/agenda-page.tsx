import type { AgendaView } from '../../agenda/agenda-view.ts';
import { AgendaHeader } from './agenda-header.tsx';
import { CheckInSection } from './check-in-section.tsx';
import { DeepDiveSection } from './deep-dive-section.tsx';
import { FollowThroughSection } from './follow-through-section.tsx';
import type { FormError } from './form-error.tsx';
import { HistorySection } from './history-section.tsx';
import { Layout } from './layout.tsx';
import { NextStepsSection } from './next-steps-section.tsx';
import { PrivateNoteSection } from './private-note-section.tsx';
import { ProgressSection } from './progress-section.tsx';
import { PromptsSection } from './prompts-section.tsx';
import { RelatedSection } from './related-section.tsx';
import { TopicsSection } from './topics-section.tsx';

export type { FormError } from './form-error.tsx';

export interface AgendaPageProps {
  readonly view: AgendaView;
  /** The link token from the URL; every form posts back under it. */
  readonly token: string;
  readonly nonce?: string | undefined;
  /** A form that was refused, to show in its section with what was typed. */
  readonly formError?: FormError | undefined;
  /** A short confirmation ("Saved.") shown at the top. */
  readonly notice?: string | undefined;
}

/** One meeting's agenda, in the order a good 1:1 runs, then the private note, history and follow-through. */
export function AgendaPage({ view, token, nonce, formError, notice }: AgendaPageProps) {
  const section = { view, token, formError };
  return (
    <Layout title={view.series.title} nonce={nonce}>
      {notice ? (
        <p role="status" class="status">
          {notice}
        </p>
      ) : null}
      <AgendaHeader view={view} token={token} />
      {view.occurrence ? (
        // The person before the work, what was promised before what is new, and every meeting ends with who does
        // what by when.
        <>
          <CheckInSection />
          <ProgressSection {...section} />
          <TopicsSection {...section} />
          <DeepDiveSection {...section} />
          <NextStepsSection {...section} />
          <PromptsSection view={view} token={token} />
          <PrivateNoteSection {...section} />
        </>
      ) : (
        <p class="guide">
          No meetings found for this 1:1 yet. When the next one is on the calendar, its agenda will appear here.
        </p>
      )}
      <HistorySection view={view} token={token} />
      <FollowThroughSection followThrough={view.followThrough} />
      <RelatedSection view={view} />
    </Layout>
  );
}
