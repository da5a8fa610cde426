import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/subscriptions/tokens.ts';
import { recordingEmail } from './digest-helpers.ts';
import { create, get, withEnv } from './helpers.ts';

const SECRET = 'test-subscription-secret';

function postJson(path: string, body: unknown, overrides: Parameters<typeof withEnv>[0] = {}) {
  return withEnv(overrides, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function postForm(path: string, fields: Record<string, string | string[]>, overrides: Parameters<typeof withEnv>[0] = {}) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return withEnv(overrides, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

async function subscriber(email: string) {
  return env.DB.prepare('SELECT * FROM subscribers WHERE email = ?1').bind(email).first<Record<string, any>>();
}

function confirmLink(text: string): string {
  const link = /https:\/\/herald\.example\.org\/confirm\?token=[A-Za-z0-9_.-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no confirmation link in: ${text}`);
  return link.replace('https://herald.example.org', '');
}

describe('subscribing', () => {
  it('answers 202 and sends one confirmation email with a link, storing the address as pending', async () => {
    const mail = recordingEmail();
    const res = await postJson('/subscribe', { email: 'li.wei@example.org', frequency: 'daily', topics: ['Sovereignty'], timezone: 'Asia/Shanghai' }, { EMAIL: mail.binding });
    expect(res.status).toBe(202);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.to).toBe('li.wei@example.org');
    expect(confirmLink(mail.sent[0]!.text)).toMatch(/^\/confirm\?token=/);
    const row = await subscriber('li.wei@example.org');
    expect(row).toMatchObject({ status: 'pending', frequency: 'daily', topics: '["sovereignty"]', timezone: 'Asia/Shanghai' });
  });

  it('gives the same answer for a new, pending, active, unsubscribed and suppressed address', async () => {
    const states = ['new', 'pending', 'active', 'unsubscribed', 'suppressed'];
    const answers: string[] = [];
    for (const state of states) {
      const email = `${state}@example.org`;
      if (state !== 'new') {
        await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at) VALUES (?1, ?2, 'weekly', 'UTC', 0, 0)").bind(email, state).run();
      }
      const res = await postJson('/subscribe', { email }, { EMAIL: recordingEmail().binding });
      answers.push(`${res.status} ${(await res.text()).replace(email, 'EMAIL')}`);
    }
    expect(new Set(answers).size).toBe(1);
  });

  it('never changes an active subscriber from an unauthenticated sign-up', async () => {
    await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at) VALUES ('active@example.org', 'active', 'weekly', 'UTC', 0, 0)").run();
    const mail = recordingEmail();
    await postJson('/subscribe', { email: 'active@example.org', frequency: 'instant' }, { EMAIL: mail.binding });
    expect((await subscriber('active@example.org'))!.frequency).toBe('weekly');
    expect(mail.sent).toHaveLength(0);
  });

  it('accepts the HTML form and shows a check-your-inbox page', async () => {
    const mail = recordingEmail();
    const res = await postForm('/subscribe', { email: 'form@example.org', frequency: 'weekly', topics: ['data', 'norms'], timezone: 'Europe/Paris', lang: '' }, { EMAIL: mail.binding });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Check your inbox');
    expect((await subscriber('form@example.org'))!.topics).toBe('["data","norms"]');
  });

  it('normalizes the address: trimmed, domain lower-cased, an IDN domain stored in ASCII', async () => {
    await postJson('/subscribe', { email: '  Li.Wei@Example.ORG ' }, { EMAIL: recordingEmail().binding });
    expect(await subscriber('Li.Wei@example.org')).not.toBeNull();
    await postJson('/subscribe', { email: 'wang@例子.中国' }, { EMAIL: recordingEmail().binding });
    expect(await subscriber('wang@xn--fsqu00a.xn--fiqs8s')).not.toBeNull();
  });

  it('refuses a malformed address, a line break or a second address with a 400 naming email', async () => {
    for (const email of ['not-an-address', 'a@b', 'one@example.org, two@example.org', 'one@example.org\r\nBcc: victim@example.org', 'x@example.org\n', '<a@example.org>', 42, '']) {
      const mail = recordingEmail();
      const res = await postJson('/subscribe', { email }, { EMAIL: mail.binding });
      expect(res.status, JSON.stringify(email)).toBe(400);
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toContain('email');
      expect(mail.calls).toBe(0);
    }
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM subscribers').first<{ n: number }>())!.n).toBe(0);
  });

  it('names each other invalid field: frequency, topics, lang, timezone', async () => {
    const res = await postJson('/subscribe', { email: 'ok@example.org', frequency: 'hourly', topics: ['<script>'], lang: 'not a language!', timezone: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['frequency', 'topics', 'lang', 'timezone']));
  });

  it('re-shows the form with the error for a person, status 400', async () => {
    const res = await postForm('/subscribe', { email: 'nope', frequency: 'weekly', timezone: 'UTC' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<form');
    expect(html).toContain('id="email-error"');
  });

  it('sends at most 3 confirmation emails a day to one address', async () => {
    const mail = recordingEmail();
    for (let i = 0; i < 6; i += 1) expect((await postJson('/subscribe', { email: 'bombed@example.org' }, { EMAIL: mail.binding })).status).toBe(202);
    expect(mail.sent).toHaveLength(3);
  });

  it('stops confirmation emails at the site-wide daily cap, with the same answer', async () => {
    const mail = recordingEmail();
    for (let i = 0; i < 4; i += 1) {
      const res = await postJson('/subscribe', { email: `victim${i}@example.org` }, { EMAIL: mail.binding, CONFIRMATIONS_PER_DAY: '2' });
      expect(res.status).toBe(202);
    }
    expect(mail.sent).toHaveLength(2);
  });

  it('answers 429 when the client goes past the rate limit, and stores nothing', async () => {
    const limiter = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    const mail = recordingEmail();
    const res = await postJson('/subscribe', { email: 'fast@example.org' }, { EMAIL: mail.binding, SUBSCRIBE_LIMITER: limiter });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(mail.calls).toBe(0);
    expect(await subscriber('fast@example.org')).toBeNull();
  });

  it('answers 503 and sends nothing when SUBSCRIPTION_SECRET is unset', async () => {
    const mail = recordingEmail();
    const json = await postJson('/subscribe', { email: 'x@example.org' }, { EMAIL: mail.binding, SUBSCRIPTION_SECRET: '' });
    expect(json.status).toBe(503);
    const form = await withEnv({ SUBSCRIPTION_SECRET: '' }, '/subscribe');
    expect(form.status).toBe(503);
    expect(form.headers.get('content-type')).toMatch(/text\/html/);
    expect(mail.calls).toBe(0);
  });

  it('refuses a body over 16 KB with 413', async () => {
    const res = await postJson('/subscribe', { email: 'big@example.org', lang: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
  });
});

describe('confirming', () => {
  async function pendingWithLink(email = 'confirm@example.org') {
    const mail = recordingEmail();
    await postJson('/subscribe', { email, frequency: 'daily', timezone: 'UTC' }, { EMAIL: mail.binding });
    return confirmLink(mail.sent[0]!.text);
  }

  it('shows a button on GET and changes nothing; the POST confirms', async () => {
    await create({ title: 'Published before confirming' });
    const link = await pendingWithLink();
    const page = await get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/confirm"/);
    expect((await subscriber('confirm@example.org'))!.status).toBe('pending');
    const token = new URLSearchParams(link.split('?')[1]).get('token')!;
    const res = await postForm('/confirm', { token });
    expect(res.status).toBe(200);
    const row = (await subscriber('confirm@example.org'))!;
    expect(row.status).toBe('active');
    expect(row.last_seq).toBe(1);
    expect(row.next_due_at).toBeGreaterThan(Date.now());
  });

  it('refuses a forged, truncated, expired or other-purpose token with an error page, changing nothing', async () => {
    const link = await pendingWithLink();
    const token = new URLSearchParams(link.split('?')[1]).get('token')!;
    const id = (await subscriber('confirm@example.org'))!.id as number;
    const expired = await signToken(SECRET, 'confirm', id, Date.now() - 8 * 86_400_000);
    const otherPurpose = await signToken(SECRET, 'unsubscribe', id, Date.now());
    const forged = await signToken('another-secret', 'confirm', id, Date.now());
    const cases: [string, number][] = [
      [forged, 400],
      [token.slice(0, -3), 400],
      [token.split('.')[0]!, 400],
      [expired, 410],
      [otherPurpose, 400],
      ['', 400],
      ['%%%', 400],
    ];
    for (const [bad, status] of cases) {
      const res = await postForm('/confirm', { token: bad });
      expect(res.status, bad).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
    expect((await subscriber('confirm@example.org'))!.status).toBe('pending');
  });

  it('says so when the subscriber no longer exists', async () => {
    const token = await signToken(SECRET, 'confirm', 999, Date.now());
    expect((await postForm('/confirm', { token })).status).toBe(404);
  });
});

describe('preferences and unsubscribing', () => {
  async function active(email = 'reader@example.org') {
    const row = await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at) VALUES (?1, 'active', 'weekly', 'UTC', 0, 0) RETURNING id").bind(email).first<{ id: number }>();
    return { id: row!.id, manage: await signToken(SECRET, 'manage', row!.id, 0), unsubscribe: await signToken(SECRET, 'unsubscribe', row!.id, 0) };
  }

  it('shows and saves preferences; a bad time zone re-shows the form and changes nothing', async () => {
    const { manage } = await active();
    const page = await get(`/preferences?token=${manage}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('reader@example.org');
    const bad = await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'Nowhere/Land' });
    expect(bad.status).toBe(400);
    expect((await subscriber('reader@example.org'))!.frequency).toBe('weekly');
    const ok = await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'Asia/Shanghai', topics: ['网络主权'], lang: 'zh' });
    expect(ok.status).toBe(200);
    expect(await subscriber('reader@example.org')).toMatchObject({ frequency: 'daily', timezone: 'Asia/Shanghai', topics: '["网络主权"]', lang: 'zh' });
  });

  it('unsubscribes at once on the RFC 8058 one-click POST, and not on a GET', async () => {
    const { unsubscribe } = await active();
    const page = await get(`/unsubscribe?token=${unsubscribe}`);
    expect(page.status).toBe(200);
    expect((await subscriber('reader@example.org'))!.status).toBe('active');
    const res = await exports.default.fetch(`http://example.test/unsubscribe?token=${unsubscribe}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await subscriber('reader@example.org'))!.status).toBe('unsubscribed');
  });

  it('does not take a manage token for unsubscribing, or an unsubscribe token for preferences', async () => {
    const { manage, unsubscribe } = await active();
    expect((await postForm(`/unsubscribe?token=${manage}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(400);
    expect((await get(`/preferences?token=${unsubscribe}`)).status).toBe(400);
    expect((await subscriber('reader@example.org'))!.status).toBe('active');
  });
});

describe('the forms in a browser’s eyes', () => {
  it('puts a subscribe form on the home page, allowed by the page’s policy', async () => {
    const res = await get('/');
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/subscribe"/);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves the time zone script as JavaScript', async () => {
    const res = await get('/assets/subscribe.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain('resolvedOptions().timeZone');
  });
});
