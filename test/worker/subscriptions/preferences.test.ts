import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { signToken, subscriberLinks } from '../../../src/subscriptions/tokens.ts';
import { create, get, withEnv } from '../support/worker.ts';
import { postForm, SECRET, subscriberRow, subscriberWithTokens } from './helpers.ts';

const EMAIL = 'reader@example.org';

describe('preferences', () => {
  it('shows the current preferences and an unsubscribe button, changing nothing', async () => {
    await create({ topics: ['data'] });
    const { manage } = await subscriberWithTokens({ frequency: 'daily', timezone: 'Asia/Shanghai' });
    await env.DB.prepare(`UPDATE subscribers SET topics = '["norms"]', lang = 'zh'`).run();
    const before = await subscriberRow(EMAIL);
    const res = await get(`/preferences?token=${manage}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(EMAIL);
    expect(html).toMatch(/value="daily" checked/);
    expect(html).toMatch(/value="norms" checked/);
    expect(html).toContain('value="data"');
    expect(html).toMatch(/<select name="lang"[^>]*>.*<option value="zh" selected="">Chinese<\/option>.*<\/select>/s);
    expect(html).toMatch(/<select name="ui_lang"[^>]*>.*<option value="en" lang="en" selected="">English<\/option>.*<\/select>/s);
    expect(html).toContain('name="timezone" value="Asia/Shanghai"');
    expect(html).toMatch(/<form method="post" action="\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(await subscriberRow(EMAIL)).toEqual(before);
  });

  it('saves frequency, topics, language and time zone, and says so', async () => {
    const { manage } = await subscriberWithTokens();
    const res = await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'Asia/Shanghai', topics: ['网络主权', 'حوكمة'], lang: 'zh' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your preferences are saved.');
    expect(await subscriberRow(EMAIL)).toMatchObject({ frequency: 'daily', timezone: 'Asia/Shanghai', topics: '["网络主权","حوكمة"]', lang: 'zh', status: 'active' });
  });

  it('reads a form with no topic ticked and an empty language (as an old page sent it) as all topics and both languages', async () => {
    const { manage } = await subscriberWithTokens();
    await env.DB.prepare(`UPDATE subscribers SET topics = '["norms"]', lang = 'zh'`).run();
    await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', lang: '' });
    expect(await subscriberRow(EMAIL)).toMatchObject({ topics: '[]', lang: 'both' });
  });

  it('moves the next digest when the frequency or the time zone changes, and only then', async () => {
    const { manage } = await subscriberWithTokens({ frequency: 'weekly', timezone: 'UTC', nextDueAt: 1_000_000 });
    await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', topics: ['data'], lang: 'en' });
    expect((await subscriberRow(EMAIL))!.next_due_at).toBe(1_000_000);
    await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'Asia/Tokyo' });
    const tokyo = (await subscriberRow(EMAIL))!.next_due_at as number;
    expect(tokyo).toBeGreaterThan(Date.now());
    // 07:00 in Tokyo is 22:00 UTC.
    expect(new Date(tokyo).getUTCHours()).toBe(22);
    await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'Asia/Tokyo' });
    const daily = (await subscriberRow(EMAIL))!.next_due_at as number;
    expect(daily).toBeLessThanOrEqual(tokyo);
    expect(daily - Date.now()).toBeLessThanOrEqual(86_400_000);
    await postForm(`/preferences?token=${manage}`, { frequency: 'instant', timezone: 'Asia/Tokyo' });
    expect((await subscriberRow(EMAIL))!.next_due_at).toBeNull();
  });

  it('re-shows the form with the error for any invalid field (400) and saves nothing', async () => {
    const { manage } = await subscriberWithTokens();
    const before = await subscriberRow(EMAIL);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ frequency: 'hourly', timezone: 'UTC' }, 'frequency'],
      [{ frequency: 'daily', timezone: 'Nowhere/Land' }, 'timezone'],
      [{ frequency: 'daily', timezone: 'UTC', topics: ['🚀'] }, 'topics'],
      [{ frequency: 'daily', timezone: 'UTC', topics: ['ok', '<script>alert(1)</script>'] }, 'topics'],
      [{ frequency: 'daily', timezone: 'UTC', lang: '!!' }, 'lang'],
      [{ frequency: 'daily', timezone: 'UTC', lang: 'zh-Hans' }, 'lang'],
      [{ frequency: 'daily', timezone: 'UTC', ui_lang: 'fr' }, 'ui_lang'],
    ];
    for (const [fields, field] of cases) {
      const res = await postForm(`/preferences?token=${manage}`, fields);
      expect(res.status, field).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="${field}-error"`);
      expect(html).not.toContain('<script>alert(1)');
      expect(await subscriberRow(EMAIL)).toEqual(before);
    }
  });

  it('refuses a body over 16 KB with 413, saving nothing', async () => {
    const { manage } = await subscriberWithTokens();
    const before = await subscriberRow(EMAIL);
    expect((await postForm(`/preferences?token=${manage}`, { frequency: 'daily', lang: 'x'.repeat(20_000) })).status).toBe(413);
    expect(await subscriberRow(EMAIL)).toEqual(before);
  });

  it('tells an unsubscribed reader they get no emails and offers to subscribe again instead of unsubscribing', async () => {
    const { manage } = await subscriberWithTokens({ status: 'unsubscribed' });
    const html = await (await get(`/preferences?token=${manage}`)).text();
    expect(html).toContain('This address is unsubscribed');
    expect(html).toContain('href="/subscribe"');
    expect(html).not.toContain('action="/unsubscribe');
  });

  it('does not take an unsubscribe or a confirm token, nor a forged one', async () => {
    const { id, unsubscribe, confirm } = await subscriberWithTokens();
    const before = await subscriberRow(EMAIL);
    for (const token of [unsubscribe, confirm, await signToken('another-secret', 'manage', id, 0), 'x.y']) {
      expect((await get(`/preferences?token=${token}`)).status).toBe(400);
      expect((await postForm(`/preferences?token=${token}`, { frequency: 'daily', timezone: 'UTC' })).status).toBe(400);
    }
    expect((await get('/preferences')).status).toBe(400);
    expect(await subscriberRow(EMAIL)).toEqual(before);
  });

  it('answers 404 for the link of an erased subscriber', async () => {
    const links = await subscriberLinks('https://herald.example.org', SECRET, 4242);
    const path = links.preferences.replace('https://herald.example.org', '');
    expect((await get(path)).status).toBe(404);
    expect((await postForm(path, { frequency: 'daily' })).status).toBe(404);
  });
});

