import { OccurrenceField } from './form-fields.tsx';
import { Layout } from './layout.tsx';

export interface ConfirmDeletePageProps {
  /** "talking point" or "commitment", as people say it. */
  readonly what: string;
  /** The item's own words, quoted back so the person sees exactly what goes. */
  readonly text: string;
  /** Who and when, for a commitment ("Sam, due Fri 4 Dec 2026"). */
  readonly detail?: string | undefined;
  /** Where the confirmed form posts. */
  readonly action: string;
  readonly occurrenceId: string | undefined;
  /** The section of the agenda the item was in (where the page comes back to). */
  readonly from: string;
  /** The agenda page, scrolled back to the item, for "Keep it". */
  readonly back: string;
  /**
   * Why it cannot be deleted (a commitment already in the record), with the way it can go instead: then the page
   * offers that and no Delete button.
   */
  readonly blocked?: { readonly message: string; readonly dropAction?: string | undefined } | undefined;
  readonly nonce?: string | undefined;
}

/**
 * The confirmation step of a delete: what goes, that it cannot be brought back, and the real button — a page of its
 * own, so it works without JavaScript and a slip of the finger on the agenda deletes nothing.
 */
export function ConfirmDeletePage(props: ConfirmDeletePageProps) {
  const { what, text, detail, action, occurrenceId, from, back, blocked, nonce } = props;
  return (
    <Layout title={`Delete this ${what}?`} nonce={nonce}>
      <h1>{blocked ? `This ${what} stays in the record` : `Delete this ${what}?`}</h1>
      <blockquote class="quoted">
        <p class="item-text">{text}</p>
        {detail ? <p class="muted">{detail}</p> : null}
      </blockquote>
      {blocked ? (
        <>
          <p role="alert">{blocked.message}</p>
          {blocked.dropAction ? (
            <form method="post" action={blocked.dropAction}>
              <OccurrenceField occurrenceId={occurrenceId ?? null} />
              <input type="hidden" name="status" value="dropped" />
              <button type="submit" class="primary">
                Drop it
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <>
          <p>It disappears from this agenda for both of you, and cannot be brought back.</p>
          <form method="post" action={action}>
            <OccurrenceField occurrenceId={occurrenceId ?? null} />
            <input type="hidden" name="from" value={from} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" class="primary danger-primary">
              Delete {what}
            </button>
          </form>
        </>
      )}
      <p>
        <a href={back}>{blocked ? 'Back to the agenda' : `Keep it: back to the agenda`}</a>
      </p>
    </Layout>
  );
}
