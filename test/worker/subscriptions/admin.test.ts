import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv } from '../../../src/subscriptions/csv.ts';
import { addSubscriber } from '../digests/helpers.ts';
import { api, create } from '../support/worker.ts';
import { TOKEN } from '../support/site.ts';

function importCsv(csv: string) {
  return exports.default.fetch('http://example.test/api/subscribers/import', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: csv });
}

describe('the subscriber admin API', () => {
  it('needs the admin token', async () => {
    expect((await api('GET', '/subscribers', undefined, null)).status).toBe(401);
  });

  it('lists subscribers, pages and filters by status, and shows no token material', async () => {
    await addSubscriber({ email: 'a@example.org' });
    await addSubscriber({ email: 'b@example.org', status: 'unsubscribed' });
    await addSubscriber({ email: 'c@example.org' });
    const first = (await (await api('GET', '/subscribers?limit=2')).json()) as { subscribers: { email: string }[]; next_after: number };
    expect(first.subscribers.map((s) => s.email)).toEqual(['a@example.org', 'b@example.org']);
    const second = (await (await api('GET', `/subscribers?limit=2&after=${first.next_after}`)).json()) as { subscribers: { email: string }[]; next_after: number | null };
    expect(second.subscribers.map((s) => s.email)).toEqual(['c@example.org']);
    expect(second.next_after).toBeNull();
    const unsubscribed = (await (await api('GET', '/subscribers?status=unsubscribed')).json()) as { subscribers: { email: string }[] };
    expect(unsubscribed.subscribers.map((s) => s.email)).toEqual(['b@example.org']);
    expect(JSON.stringify(first)).not.toMatch(/token|claim/);
    expect((await api('GET', '/subscribers?status=everyone')).status).toBe(400);
  });

  it('exports CSV with formula cells defused', async () => {
    await addSubscriber({ email: 'x@example.org', topics: ['data', 'norms'] });
    await env.DB.prepare("UPDATE subscribers SET timezone = '=HYPERLINK(\"evil\")'").run();
    const res = await api('GET', '/subscribers?format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('email,status,frequency,topics,lang,timezone,created_at,confirmed_at,last_delivery,ui_lang,query');
    expect(lines[1]).toContain('x@example.org,active,daily,data norms,both,"\'=HYPERLINK(""evil"")"');
    expect(lines[1]).toMatch(/,en,$/);
  });

  it('imports valid rows as active from now, keeps existing addresses, and reports bad rows by line', async () => {
    await create({ title: 'Before the import' });
    await addSubscriber({ email: 'exists@example.org', frequency: 'weekly' });
    const csv = ['email,frequency,topics,lang,timezone', 'new@example.org,daily,data;norms,zh,Asia/Shanghai', '"quoted, name"@example.org,weekly,,,', 'exists@example.org,instant,,,', 'bad-address,daily,,,', 'ok2@example.org,hourly,,,Mars/Base', '"multi', 'line"@example.org,daily,,,'].join('\r\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { imported: number; skipped: number; errors: { line: number; field: string }[] };
    expect(body.imported).toBe(1);
    expect(body.skipped).toBe(1);
    expect(body.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [5, 'email'],
      [6, 'frequency'],
      [6, 'timezone'],
      [7, 'email'],
    ]);
    const row = await env.DB.prepare("SELECT * FROM subscribers WHERE email = 'new@example.org'").first<Record<string, unknown>>();
    expect(row).toMatchObject({ status: 'active', frequency: 'daily', topics: '["data","norms"]', lang: 'zh', timezone: 'Asia/Shanghai', last_seq: 1 });
    expect((await env.DB.prepare("SELECT frequency FROM subscribers WHERE email = 'exists@example.org'").first<{ frequency: string }>())!.frequency).toBe('weekly');
  });

  it('imports the file its CSV export wrote: a round trip with 0 errors, the formula guard undone', async () => {
    // Addresses a spreadsheet would take for formulas, and ones that already start with a quote mark.
    await addSubscriber({ email: '-dash@example.org', frequency: 'weekly', topics: ['data', 'norms'], lang: 'zh', uiLang: 'zh', timeZone: 'Asia/Shanghai' });
    await addSubscriber({ email: '+plus@example.org', frequency: 'instant' });
    await addSubscriber({ email: '=sum@example.org', topics: ['网络主权', 'حوكمة'] });
    await addSubscriber({ email: "'=quoted@example.org" });
    await addSubscriber({ email: "'plain@example.org", lang: 'en', uiLang: 'zh' });
    await addSubscriber({ email: 'left@example.org', status: 'unsubscribed' });
    await addSubscriber({ email: 'bounced@example.org', status: 'suppressed' });
    await addSubscriber({ email: 'never@example.org', status: 'pending' });
    const csv = await (await api('GET', '/subscribers?format=csv')).text();
    expect(csv).toContain("\r\n'-dash@example.org,");
    const rows = async () => (await env.DB.prepare("SELECT email, status, frequency, topics, lang, ui_lang, timezone FROM subscribers WHERE status != 'pending' ORDER BY email").all()).results;
    const before = await rows();
    await env.DB.prepare('DELETE FROM subscribers').run();
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    // The pending address never confirmed: there is no consent to carry over.
    expect(await res.json()).toEqual({ imported: 7, skipped: 1, errors: [] });
    expect(await rows()).toEqual(before);
    expect(await env.DB.prepare("SELECT * FROM subscribers WHERE email = 'never@example.org'").first()).toBeNull();
    // A leading quote mark that was there before the guard is guarded too, so undoing the guard keeps it.
    expect(csv).toContain("\r\n''=quoted@example.org,");
    // Into a database that has them all, the same file changes nothing.
    expect(await (await importCsv(csv)).json()).toEqual({ imported: 0, skipped: 8, errors: [] });
    expect(await rows()).toEqual(before);
  });

  it('reads an export from before subscribers chose en, zh or both as migration 0008 read the stored languages', async () => {
    const csv = ['email,lang', 'a@example.org,', 'b@example.org,zh-Hans', 'c@example.org,en-GB', 'd@example.org,fr', 'e@example.org,zh', 'f@example.org,both'].join('\n');
    expect(await (await importCsv(csv)).json()).toEqual({ imported: 6, skipped: 0, errors: [] });
    const { results } = await env.DB.prepare('SELECT email, lang, ui_lang FROM subscribers ORDER BY email').all();
    expect(results).toEqual([
      { email: 'a@example.org', lang: 'both', ui_lang: 'en' },
      { email: 'b@example.org', lang: 'zh', ui_lang: 'zh' },
      { email: 'c@example.org', lang: 'en', ui_lang: 'en' },
      { email: 'd@example.org', lang: 'both', ui_lang: 'en' },
      { email: 'e@example.org', lang: 'zh', ui_lang: 'zh' },
      { email: 'f@example.org', lang: 'both', ui_lang: 'en' },
    ]);
    const bad = (await (await importCsv('email,lang,ui_lang\ng@example.org,!!,en\nh@example.org,en,fr')).json()) as { imported: number; errors: { line: number; field: string; message: string }[] };
    expect(bad.imported).toBe(0);
    expect(bad.errors).toEqual([
      { line: 2, field: 'lang', message: 'must be one of en, zh, both' },
      { line: 3, field: 'ui_lang', message: 'must be one of en, zh' },
    ]);
  });

  it('still refuses a column that neither the import nor the export knows, and a status that is not one', async () => {
    const unknown = await importCsv('email,frequncy\nx@example.org,daily');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['frequncy']);
    const body = (await (await importCsv('email,status\nx@example.org,deleted\ny@example.org,')).json()) as { imported: number; errors: { line: number; field: string }[] };
    expect(body.errors.map((e) => [e.line, e.field])).toEqual([[2, 'status']]);
    expect(body.imported).toBe(1);
  });

  it('refuses an import without an email column, or not as CSV', async () => {
    expect((await importCsv('name\nx')).status).toBe(400);
    expect((await api('POST', '/subscribers/import', { email: 'x@example.org' })).status).toBe(415);
  });

  it('erases a subscriber and every ledger row that names them', async () => {
    const id = await addSubscriber({ email: 'gone@example.org' });
    await env.DB.prepare("INSERT INTO sends (subscriber_id, run_id, edition, from_seq, to_seq, status, created_at, updated_at) VALUES (?1, 1, 'run:1', 0, 1, 'sent', 0, 0)").bind(id).run();
    expect((await api('DELETE', '/subscribers/gone@example.org')).status).toBe(204);
    expect(await env.DB.prepare("SELECT * FROM subscribers WHERE email = 'gone@example.org'").first()).toBeNull();
    expect(await env.DB.prepare('SELECT * FROM sends WHERE subscriber_id = ?1').bind(id).first()).toBeNull();
    expect((await api('DELETE', '/subscribers/gone@example.org')).status).toBe(404);
  });
});

