import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Keys } from '../security/keys.ts';
import { open, seal } from '../security/secret-box.ts';

/** A cookie whose value is sealed (AES-GCM): the browser can neither read nor forge it. Expiry is inside it too. */
export async function setSealedCookie(
  c: Context,
  keys: Keys,
  name: string,
  value: object,
  options: { maxAgeSeconds: number; path: string; secure: boolean; now: Date },
): Promise<void> {
  const payload = JSON.stringify({ value, exp: options.now.getTime() + options.maxAgeSeconds * 1000 });
  setCookie(c, name, await seal(keys, payload), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.secure,
    path: options.path,
    maxAge: options.maxAgeSeconds,
  });
}

/** The value of a sealed cookie, or undefined when it is missing, tampered with or expired. */
export async function readSealedCookie<T>(c: Context, keys: Keys, name: string, now: Date): Promise<T | undefined> {
  const raw = getCookie(c, name);
  if (!raw) return undefined;
  try {
    const { value, exp } = JSON.parse(await open(keys, raw)) as { value: T; exp: number };
    return exp > now.getTime() ? value : undefined;
  } catch {
    // A cookie from another key, or tampered with: the same as none.
    return undefined;
  }
}

/** Removes a cookie. */
export function clearCookie(c: Context, name: string, path: string): void {
  deleteCookie(c, name, { path });
}
