import type { AgendaView, OccurrenceView } from '../../agenda/agenda-view.ts';
import { occurrenceHref } from './paths.ts';

const phaseLabels: Record<OccurrenceView['phase'], string> = {
  upcoming: 'upcoming',
  'in-progress': 'in progress',
  ended: 'ended',
};

/** Where a meeting stands; a cancelled one says so whatever its time. */
export function PhaseBadge({ occurrence }: { readonly occurrence: OccurrenceView }) {
  const phase = occurrence.cancelled ? 'cancelled' : occurrence.phase;
  return (
    <span class={`badge badge-${phase}`}>{occurrence.cancelled ? 'cancelled' : phaseLabels[occurrence.phase]}</span>
  );
}

/** The page's header: which 1:1, whose link this is, which meeting, and the way to the ones before and after. */
export function AgendaHeader({ view, token }: { readonly view: AgendaView; readonly token: string }) {
  const { series, occurrence, previous, next, viewer } = view;
  const self = viewer.role === 'organizer' ? series.organizer : viewer.role === 'attendee' ? series.attendee : null;
  return (
    <header>
      <h1>{series.title}</h1>
      <p>
        1:1 of {series.organizer.name} and {series.attendee.name}
      </p>
      <p class="muted">
        {self
          ? `This is ${self.name}'s personal link; keep it to yourself.`
          : 'This is the shared link from the calendar invite.'}
      </p>
      {series.status === 'ended' ? <p>This 1:1 has ended; its history stays here.</p> : null}
      {series.status === 'not_one_on_one' ? (
        <p>This meeting no longer looks like a 1:1, so Carryover has stopped preparing its agendas.</p>
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
