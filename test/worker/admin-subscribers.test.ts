import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addSubscriber } from './digest-helpers.ts';
import { api, create, TOKEN } from './helpers.ts';

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
    expect(lines[0]).toBe('email,status,frequency,topics,lang,timezone,created_at,confirmed_at');
    expect(lines[1]).toContain('x@example.org,active,daily,data norms,,"\'=HYPERLINK(""evil"")"');
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
