import type { Lang } from '../common/i18n/index.ts';
import type { KeyRing } from '../common/secrets.ts';
import { localUrl } from '../common/urls.ts';

/**
 * Signed subscription tokens: HMAC-SHA256 (key SUBSCRIPTION_SECRET) over a payload naming
 * the purpose and the subscriber, and for confirmation an expiry and the sign-up it stands
 * for (`v`, the subscriber's confirm_version). Compact and URL-safe:
 * `base64url(payload).base64url(mac)`.
 */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** Confirmation links work for 7 days; manage and unsubscribe links for as long as the subscriber exists. */
export const CONFIRM_TTL_MS = 7 * 86_400_000;

interface Payload {
  p: TokenPurpose;
  s: number;
  e?: number;
  v?: number;
}

/** `version`: for a confirmation token, the sign-up it was issued for (0 for tokens signed before versions existed). */
export type TokenCheck = { ok: true; subscriber: number; version?: number } | { ok: false; reason: 'malformed' | 'forged' | 'purpose' | 'expired' };

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * Signs a token for `purpose` and `subscriber` with the current secret; confirmation tokens
 * expire CONFIRM_TTL_MS after `now` and name the sign-up `version` they were issued for.
 */
export async function signToken(secret: string, purpose: TokenPurpose, subscriber: number, now: number, version = 0): Promise<string> {
  const payload: Payload = purpose === 'confirm' ? { p: purpose, s: subscriber, e: now + CONFIRM_TTL_MS, v: version } : { p: purpose, s: subscriber };
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await keyFor(secret), encoder.encode(body)));
  return `${body}.${base64url(mac)}`;
}

/**
 * Checks a token: well-formed, signed with the current secret or the previous one (each
 * compared in constant time by crypto.subtle.verify, and both always checked, so the time
 * taken does not tell which), for `purpose`, and not expired at `now`.
 */
export async function verifyToken(secrets: KeyRing | string, token: string, purpose: TokenPurpose, now: number): Promise<TokenCheck> {
  if (token.length > 512) return { ok: false, reason: 'malformed' };
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const macBytes = fromBase64url(mac);
  const bodyBytes = fromBase64url(body);
  if (!macBytes || !bodyBytes || macBytes.length !== 32) return { ok: false, reason: 'malformed' };
  const ring = typeof secrets === 'string' ? [secrets] : [secrets.current, ...(secrets.previous ? [secrets.previous] : [])];
  const matches = await Promise.all(ring.map(async (secret) => crypto.subtle.verify('HMAC', await keyFor(secret), macBytes, encoder.encode(body))));
  if (!matches.includes(true)) return { ok: false, reason: 'forged' };
  let payload: Payload;
  try {
    payload = JSON.parse(new TextDecoder().decode(bodyBytes)) as Payload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload !== 'object' || payload === null || !Number.isSafeInteger(payload.s)) return { ok: false, reason: 'malformed' };
  if (payload.p !== purpose) return { ok: false, reason: 'purpose' };
  if (payload.e !== undefined && !(payload.e > now)) return { ok: false, reason: 'expired' };
  if (purpose !== 'confirm') return { ok: true, subscriber: payload.s };
  const version = payload.v ?? 0;
  if (!Number.isSafeInteger(version)) return { ok: false, reason: 'malformed' };
  return { ok: true, subscriber: payload.s, version };
}

/**
 * The links every email to a subscriber carries: one-click unsubscribe (also the
 * List-Unsubscribe URL) and preferences, on the pages of their interface language (`uiLang`).
 */
export async function subscriberLinks(siteUrl: string, secret: string, subscriberId: number, uiLang: Lang = 'en'): Promise<{ unsubscribe: string; preferences: string }> {
  const [unsubscribe, manage] = await Promise.all([signToken(secret, 'unsubscribe', subscriberId, 0), signToken(secret, 'manage', subscriberId, 0)]);
  return { unsubscribe: localUrl({ siteUrl }, uiLang, `/unsubscribe?token=${unsubscribe}`), preferences: localUrl({ siteUrl }, uiLang, `/preferences?token=${manage}`) };
}
