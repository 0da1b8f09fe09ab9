import { markNeedsReconnect } from '../db/accounts.ts';
import type { Db } from '../db/database.ts';
import { describeError, log } from '../observability/log.ts';
import type { ProviderError } from '../providers/provider-error.ts';

/**
 * Why an account needs reconnecting, in the words the person reads on /account: what happened and what to do. Every
 * kind of dead or insufficient grant ends here: a revoked or expired grant, a 401 after a refresh, a permission
 * unticked on the consent screen, Microsoft asking for MFA, conditional access or consent again.
 */
export function reconnectReason(error: ProviderError): string {
  const { reason, permission } = error.details;
  if (permission) {
    return `Carryover is missing a permission: "${permission}". Reconnect and allow it on the consent screen.`;
  }
  switch (reason) {
    case 'interaction_required':
      return 'Microsoft asks you to sign in again (multi-factor authentication or a conditional access policy). Reconnect to continue.';
    case 'consent_required':
      return "Microsoft needs your consent again for Carryover's permissions. Reconnect and accept them.";
    case 'login_required':
      return 'Your Microsoft sign-in has ended. Reconnect to continue.';
    case 'invalid_grant':
      return "The calendar provider no longer accepts Carryover's access: it was revoked or expired, or your password changed. Reconnect to continue.";
    default:
      return `The calendar provider refused Carryover's access${error.details.status ? ` (${error.details.status})` : ''}. Reconnect to continue.`;
  }
}

/**
 * Marks an account as needing reconnection because of `error`: its work pauses (jobs find it inactive and stop)
 * until the person reconnects. Logged once per change of state, not on every job that meets it.
 */
export async function pauseAccount(
  db: Db,
  account: { readonly id: string; readonly email: string },
  error: ProviderError,
): Promise<void> {
  const reason = reconnectReason(error);
  if (await markNeedsReconnect(db, account.id, reason)) {
    log.warn('account.state', {
      accountId: account.id,
      from: 'active',
      to: 'needs_reconnect',
      reason: error.details.permission ? 'missing-permission' : (error.details.reason ?? error.kind),
      permission: error.details.permission,
      error: describeError(error),
    });
  }
}