describe('the subscriber admin API, in detail', () => {
  it('shows each subscriber without token or counter columns, and refuses bad paging', async () => {
    await addSubscriber({ email: 'a@example.org', topics: ['网络主权'], lang: 'zh', timeZone: 'Asia/Shanghai' });
    const body = (await (await api('GET', '/subscribers')).json()) as { subscribers: Record<string, unknown>[] };
    expect(Object.keys(body.subscribers[0]!).sort()).toEqual(['confirmed_at', 'created_at', 'delivery', 'email', 'frequency', 'lang', 'next_digest_at', 'query', 'status', 'timezone', 'topics', 'ui_lang', 'unsubscribed_at']);
    expect(body.subscribers[0]).toMatchObject({ email: 'a@example.org', topics: ['网络主权'], lang: 'zh', ui_lang: 'en', timezone: 'Asia/Shanghai', confirmed_at: '2026-01-01T00:00:00.000Z' });
    for (const query of ['limit=0', 'limit=abc', 'limit=100001', 'after=-1', 'after=x', 'format=xml']) {
      const res = await api('GET', `/subscribers?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('exports CSV filtered by status, defusing every formula prefix, with a link to the next page', async () => {
    for (const email of ['=1+2@example.org', '+x@example.org', '-y@example.org', 'plain@example.org']) await addSubscriber({ email });
    await addSubscriber({ email: 'gone@example.org', status: 'unsubscribed' });
    await env.DB.prepare("UPDATE subscribers SET timezone = '@SUM(A1)' WHERE email = 'plain@example.org'").run();
    const res = await api('GET', '/subscribers?format=csv&status=active&limit=3');
    const rows = (await res.text()).trim().split('\r\n').map((line) => line.split(',')[0]);
    expect(rows).toEqual(['email', "'=1+2@example.org", "'+x@example.org", "'-y@example.org"]);
    expect(res.headers.get('link')).toMatch(/^<\/api\/subscribers\?format=csv&limit=3&after=\d+&status=active>; rel="next"$/);
    const next = await api('GET', res.headers.get('link')!.slice(5, res.headers.get('link')!.indexOf('>')));
    const last = (await next.text()).trim().split('\r\n');
    expect(last).toHaveLength(2);
    expect(last[1]).toMatch(/^plain@example\.org,active,daily,,both,'@SUM\(A1\),/);
    expect(next.headers.get('link')).toBeNull();
  });

  it('imports with the activation rule: due times from each row’s frequency and zone, none for instant', async () => {
    await create({ title: 'Older report' });
    await create({ title: 'Another older report' });
    const csv = '\uFEFFEmail,Frequency,Timezone,Topics\nweekly@example.org,weekly,Asia/Tokyo,data norms\ninstant@example.org,instant,,\nsame@example.org,,,\nSAME@Example.org,daily,,\nsame@example.org,daily,,\n';
    const body = (await (await importCsv(csv)).json()) as { imported: number; skipped: number; errors: unknown[] };
    expect(body).toEqual({ imported: 4, skipped: 1, errors: [] });
    const weekly = (await env.DB.prepare("SELECT * FROM subscribers WHERE email = 'weekly@example.org'").first<Record<string, any>>())!;
    expect(weekly).toMatchObject({ status: 'active', topics: '["data","norms"]', last_seq: 2 });
    expect(weekly.confirmed_at).toBeGreaterThan(Date.now() - 60_000);
    expect(weekly.next_due_at).toBeGreaterThan(Date.now());
    expect(new Date(weekly.next_due_at).getUTCHours()).toBe(22);
    expect(await env.DB.prepare("SELECT status, next_due_at, timezone FROM subscribers WHERE email = 'instant@example.org'").first()).toEqual({ status: 'active', next_due_at: null, timezone: 'UTC' });
    // A local part keeps its case, so SAME@… is another address; the second same@… is skipped.
    expect((await env.DB.prepare("SELECT frequency FROM subscribers WHERE email = 'same@example.org'").first<{ frequency: string }>())!.frequency).toBe('weekly');
  });

  it('refuses an import with an unknown column, broken UTF-8, or over 1 MiB, importing nothing', async () => {
    expect((await importCsv('email,password\na@example.org,x')).status).toBe(400);
    const broken = await exports.default.fetch('http://example.test/api/subscribers/import', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xff, 0xfe]) });
    expect(broken.status).toBe(400);
    const big = `email\n${'a@example.org\n'.repeat(90_000)}`;
    expect((await importCsv(big)).status).toBe(413);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM subscribers').first<{ n: number }>())!.n).toBe(0);
  });

  it('erases by an address written any way it normalizes to, and 404s an address that is no address', async () => {
    await addSubscriber({ email: 'wang@xn--fsqu00a.xn--fiqs8s' });
    expect((await api('DELETE', `/subscribers/${encodeURIComponent(' wang@例子.中国 ')}`)).status).toBe(204);
    expect((await api('DELETE', '/subscribers/not-an-address')).status).toBe(404);
  });
});

describe('CSV', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, CRLF or LF, keeping each row’s first line', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\n,\nlast,"",');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 7, cells: ['last', '', ''] },
    ]);
  });

  it('writes cells that spreadsheets read back as text, never as formulas', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', 'a,b', 'say "hi"', 'two\nlines', '网络主权', null, 5].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@x",
      "'\tx",
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '网络主权',
      '',
      '5',
    ]);
    expect(parseCsv(['"a,b"', '"say ""hi"""', '"two\nlines"'].join(','))[0]!.cells).toEqual(['a,b', 'say "hi"', 'two\nlines']);
  });
});
