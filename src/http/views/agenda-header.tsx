import type { AgendaView, OccurrenceView } from '../../agenda/agenda-view.ts';
import { occurrenceHref } from './paths.ts';
import { SearchForm } from './search-form.tsx';

const phaseLabels: Record<OccurrenceView['phase'], string> = {
  upcoming: 'upcoming',
  'in-progress': 'in progress',
  ended: 'ended',
};

/** Where a meeting stands; a cancelled or declined one says so whatever its time. */
export function PhaseBadge({ occurrence }: { readonly occurrence: OccurrenceView }) {
  if (occurrence.cancelled) return <span class="badge badge-cancelled">cancelled</span>;
  if (occurrence.declinedBy) {
    return <span class="badge badge-cancelled">declined by {occurrence.declinedBy.name}</span>;
  }
  return <span class={`badge badge-${occurrence.phase}`}>{phaseLabels[occurrence.phase]}</span>;
}

/** The page's header: which 1:1, whose link this is, which meeting, and the way to the ones before and after. */
export function AgendaHeader({
  view,
  token,
  rememberedAs,
}: {
  readonly view: AgendaView;
  readonly token: string;
  /** On the shared link: who this browser said it was last time. */
  readonly rememberedAs?: string | undefined;
}) {
  const { series, occurrence, previous, next, viewer } = view;
  const self = viewer.role === 'organizer' ? series.organizer : viewer.role === 'attendee' ? series.attendee : null;
  const remembered = [series.organizer, series.attendee].find((person) => person.email === rememberedAs);
  return (
    <header>
      <h1>
        {series.title}
        {series.demo ? <span class="badge badge-demo"> demo</span> : null}
      </h1>
      <p>
        1:1 of {series.organizer.name} and {series.attendee.name}
      </p>
      <p class="muted">
        {self
          ? `This is ${self.name}'s personal link; keep it to yourself.`
          : 'This is the shared link from the calendar invite.'}
        {remembered
          ? ` On this device you are ${remembered.name}: what you add is signed with that name (change it under "I am").`
          : null}
      </p>
      <SearchForm token={token} id="agenda-search" compact />
      {series.demo ? (
        <form method="post" action={`/a/${token}/demo`} class="demo">
          <p class="muted">
            A sample 1:1 to try Carryover with: it is not connected to any calendar, and nothing here is emailed.
          </p>
          <button type="submit">Delete this demo</button>
        </form>
      ) : null}
      {series.status === 'ended' ? (
        <p>This 1:1 has ended{series.statusReason ? `: ${series.statusReason}` : ''}. Its history stays here.</p>
      ) : null}
      {series.status === 'not_one_on_one' ? (
        <p>
          This meeting no longer looks like a 1:1{series.statusReason ? ` (${series.statusReason})` : ''}, so Carryover
          has stopped preparing its agendas.
        </p>
      ) : null}
      {occurrence ? (
        <p>
          <strong>{occurrence.when}</strong> <PhaseBadge occurrence={occurrence} />
          <br />
          <span class="muted">Times shown in {view.timeZone}</span>
        </p>
      ) : null}
      {previous || next ? (
        <nav class="meetings" aria-label="Other meetings">
          {previous ? (
            <a href={occurrenceHref(token, previous.id)} rel="prev">
              <span aria-hidden="true">← </span>Previous meeting: {previous.when}
            </a>
          ) : (
            <span />
          )}
          {next ? (
            <a href={occurrenceHref(token, next.id)} rel="next">
              Next meeting: {next.when}
              <span aria-hidden="true"> →</span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </header>
  );
}
