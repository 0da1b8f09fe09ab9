import { Layout } from './layout.tsx';

/** A permission the person did not allow, and what Carryover cannot do without it. */
export interface MissingPermissionView {
  /** The consent screen's words, e.g. "Send email on your behalf". */
  readonly permission: string;
  readonly consequence: string;
}

export interface PermissionsPageProps {
  readonly email: string;
  /** The provider as people know it, e.g. "Google Calendar". */
  readonly providerLabel: string;
  readonly missing: readonly MissingPermissionView[];
  /** Where the button goes: the provider's consent again (incremental authorization), e.g. `/connect/google`. */
  readonly connectPath: string;
  readonly nonce?: string | undefined;
}

/**
 * What a person sees right after connecting without every permission (Google's granular consent lets them untick
 * any): the account is stored, but waits; the page names what is missing in the consent screen's words, what
 * Carryover cannot do without it, and asks the provider again for just that.
 */
export function PermissionsPage({ email, providerLabel, missing, connectPath, nonce }: PermissionsPageProps) {
  const one = missing.length === 1;
  return (
    <Layout title="One more step" nonce={nonce}>
      <h1>One more step: allow what Carryover needs</h1>
      <p>
        {email} ({providerLabel}) is connected, but {one ? 'a permission was' : 'some permissions were'} left unticked
        on the consent screen:
      </p>
      <div role="alert" class="alert">
        <ul class="items">
          {missing.map((m) => (
            <li>
              <b>“{m.permission}”</b> — {m.consequence}
            </li>
          ))}
        </ul>
        <p>
          Until you allow {one ? 'it' : 'them'}, Carryover waits: it writes nothing to this calendar and sends no
          emails.
        </p>
      </div>
      <AllowForm connectPath={connectPath} email={email} label={`Allow ${one ? 'it' : 'them'} in ${providerLabel}`} />
      <p>
        What you already allowed stays allowed. <a href="/account">Not now</a>
      </p>
    </Layout>
  );
}

/** The button that asks the provider again for this account (`login_hint`), keeping what was already allowed. */
export function AllowForm({
  connectPath,
  email,
  label,
}: {
  readonly connectPath: string;
  readonly email: string;
  readonly label: string;
}) {
  return (
    <form method="get" action={connectPath}>
      <input type="hidden" name="login_hint" value={email} />
      <button type="submit" class="primary">
        {label}
      </button>
    </form>
  );
}