describe('unsubscribing', () => {
  function oneClick(token: string, init: RequestInit = {}) {
    return exports.default.fetch(`http://example.test/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      ...init,
    });
  }

  it('shows a button on GET and changes nothing', async () => {
    const { unsubscribe } = await subscriberWithTokens();
    const before = await subscriberRow(EMAIL);
    const res = await get(`/unsubscribe?token=${unsubscribe}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Stop all emails to ${EMAIL}?`);
    expect(html).toMatch(/<form method="post" action="\/unsubscribe\?token=/);
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await subscriberRow(EMAIL)).toEqual(before);
  });

  it('unsubscribes at once on the RFC 8058 one-click POST, with no cookie or login, and answers a page', async () => {
    const { unsubscribe } = await subscriberWithTokens();
    const res = await oneClick(unsubscribe);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('set-cookie')).toBeNull();
    const row = (await subscriberRow(EMAIL))!;
    expect(row.status).toBe('unsubscribed');
    expect(row.unsubscribed_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('works with the link from subscriberLinks, as every email carries it', async () => {
    const { id } = await subscriberWithTokens();
    const links = await subscriberLinks('https://herald.example.org', SECRET, id);
    expect(links.unsubscribe).toMatch(/^https:\/\/herald\.example\.org\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(links.preferences).toMatch(/^https:\/\/herald\.example\.org\/preferences\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect((await exports.default.fetch(links.unsubscribe.replace('https://herald.example.org', 'http://example.test'), { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) })).status).toBe(200);
    expect((await subscriberRow(EMAIL))!.status).toBe('unsubscribed');
  });

  it('is harmless the second time: same page, the first time kept', async () => {
    const { unsubscribe } = await subscriberWithTokens();
    await oneClick(unsubscribe);
    const first = (await subscriberRow(EMAIL))!.unsubscribed_at;
    expect((await oneClick(unsubscribe)).status).toBe(200);
    expect((await subscriberRow(EMAIL))!.unsubscribed_at).toBe(first);
  });

  it('keeps a suppressed address suppressed', async () => {
    const { unsubscribe } = await subscriberWithTokens({ status: 'suppressed' });
    expect((await oneClick(unsubscribe)).status).toBe(200);
    expect((await subscriberRow(EMAIL))!.status).toBe('suppressed');
  });

  it('does not take a manage or confirm token, and answers 404 for an erased subscriber', async () => {
    const { manage, confirm } = await subscriberWithTokens();
    expect((await oneClick(manage)).status).toBe(400);
    expect((await oneClick(confirm)).status).toBe(400);
    expect((await oneClick('')).status).toBe(400);
    expect((await subscriberRow(EMAIL))!.status).toBe('active');
    expect((await oneClick(await signToken(SECRET, 'unsubscribe', 4242, 0))).status).toBe(404);
  });

  it('answers 503 and changes nothing when SUBSCRIPTION_SECRET is unset', async () => {
    const { unsubscribe, manage } = await subscriberWithTokens();
    const res = await withEnv({ SUBSCRIPTION_SECRET: '' }, `/unsubscribe?token=${unsubscribe}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect((await withEnv({ SUBSCRIPTION_SECRET: '' }, `/preferences?token=${manage}`)).status).toBe(503);
    expect((await subscriberRow(EMAIL))!.status).toBe('active');
  });
});

describe('links fetched by mail scanners', () => {
  it('change nothing: no GET of any subscription page alters a subscriber', async () => {
    for (const status of ['pending', 'active', 'unsubscribed'] as const) {
      const email = `${status}@example.org`;
      const tokens = await subscriberWithTokens({ email, status });
      const before = await subscriberRow(email);
      for (const path of [`/confirm?token=${tokens.confirm}`, `/preferences?token=${tokens.manage}`, `/unsubscribe?token=${tokens.unsubscribe}`, '/subscribe', `/subscribe?email=${email}`]) {
        for (const method of ['GET', 'HEAD']) {
          const res = await exports.default.fetch(`http://example.test${path}`, { method });
          expect(res.status, `${method} ${path}`).toBe(200);
        }
      }
      expect(await subscriberRow(email), status).toEqual(before);
    }
  });
});
