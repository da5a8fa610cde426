/**
 * An API token's secret: `hrld_` and 32 random bytes in base64url (43 characters). The prefix
 * lets secret scanners (and a reader) recognise it, and lets a request with any other bearer
 * be refused without a database read. Only its SHA-256 hash is ever stored.
 */
export const TOKEN_PREFIX = 'hrld_';

const SHAPE = /^hrld_[A-Za-z0-9_-]{43}$/;

/** True when `value` has the shape of a token this Worker makes (it may still be unknown). */
export function looksLikeApiToken(value: string): boolean {
  return SHAPE.test(value);
}

/** A new token secret, shown to its maker once. */
export function mintToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const text = btoa(String.fromCharCode(...bytes));
  return TOKEN_PREFIX + text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The SHA-256 of `token` in hex: what is stored, and what a request's token is looked up by. */
export async function tokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
