/**
 * The people the sandbox knows. Every email becomes a user the first time it is used, so tests and demos never
 * register anyone: `Authorization: Bearer sandbox:{email}` acts as that person, and each provider emulator adds a
 * resolver for the tokens its own OAuth issues.
 */

/** A sandbox person: the same identity across the Google and Microsoft emulators. */
export interface SandboxUser {
  readonly email: string;
  /** A stable numeric id derived from the email, shaped like Google's `sub`. */
  readonly sub: string;
  /** A display name made from the local part: `maya.patel@x` → `Maya Patel`. */
  readonly name: string;
}

/** What a bearer token stands for: a user, and the scopes it carries (`'all'` for `sandbox:` tokens). */
export interface TokenIdentity {
  readonly email: string;
  readonly scopes: ReadonlySet<string> | 'all';
}

/** Resolves a bearer token to an identity, or undefined when the token is not one of its own or is dead. */
export type TokenResolver = (token: string) => TokenIdentity | undefined;

/** The registry of sandbox users and the ways a bearer token maps to one. */
export interface Users {
  /** The user for an email, created on first use. */
  ensure(email: string): SandboxUser;
  /** Every user seen so far. */
  all(): readonly SandboxUser[];
  /** The identity an `Authorization` header carries, or undefined for a missing, unknown or dead token. */
  authenticate(authorization: string | undefined): TokenIdentity | undefined;
  /** Teaches the registry another kind of token (a provider's OAuth access tokens). */
  addTokenResolver(resolver: TokenResolver): void;
}

const SANDBOX_TOKEN_PREFIX = 'sandbox:';

/** An email as an identity: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A deliberately plain check: one @, no spaces, a dot in the domain. */
export function isEmail(text: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(text);
}

/** Creates an empty registry. */
export function createUsers(): Users {
  const users = new Map<string, SandboxUser>();
  const resolvers: TokenResolver[] = [];

  function ensure(email: string): SandboxUser {
    const key = normalizeEmail(email);
    let user = users.get(key);
    if (!user) {
      user = { email: key, sub: subjectFor(key), name: nameFor(key) };
      users.set(key, user);
    }
    return user;
  }

  return {
    ensure,
    all: () => [...users.values()],
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      const token = match?.[1];
      if (token === undefined) return undefined;
      if (token.startsWith(SANDBOX_TOKEN_PREFIX)) {
        const email = normalizeEmail(token.slice(SANDBOX_TOKEN_PREFIX.length));
        if (!isEmail(email)) return undefined;
        ensure(email);
        return { email, scopes: 'all' };
      }
      for (const resolve of resolvers) {
        const identity = resolve(token);
        if (identity) {
          ensure(identity.email);
          return identity;
        }
      }
      return undefined;
    },
    addTokenResolver(resolver) {
      resolvers.push(resolver);
    },
  };
}

function nameFor(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._+-]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

// FNV-1a (64-bit) keeps `sub` stable across runs, so demo data and benchmarks see the same ids every time.
function subjectFor(email: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(email)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `1${hash.toString().padStart(20, '0')}`;
}
