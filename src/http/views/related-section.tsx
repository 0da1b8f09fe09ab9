import type { AgendaView } from '../../agenda/agenda-view.ts';

const STATUS: Record<AgendaView['series']['status'], string> = {
  active: '',
  ended: ' (ended)',
  not_one_on_one: ' (no longer a 1:1)',
};

/**
 * The viewer's other 1:1 threads with the same person, and the threads this one continues or was continued by
 * (when the people on a calendar series changed): organisational memory, on personal links only.
 */
export function RelatedSection({ view }: { readonly view: AgendaView }) {
  if (view.related.length === 0) return null;
  return (
    <section id="related" aria-labelledby="related-title">
      <h2 id="related-title">Your other 1:1 records</h2>
      <ul>
        {view.related.map((thread) => (
          <li>
            <a href={thread.link}>{thread.title}</a> with {thread.with.name}
            {STATUS[thread.status]}
          </li>
        ))}
      </ul>
    </section>
  );
}
