import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingEmail } from '../digests/helpers.ts';
import { create, get, withEnv } from '../support/worker.ts';
import { confirmLink, postForm, postJson, subscriberRow } from './helpers.ts';

async function insert(email: string, status: string) {
  await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at) VALUES (?1, ?2, 'weekly', 'UTC', 1000, 1000)").bind(email, status).run();
}

describe('subscribing', () => {
  it('answers 202 and sends one confirmation email with a link, storing the address as pending', async () => {
    const mail = recordingEmail();
    const res = await postJson('/subscribe', { email: 'li.wei@example.org', frequency: 'daily', topics: ['Sovereignty'], timezone: 'Asia/Shanghai' }, { EMAIL: mail.binding });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted', detail: expect.stringContaining('Check your inbox') });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.to).toBe('li.wei@example.org');
    expect(confirmLink(mail.sent[0]!.text)).toMatch(/^\/confirm\?token=/);
    const row = await subscriberRow('li.wei@example.org');
    expect(row).toMatchObject({ status: 'pending', frequency: 'daily', topics: '["sovereignty"]', timezone: 'Asia/Shanghai', confirmed_at: null });
  });

  it('writes the confirmation email from the catalogue: subject, a link in text and HTML, and “if this wasn’t you”', async () => {
    const mail = recordingEmail();
    await postJson('/subscribe', { email: 'reader@example.org' }, { EMAIL: mail.binding });
    const sent = mail.sent[0]!;
    expect(sent.subject).toBe('Confirm your subscription to Herald');
    expect(sent.text).toContain('If this wasn’t you, ignore this email');
    const link = confirmLink(sent.text);
    expect(sent.html).toContain(`href="https://herald.example.org${link}"`);
    expect(sent.html).toContain('If this wasn’t you');
  });

  it('uses the site’s time zone and weekly when the sign-up names neither', async () => {
    await postJson('/subscribe', { email: 'plain@example.org' }, { EMAIL: recordingEmail().binding, SITE_TIMEZONE: 'Europe/Berlin' });
    expect(await subscriberRow('plain@example.org')).toMatchObject({ frequency: 'weekly', timezone: 'Europe/Berlin', lang: 'both', ui_lang: 'en', topics: '[]' });
  });

  it('gives the same answer for a new, pending, active, unsubscribed and suppressed address', async () => {
    const answers: string[] = [];
    for (const state of ['new', 'pending', 'active', 'unsubscribed', 'suppressed']) {
      const email = `${state}@example.org`;
      if (state !== 'new') await insert(email, state);
      const res = await postJson('/subscribe', { email }, { EMAIL: recordingEmail().binding });
      answers.push(`${res.status} ${res.headers.get('content-type')} ${(await res.text()).replace(email, 'EMAIL')}`);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^202 /);
  });

  it('never changes an active or suppressed subscriber from an unauthenticated sign-up, and emails neither', async () => {
    for (const status of ['active', 'suppressed']) {
      const email = `${status}@example.org`;
      await insert(email, status);
      const before = await subscriberRow(email);
      const mail = recordingEmail();
      await postJson('/subscribe', { email, frequency: 'instant', topics: ['data'], lang: 'fr', timezone: 'Asia/Tokyo' }, { EMAIL: mail.binding });
      expect(await subscriberRow(email)).toEqual(before);
      expect(mail.calls).toBe(0);
    }
  });

  it('refreshes the preferences of a pending or unsubscribed address and sends it a new confirmation; it stays unconfirmed', async () => {
    for (const status of ['pending', 'unsubscribed']) {
      const email = `${status}@example.org`;
      await insert(email, status);
      const mail = recordingEmail();
      await postJson('/subscribe', { email, frequency: 'daily', topics: ['data'], timezone: 'Asia/Tokyo' }, { EMAIL: mail.binding });
      expect(await subscriberRow(email)).toMatchObject({ status, frequency: 'daily', topics: '["data"]', timezone: 'Asia/Tokyo' });
      expect(mail.sent).toHaveLength(1);
    }
  });

  it('accepts the HTML form with repeated topic checkboxes and shows a check-your-inbox page', async () => {
    const mail = recordingEmail();
    const res = await postForm('/subscribe', { email: 'form@example.org', frequency: 'weekly', topics: ['data', 'norms'], timezone: 'Europe/Paris', lang: 'both', ui_lang: 'en' }, { EMAIL: mail.binding });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Check your inbox');
    expect(await subscriberRow('form@example.org')).toMatchObject({ topics: '["data","norms"]', lang: 'both', ui_lang: 'en', timezone: 'Europe/Paris' });
    expect(mail.sent).toHaveLength(1);
  });

  it('stores CJK and right-to-left topics as written (lower-cased, NFC), the report language and the interface language', async () => {
    await postJson('/subscribe', { email: 'zh@example.org', topics: ['网络主权', 'حوكمة', 'Due-Diligence', 'data', 'DATA'], lang: 'zh', ui_lang: 'zh' }, { EMAIL: recordingEmail().binding });
    expect(await subscriberRow('zh@example.org')).toMatchObject({ topics: '["网络主权","حوكمة","due-diligence","data"]', lang: 'zh', ui_lang: 'zh' });
  });

  it('normalizes the address: trimmed, domain lower-cased, an IDN domain stored in ASCII', async () => {
    await postJson('/subscribe', { email: '  Li.Wei@Example.ORG ' }, { EMAIL: recordingEmail().binding });
    expect(await subscriberRow('Li.Wei@example.org')).not.toBeNull();
    await postJson('/subscribe', { email: 'wang@例子.中国' }, { EMAIL: recordingEmail().binding });
    expect(await subscriberRow('wang@xn--fsqu00a.xn--fiqs8s')).not.toBeNull();
  });

  it('refuses a malformed address, a line break or a second address with a 400 naming email, storing and sending nothing', async () => {
    const bad = ['not-an-address', 'a@b', 'one@example.org, two@example.org', 'one@example.org;two@example.org', 'one@example.org\r\nBcc: victim@example.org', 'x@example.org\n', 'x\u0000@example.org', '<a@example.org>', 'a b@example.org', 'a@exa mple.org', 'a@-example.org', 'a@example..org', `${'l'.repeat(65)}@example.org`, `a@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.${'g'.repeat(63)}.org`, 42, null, ['a@example.org'], ''];
    for (const email of bad) {
      const mail = recordingEmail();
      const res = await postJson('/subscribe', { email }, { EMAIL: mail.binding });
      expect(res.status, JSON.stringify(email)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toContain('email');
      expect(mail.calls).toBe(0);
    }
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM subscribers').first<{ n: number }>())!.n).toBe(0);
  });

  it('names each other invalid field: frequency, topics (an emoji or markup is no topic), lang, timezone', async () => {
    const res = await postJson('/subscribe', { email: 'ok@example.org', frequency: 'hourly', topics: ['<script>', '🚀'], lang: 'not a language!', timezone: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['frequency', 'topics', 'lang', 'timezone']));
    expect(fields).not.toContain('email');
    expect(await subscriberRow('ok@example.org')).toBeNull();
  });

  it('refuses topics that are not a list of strings, and more than 20 topics', async () => {
    for (const topics of [{ a: 1 }, [1, 2], Array.from({ length: 21 }, (_, i) => `t${i}`)]) {
      const res = await postJson('/subscribe', { email: 'ok@example.org', topics });
      expect(res.status, JSON.stringify(topics)).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('topics');
    }
  });

  it('re-shows the form with the error and the reader’s input for a person, status 400', async () => {
    const res = await postForm('/subscribe', { email: 'nope', frequency: 'daily', timezone: 'UTC' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/subscribe"');
    expect(html).toContain('id="email-error"');
    expect(html).toContain('value="nope"');
    expect(html).toMatch(/value="daily" checked/);
  });

  it('refuses a body that is not JSON or a form (415), broken JSON or a JSON list (400), and over 16 KB (413)', async () => {
    expect((await withEnv({}, '/subscribe', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a@example.org' })).status).toBe(415);
    expect((await withEnv({}, '/subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' })).status).toBe(400);
    expect((await postJson('/subscribe', ['a@example.org'])).status).toBe(400);
    expect((await postJson('/subscribe', { email: 'big@example.org', lang: 'x'.repeat(20_000) })).status).toBe(413);
    expect(await subscriberRow('big@example.org')).toBeNull();
  });
});

describe('limits on confirmation emails', () => {
  it('sends at most 3 confirmation emails a day to one address, answering 202 each time', async () => {
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

  it('answers 429 with Retry-After past the per-client rate limit (keyed on the client’s IP), and stores nothing', async () => {
    const keys: string[] = [];
    const limiter = { limit: async ({ key }: { key: string }) => (keys.push(key), { success: false }) } as unknown as RateLimit;
    const mail = recordingEmail();
    const json = await postJson('/subscribe', { email: 'fast@example.org' }, { EMAIL: mail.binding, SUBSCRIBE_LIMITER: limiter }, { 'cf-connecting-ip': '203.0.113.7' });
    expect(json.status).toBe(429);
    expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(json.headers.get('retry-after')).toBe('60');
    // No client address at all: one shared key.
    const form = await withEnv({ EMAIL: mail.binding, SUBSCRIBE_LIMITER: limiter }, '/subscribe', { method: 'POST', body: new URLSearchParams({ email: 'fast@example.org' }) });
    expect(form.status).toBe(429);
    expect(form.headers.get('content-type')).toMatch(/text\/html/);
    expect(form.headers.get('retry-after')).toBe('60');
    expect(keys).toEqual(['203.0.113.7', 'unknown']);
    expect(mail.calls).toBe(0);
    expect(await subscriberRow('fast@example.org')).toBeNull();
  });

  it('answers 503 and sends nothing when SUBSCRIPTION_SECRET is unset', async () => {
    const mail = recordingEmail();
    const json = await postJson('/subscribe', { email: 'x@example.org' }, { EMAIL: mail.binding, SUBSCRIPTION_SECRET: '' });
    expect(json.status).toBe(503);
    expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const form = await postForm('/subscribe', { email: 'x@example.org' }, { EMAIL: mail.binding, SUBSCRIPTION_SECRET: '' });
    expect(form.status).toBe(503);
    expect(form.headers.get('content-type')).toMatch(/text\/html/);
    expect((await withEnv({ SUBSCRIPTION_SECRET: '' }, '/subscribe')).status).toBe(503);
    expect(mail.calls).toBe(0);
    expect(await subscriberRow('x@example.org')).toBeNull();
  });
});

describe('header injection', () => {
  it('keeps a line break in the site’s title out of the Subject header', async () => {
    const mail = recordingEmail();
    await postJson('/subscribe', { email: 'reader@example.org' }, { EMAIL: mail.binding, SITE_TITLE: 'Herald\r\nBcc: victim@example.org' });
    const sent = mail.sent[0]!;
    expect(sent.subject).not.toMatch(/[\r\n]/);
    expect(sent.subject).toBe('Confirm your subscription to Herald Bcc: victim@example.org');
    expect(Object.values(sent.headers).join('')).not.toMatch(/[\r\n]/);
  });

  it('sends from DIGEST_FROM’s address, named with the site’s short name, and sends nothing when it is not a single mailbox', async () => {
    const calls: { from: unknown }[] = [];
    const binding = { send: async (m: { from: unknown }) => (calls.push(m), { messageId: 'm1' }) } as unknown as SendEmail;
    await postJson('/subscribe', { email: 'one@example.org' }, { EMAIL: binding });
    // No SITE_SHORT_NAME: the site's title.
    expect(calls[0]!.from).toEqual({ email: 'digest@herald.example.org', name: 'Herald' });
    await postJson('/zh/subscribe', { email: 'zh@example.org' }, { EMAIL: binding, SITE_SHORT_NAME: 'CGI', SITE_SHORT_NAME_ZH: '网治院' });
    expect(calls[1]!.from).toEqual({ email: 'digest@herald.example.org', name: '网治院' });
    const res = await postJson('/subscribe', { email: 'two@example.org' }, { EMAIL: binding, DIGEST_FROM: 'Herald\r\nBcc: victim@example.org <digest@herald.example.org>' });
    expect(res.status).toBe(202);
    expect(calls).toHaveLength(2);
  });
});

describe('the forms in a browser’s eyes', () => {
  it('puts a subscribe form on the home page offering the listed reports’ topics, allowed by the page’s policy', async () => {
    await create({ topics: ['网络主权', 'data'] });
    const res = await get('/');
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/subscribe"/);
    expect(html).toContain('value="网络主权"');
    expect(html).toContain('name="timezone" value="UTC"');
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    // Only the site's own script file: still no inline script, whatever a report contains.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it('has no subscribe form on a topic’s page', async () => {
    await create({ topics: ['data'] });
    expect(await (await get('/topics/data')).text()).not.toContain('action="/subscribe"');
  });

  it('offers the topics in use on GET /subscribe, and works without a script (the zone is prefilled)', async () => {
    await create({ topics: ['حوكمة', 'due-diligence'] });
    const res = await get('/subscribe');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="حوكمة"');
    expect(html).toContain('value="due-diligence"');
    expect(html).toMatch(/name="timezone" value="UTC"[^>]*data-fill="timezone"/);
    expect(html).toContain('<script src="/assets/subscribe.js" defer="">');
  });

  it('serves the time zone script as JavaScript that may be cached', async () => {
    const res = await get('/assets/subscribe.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d{5,}/);
    expect(await res.text()).toContain('resolvedOptions().timeZone');
  });
});

describe('what sign-ups log', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never logs the address, not even inside the email service’s error text', async () => {
    const lines: string[] = [];
    for (const method of ['log', 'warn', 'error'] as const) vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
    const failures = [
      Object.assign(new Error('recipient victim.one@example.org is on the suppression list'), { code: 'E_RECIPIENT_SUPPRESSED' }),
      new Error('connection reset while sending to victim.two@example.org'),
    ];
    for (const [i, failure] of failures.entries()) {
      const mail = recordingEmail(() => ({ throw: failure }));
      expect((await postJson('/subscribe', { email: `victim.${['one', 'two'][i]}@example.org` }, { EMAIL: mail.binding })).status).toBe(202);
      expect(mail.calls).toBe(1);
    }
    const logged = lines.join('\n');
    expect(logged).toContain('confirmation-not-sent');
    expect(logged).not.toMatch(/victim\.(one|two)/);
    expect(logged).toContain('E_RECIPIENT_SUPPRESSED');
  });
});
