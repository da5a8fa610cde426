import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordingEmail } from '../digests/helpers.ts';
import { addSubscriber } from '../digests/helpers.ts';
import { TOKEN } from '../support/site.ts';
import { api, get } from '../support/worker.ts';
import { postForm, postJson, subscriberRow, subscriberWithTokens, tokenOf } from './helpers.ts';

/** The text a person sees in an HTML part. */
const visible = (html: string) => html.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The value the query field of a page holds, as a browser would read it. */
const queryValue = (html: string) => /<input type="search" name="query" value="([^"]*)"/.exec(html)?.[1];

describe('following a search by email: signing up', () => {
  it('takes a query with the sign-up, stores it with whitespace collapsed, and lists it in the confirmation email', async () => {
    const mail = recordingEmail();
    const res = await postJson('/subscribe', { email: 'follow@example.org', frequency: 'daily', query: '  Due   diligence\tAALCO ' }, { EMAIL: mail.binding });
    expect(res.status).toBe(202);
    expect(await subscriberRow('follow@example.org')).toMatchObject({ status: 'pending', query: 'Due diligence AALCO' });
    const sent = mail.sent[0]!;
    expect(sent.text).toContain('Only reports matching: “Due diligence AALCO”');
    expect(visible(sent.html)).toContain('“Due diligence AALCO”');
  });

  it('lists a Chinese query in a Chinese confirmation email, and stores none for an empty or absent query', async () => {
    const mail = recordingEmail();
    await postJson('/zh/subscribe', { email: 'zh-follow@example.org', query: '网络主权' }, { EMAIL: mail.binding });
    expect(mail.sent[0]!.text).toContain('只接收匹配：“网络主权”');
    await postJson('/subscribe', { email: 'empty@example.org', query: '   ' }, { EMAIL: mail.binding });
    await postJson('/subscribe', { email: 'none@example.org', query: null }, { EMAIL: mail.binding });
    await postJson('/subscribe', { email: 'absent@example.org' }, { EMAIL: mail.binding });
    for (const email of ['empty@example.org', 'none@example.org', 'absent@example.org']) expect((await subscriberRow(email))!.query).toBeNull();
    // No query, no line about one.
    expect(mail.sent[1]!.text).not.toContain('Only reports matching');
  });

  it('refuses a query the search would refuse with a 400 naming query, storing and sending nothing', async () => {
    const cases: unknown[] = ['x'.repeat(201), 'AALCO\u0007', '*^-:()', '""', 42, ['AALCO'], { q: 'AALCO' }];
    for (const query of cases) {
      const mail = recordingEmail();
      const res = await postJson('/subscribe', { email: 'bad@example.org', query }, { EMAIL: mail.binding });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toEqual(['query']);
      expect(mail.calls).toBe(0);
    }
    expect(await subscriberRow('bad@example.org')).toBeNull();
  });

  it('takes 200 characters, FTS syntax as plain words (no 500), and a line break as a space', async () => {
    const mail = recordingEmail();
    expect((await postJson('/subscribe', { email: 'long@example.org', query: '治'.repeat(200) }, { EMAIL: mail.binding })).status).toBe(202);
    expect((await postJson('/subscribe', { email: 'fts@example.org', query: 'NEAR(AALCO title:"cyber* ^sovereignty -OR' }, { EMAIL: mail.binding })).status).toBe(202);
    expect((await subscriberRow('fts@example.org'))!.query).toBe('NEAR(AALCO title:"cyber* ^sovereignty -OR');
    // A line break is whitespace, as in the search box.
    await postJson('/subscribe', { email: 'lines@example.org', query: 'line\r\nbreak' }, { EMAIL: mail.binding });
    expect((await subscriberRow('lines@example.org'))!.query).toBe('line break');
  });

  it('re-shows the HTML form with the error at the query field and the reader’s words, escaped (400)', async () => {
    const res = await postForm('/subscribe', { email: 'form@example.org', frequency: 'weekly', timezone: 'UTC', query: `<script>alert(1)</script>${'x'.repeat(200)}` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="query-error"');
    expect(html).toContain('Enter words to follow');
    expect(html).toMatch(/name="query" value="&lt;script&gt;alert\(1\)&lt;\/script&gt;x+"/);
    expect(html).not.toContain('<script>alert(1)');
    expect(await subscriberRow('form@example.org')).toBeNull();
  });

  it('prefills the query from /subscribe?query= and says plainly only matching reports will come, in both languages', async () => {
    const en = await get(`/subscribe?query=${encodeURIComponent('Due diligence')}`);
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(queryValue(html)).toBe('Due diligence');
    expect(visible(html)).toContain('You are following the search “Due diligence”: you will get only the reports that match it');
    const zh = await (await get(`/zh/subscribe?query=${encodeURIComponent('网络主权')}`)).text();
    expect(queryValue(zh)).toBe('网络主权');
    expect(visible(zh)).toContain('您正在关注检索“网络主权”');
    // A plain /subscribe says nothing of a search and leaves the field empty.
    const plain = await (await get('/subscribe')).text();
    expect(queryValue(plain)).toBe('');
    expect(plain).not.toContain('You are following');
  });

  it('shows a query the search would refuse at its field (400) instead of announcing it', async () => {
    const res = await get(`/subscribe?query=${'x'.repeat(201)}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="query-error"');
    expect(html).not.toContain('You are following');
    expect((await get('/subscribe?query=%3Cb%3E%22x')).status).toBe(200);
  });

  it('lists the query in the welcome email and on the confirmed page', async () => {
    const mail = recordingEmail();
    await postJson('/subscribe', { email: 'welcome-q@example.org', frequency: 'instant', query: 'AALCO' }, { EMAIL: mail.binding });
    const link = /https:\/\/herald\.example\.org\/confirm\?token=[A-Za-z0-9_.-]+/.exec(mail.sent[0]!.text)![0];
    const page = await get(link.replace('https://herald.example.org', ''));
    expect(visible(await page.text())).toContain('Only reports matching “AALCO”');
    const welcome = recordingEmail();
    const confirmed = await postForm('/confirm', { token: tokenOf(link.replace('https://herald.example.org', '')) }, { EMAIL: welcome.binding });
    expect(visible(await confirmed.text())).toContain('Only reports matching “AALCO”');
    expect(welcome.sent[0]!.text).toContain('Only reports matching: “AALCO”');
  });
});

describe('following a search by email: preferences', () => {
  const EMAIL = 'reader@example.org';

  it('shows the followed search among the choices and in its field', async () => {
    const { manage } = await subscriberWithTokens();
    await env.DB.prepare("UPDATE subscribers SET query = '网络主权 AALCO'").run();
    const html = await (await get(`/preferences?token=${manage}`)).text();
    expect(queryValue(html)).toBe('网络主权 AALCO');
    expect(visible(html)).toContain('Only reports matching “网络主权 AALCO”');
  });

  it('changes the query, and clears it when the field is left empty, keeping the digest due when it was', async () => {
    const { manage } = await subscriberWithTokens({ nextDueAt: 1_000_000 });
    const saved = await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', query: 'Wuzhen' });
    expect(saved.status).toBe(200);
    expect(queryValue(await saved.text())).toBe('Wuzhen');
    expect(await subscriberRow(EMAIL)).toMatchObject({ query: 'Wuzhen', next_due_at: 1_000_000 });
    await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', query: '' });
    expect((await subscriberRow(EMAIL))!.query).toBeNull();
  });

  it('keeps the query when a form without the field is posted (an older page)', async () => {
    const { manage } = await subscriberWithTokens();
    await env.DB.prepare("UPDATE subscribers SET query = 'AALCO'").run();
    await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'UTC' });
    expect(await subscriberRow(EMAIL)).toMatchObject({ query: 'AALCO', frequency: 'daily' });
  });

  it('re-shows the form with the error at the query field (400) and saves nothing', async () => {
    const { manage } = await subscriberWithTokens();
    await env.DB.prepare("UPDATE subscribers SET query = 'AALCO'").run();
    const before = await subscriberRow(EMAIL);
    for (const query of ['x'.repeat(201), 'a\u0000b', '***']) {
      const res = await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'UTC', query });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('id="query-error"');
      expect(await subscriberRow(EMAIL)).toEqual(before);
    }
    const zh = await env.DB.prepare("UPDATE subscribers SET ui_lang = 'zh'").run();
    expect(zh.success).toBe(true);
    const chinese = await (await postForm(`/zh/preferences?token=${manage}`, { frequency: 'daily', timezone: 'UTC', query: '***' })).text();
    expect(chinese).toContain('请输入要关注的检索词');
  });
});

describe('following a search by email: the subscriber API', () => {
  const importCsv = (csv: string) => exports.default.fetch('http://example.test/api/subscribers/import', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: csv });

  it('lists the query, exports it as the last CSV column and imports it back unchanged', async () => {
    await addSubscriber({ email: 'a@example.org', query: '"due diligence" AALCO' });
    await addSubscriber({ email: 'b@example.org', query: '-网络主权, =SUM(1)' });
    await addSubscriber({ email: 'c@example.org' });
    const json = (await (await api('GET', '/subscribers')).json()) as { subscribers: { email: string; query: string | null }[] };
    expect(json.subscribers.map((s) => [s.email, s.query])).toEqual([
      ['a@example.org', '"due diligence" AALCO'],
      ['b@example.org', '-网络主权, =SUM(1)'],
      ['c@example.org', null],
    ]);
    const csv = await (await api('GET', '/subscribers?format=csv')).text();
    expect(csv.split('\r\n')[0]).toMatch(/,query$/);
    // The formula guard defuses a query a spreadsheet would run.
    expect(csv).toContain(`"'-网络主权, =SUM(1)"`);
    const rows = async () => (await env.DB.prepare('SELECT email, query FROM subscribers ORDER BY email').all()).results;
    const before = await rows();
    await env.DB.prepare('DELETE FROM subscribers').run();
    expect(await (await importCsv(csv)).json()).toEqual({ imported: 3, skipped: 0, errors: [] });
    expect(await rows()).toEqual(before);
  });

  it('reports an imported query the search would refuse by line and field', async () => {
    const body = (await (await importCsv(`email,query\nok@example.org,AALCO\nbad@example.org,${'x'.repeat(201)}\nstars@example.org,***`)).json()) as { imported: number; errors: { line: number; field: string }[] };
    expect(body.imported).toBe(1);
    expect(body.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'query'],
      [4, 'query'],
    ]);
  });
});
