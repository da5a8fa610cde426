/**
 * Desk sessions as cookies. The cookie holds a random 32-byte id and an HMAC of it, so a
 * forged or altered cookie is turned away before D1 is asked; D1 keeps only the id's SHA-256,
 * so a session can be revoked and a copy of the table is no cookie. The HMAC key, and the key
 * of the CSRF tokens bound to each session, are derived from SUBSCRIPTION_SECRET under their
 * own label: one secret fewer to deploy, and a link-signing key never signs a session.
 */

/** A session lasts 12 hours from sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** `last_seen_at` is written at most this often. */
export const TOUCH_EVERY_MS = 5 * 60_000;

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes as base64url: session ids and sign-in tokens. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 of `text` in hex: how ids and tokens are stored. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The desk's HMAC key, derived from SUBSCRIPTION_SECRET under the label `herald desk v1`. */
export function deskKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const derived = await crypto.subtle.sign('HMAC', base, encoder.encode('herald desk v1'));
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    })();
    keys.set(secret, key);
  }
  return key;
}

async function mac(key: CryptoKey, text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text))));
}

/** A new session: the cookie's value and the hash D1 keeps. */
export async function mintSession(key: CryptoKey): Promise<{ cookie: string; idHash: string }> {
  const id = randomToken();
  return { cookie: `${id}.${await mac(key, `session:${id}`)}`, idHash: await sha256Hex(id) };
}

/** The id hash of a cookie value whose HMAC is right, else null (checked in constant time). */
export async function sessionIdHash(key: CryptoKey, value: string | undefined): Promise<string | null> {
  const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return null;
  const given = Uint8Array.from(atob(match[2]!.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) => c.charCodeAt(0));
  const ok = await crypto.subtle.verify('HMAC', key, given, encoder.encode(`session:${match[1]}`));
  return ok ? sha256Hex(match[1]!) : null;
}

/** The CSRF token of a session: every desk form carries it, and the desk's scripts send it as `X-CSRF-Token`. */
export function csrfToken(key: CryptoKey, idHash: string): Promise<string> {
  return mac(key, `csrf:${idHash}`);
}

/** True when the site is served over plain http on localhost, the only place a session cookie goes without `Secure`. */
export function isLocalHttp(siteUrl: string): boolean {
  return /^http:\/\/localhost(?::\d+)?(?:\/|$)/i.test(siteUrl);
}

/** The cookie's name: `__Host-` (Secure, this host only, Path=/) wherever the cookie is Secure. */
export const cookieName = (siteUrl: string) => (isLocalHttp(siteUrl) ? 'herald_desk' : '__Host-herald_desk');

/** The `Set-Cookie` of a session (or, with `value` null, the one that clears it). */
export function sessionCookie(siteUrl: string, value: string | null): string {
  const parts = [`${cookieName(siteUrl)}=${value ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${value === null ? 0 : SESSION_TTL_MS / 1000}`];
  if (!isLocalHttp(siteUrl)) parts.push('Secure');
  return parts.join('; ');
}
