import { Layout } from './layout.tsx';

export interface MessagePageProps {
  readonly title: string;
  readonly message: string;
  /** The HTTP status the page answers with; a 404 adds what to try next. */
  readonly status?: number | undefined;
  readonly nonce?: string | undefined;
  /** Where to go on from here (the agenda a refused form came from); without it, the page suggests the 404 help. */
  readonly back?: { readonly href: string; readonly label: string } | undefined;
}

/** A page with one message: a link that doesn't work, or something that went wrong. */
export function MessagePage({ title, message, status, nonce, back }: MessagePageProps) {
  return (
    <Layout title={title} nonce={nonce}>
      <h1>{title}</h1>
      <p>{message}</p>
      {back ? (
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
      ) : status === 404 ? (
        // Same words for mistyped, unknown and revoked links: a page must not tell which series exist.
        <p class="muted">
          Open the agenda from your latest Carryover email or from the calendar invite, which always carry the current
          link.
        </p>
      ) : null}
      <p>
        <a href="/">About Carryover</a>
      </p>
    </Layout>
  );
}
