import type { AgendaView, PromptStatusView } from '../../agenda/agenda-view.ts';

const SAYS: Record<PromptStatusView['state'], string> = {
  pending: 'waiting to be sent',
  sending: 'being sent',
  sent: 'sent',
  skipped: 'not sent (the meeting did not take place)',
  failed: 'not sent',
  ambiguous: 'may not have been sent',
};

/** Which email an outbox row is, as the list names it. */
const WHICH: Record<PromptStatusView['kind'], string> = { reminder: 'Reminder', recap: 'Recap' };

/**
 * The emails of this meeting — the reminder before it and the recap after it — for the organizer whose mailbox sends
 * them: each one's state, and for one that failed or may not have gone out, why and a way to send it again (once
 * they checked it did not arrive).
 */
export function PromptsSection({ view, token }: { readonly view: AgendaView; readonly token: string }) {
  if (view.prompts.length === 0) return null;
  return (
    <section id="prompts" aria-labelledby="prompts-title">
      <h2 id="prompts-title">Emails for this meeting</h2>
      <ul>
        {view.prompts.map((prompt) => (
          <li>
            {WHICH[prompt.kind]} to {prompt.recipient.name}:{' '}
            {/* A skipped email may say why (e.g. its 1:1 was paused: src/db/series-pause.ts). */}
            {prompt.state === 'skipped' && prompt.error ? `not sent (${prompt.error})` : SAYS[prompt.state]}
            {prompt.failure === 'gave-up' ? ' after several tries' : ''}
            {prompt.error && (prompt.state === 'failed' || prompt.state === 'ambiguous') ? (
              <span class="muted"> ({prompt.error})</span>
            ) : null}
            {prompt.state === 'failed' || prompt.state === 'ambiguous' ? (
              <form method="post" action={`/a/${token}/prompts/${prompt.id}/resend`}>
                <button
                  type="submit"
                  aria-label={`Send the ${WHICH[prompt.kind].toLowerCase()} to ${prompt.recipient.name} again`}
                >
                  Send again
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
