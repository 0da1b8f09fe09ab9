import type { Capability, RequiredPermission } from '../providers/oauth.ts';

/** What Carryover cannot do without each kind of permission, in the words the person reads. */
const WITHOUT: Readonly<Record<Capability, string>> = {
  calendar:
    'Without it Carryover cannot find your recurring 1:1s or put the agenda link into their invites: no agenda in invites.',
  mail: 'Without it Carryover cannot email you both after each meeting to ask what you agreed: no prompts by email.',
};

/** A permission the person left out, and what that costs them. */
export interface MissingPermission {
  /** The consent screen's words for it, e.g. "Send email on your behalf". */
  readonly permission: string;
  /** What Carryover cannot do without it. */
  readonly consequence: string;
}

/** The missing permissions as the person reads them. */
export function describeMissing(missing: readonly RequiredPermission[]): MissingPermission[] {
  return missing.map((p) => ({ permission: p.consentText, consequence: WITHOUT[p.capability] }));
}

/** Why an account connected without some permissions waits, for its status reason. */
export function missingPermissionsReason(missing: readonly RequiredPermission[]): string {
  const names = missing.map((p) => `"${p.consentText}"`).join(' and ');
  const word = missing.length === 1 ? 'a permission' : 'permissions';
  return `Carryover is missing ${word} you did not allow: ${names}. Connect again and allow it on the consent screen.`;
}
