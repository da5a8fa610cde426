import { describe, expect, it } from 'vitest';
import { normalizeAddress } from '../../../src/subscriptions/address.ts';
import { CONFIRM_TTL_MS, signToken, subscriberLinks, verifyToken } from '../../../src/subscriptions/tokens.ts';
import { NOW } from '../support/clock.ts';

const SECRET = 'a-secret';
const YEARS = 20 * 365 * 86_400_000;

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('subscription tokens', () => {
  it('are compact and URL-safe: base64url payload, a dot, base64url MAC', async () => {
    const token = await signToken(SECRET, 'manage', 123, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThan(100);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('name their subscriber when checked for their own purpose, and a confirmation the sign-up it stands for', async () => {
    for (const purpose of ['manage', 'unsubscribe'] as const) {
      expect(await verifyToken(SECRET, await signToken(SECRET, purpose, 7, NOW), purpose, NOW)).toEqual({ ok: true, subscriber: 7 });
    }
    expect(await verifyToken(SECRET, await signToken(SECRET, 'confirm', 7, NOW, 3), 'confirm', NOW)).toEqual({ ok: true, subscriber: 7, version: 3 });
    // Signed before versions existed: the version every subscriber row started with.
    const legacy = b64url(JSON.stringify({ p: 'confirm', s: 7, e: NOW + 1000 }));
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), new TextEncoder().encode(legacy)));
    expect(await verifyToken(SECRET, `${legacy}.${b64url(String.fromCharCode(...mac))}`, 'confirm', NOW)).toEqual({ ok: true, subscriber: 7, version: 0 });
  });

  it('are accepted when signed with the current or the previous secret of a rotation, and no other', async () => {
    const old = await signToken(SECRET, 'unsubscribe', 7, NOW);
    const ring = { current: 'the-next-secret', previous: SECRET };
    expect(await verifyToken(ring, old, 'unsubscribe', NOW)).toEqual({ ok: true, subscriber: 7 });
    expect(await verifyToken(ring, await signToken('the-next-secret', 'unsubscribe', 7, NOW), 'unsubscribe', NOW)).toEqual({ ok: true, subscriber: 7 });
    expect(await verifyToken({ current: 'the-next-secret', previous: null }, old, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(await verifyToken({ current: 'the-next-secret', previous: 'yet-another' }, old, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused for another purpose', async () => {
    const unsubscribe = await signToken(SECRET, 'unsubscribe', 7, NOW);
    expect(await verifyToken(SECRET, unsubscribe, 'manage', NOW)).toEqual({ ok: false, reason: 'purpose' });
    expect(await verifyToken(SECRET, await signToken(SECRET, 'manage', 7, NOW), 'confirm', NOW)).toEqual({ ok: false, reason: 'purpose' });
  });

  it('expire 7 days after signing for confirmation, and never for manage and unsubscribe', async () => {
    const confirm = await signToken(SECRET, 'confirm', 7, NOW);
    expect(CONFIRM_TTL_MS).toBe(7 * 86_400_000);
    expect((await verifyToken(SECRET, confirm, 'confirm', NOW + CONFIRM_TTL_MS - 1)).ok).toBe(true);
    expect(await verifyToken(SECRET, confirm, 'confirm', NOW + CONFIRM_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
    for (const purpose of ['manage', 'unsubscribe'] as const) {
      expect((await verifyToken(SECRET, await signToken(SECRET, purpose, 7, NOW), purpose, NOW + YEARS)).ok).toBe(true);
    }
  });

  it('are refused when signed with another secret, or when the payload is changed', async () => {
    const token = await signToken(SECRET, 'unsubscribe', 7, NOW);
    expect(await verifyToken('another-secret', token, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'forged' });
    const mac = token.split('.')[1]!;
    // Another subscriber's id under the first one's MAC.
    expect(await verifyToken(SECRET, `${b64url('{"p":"unsubscribe","s":8}')}.${mac}`, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'forged' });
    // A confirmation token with its expiry pushed back.
    const confirm = await signToken(SECRET, 'confirm', 7, NOW);
    const extended = `${b64url(JSON.stringify({ p: 'confirm', s: 7, e: NOW + YEARS, v: 0 }))}.${confirm.split('.')[1]}`;
    expect(await verifyToken(SECRET, extended, 'confirm', NOW + CONFIRM_TTL_MS + 1)).toEqual({ ok: false, reason: 'forged' });
    // An old sign-up's link claiming to be the newest one.
    const older = await signToken(SECRET, 'confirm', 7, NOW, 1);
    expect(await verifyToken(SECRET, `${b64url(JSON.stringify({ p: 'confirm', s: 7, e: NOW + CONFIRM_TTL_MS, v: 2 }))}.${older.split('.')[1]}`, 'confirm', NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused when truncated or malformed', async () => {
    const token = await signToken(SECRET, 'manage', 7, NOW);
    const [body, mac] = token.split('.') as [string, string];
    for (const bad of ['', '.', body, `${body}.`, `.${mac}`, token.slice(0, -1), `${body}.${mac}.${mac}`, `${body}.${mac.slice(0, 20)}`, `${body}.${mac}=`, 'a b.c d', `${body}.${'A'.repeat(600)}`, '\u0000.\u0000']) {
      const check = await verifyToken(SECRET, bad, 'manage', NOW);
      expect(check.ok, JSON.stringify(bad)).toBe(false);
      expect(['malformed', 'forged']).toContain(check.ok ? '' : check.reason);
    }
  });

  it('are refused when correctly signed but not naming a subscriber', async () => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    for (const payload of ['not json', '[]', 'null', '{"p":"manage","s":"7"}', '{"p":"manage","s":1.5}']) {
      const body = b64url(payload);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
      const token = `${body}.${b64url(String.fromCharCode(...mac))}`;
      expect(await verifyToken(SECRET, token, 'manage', NOW), payload).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('make the two links every email carries: one-click unsubscribe and preferences', async () => {
    const links = await subscriberLinks('https://herald.example.org', SECRET, 42);
    const unsubscribe = new URL(links.unsubscribe);
    const preferences = new URL(links.preferences);
    expect(`${unsubscribe.origin}${unsubscribe.pathname}`).toBe('https://herald.example.org/unsubscribe');
    expect(`${preferences.origin}${preferences.pathname}`).toBe('https://herald.example.org/preferences');
    expect(await verifyToken(SECRET, unsubscribe.searchParams.get('token')!, 'unsubscribe', NOW + YEARS)).toEqual({ ok: true, subscriber: 42 });
    expect(await verifyToken(SECRET, preferences.searchParams.get('token')!, 'manage', NOW + YEARS)).toEqual({ ok: true, subscriber: 42 });
    // The same links every time: an old email's links keep working.
    expect(await subscriberLinks('https://herald.example.org', SECRET, 42)).toEqual(links);
  });
});

describe('email addresses', () => {
  it('are trimmed, with the domain lower-cased and the local part kept as written', () => {
    expect(normalizeAddress(' Li.Wei+news@Example.ORG ')).toEqual({ ok: true, email: 'Li.Wei+news@example.org' });
  });

  it('take an internationalized domain and store it in ASCII', () => {
    expect(normalizeAddress('wang@例子.中国')).toEqual({ ok: true, email: 'wang@xn--fsqu00a.xn--fiqs8s' });
    expect(normalizeAddress('a@Bücher.example')).toEqual({ ok: true, email: 'a@xn--bcher-kva.example' });
  });

  it('are one address on one line, within the length limits', () => {
    const refused = [
      'a@example.org,b@example.org',
      'a@example.org;b@example.org',
      'Name <a@example.org>',
      'a@example.org\r\nBcc: b@example.org',
      'a@example.org\u2028',
      'a\t@example.org',
      'a@@example.org',
      'a@localhost',
      'a@127.0.0.1',
      'a@example.org.',
      '.a@example.org',
      'a..b@example.org',
      `${'x'.repeat(65)}@example.org`,
      `${'x'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.org`,
      'a@ex_ample.org',
      '',
      '   ',
    ];
    for (const input of refused) expect(normalizeAddress(input).ok, JSON.stringify(input)).toBe(false);
    expect(normalizeAddress(`${'x'.repeat(64)}@example.org`).ok).toBe(true);
    expect(normalizeAddress(undefined)).toEqual({ ok: false, message: 'must be a string' });
  });
});
