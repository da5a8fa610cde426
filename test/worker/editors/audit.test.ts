import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { OWNER } from '../../../src/common/actor.ts';
import { recordAction } from '../../../src/editors/index.ts';
import { addSubscriber } from '../digests/helpers.ts';
import { makeReport } from '../support/builders.ts';
import { api, create } from '../support/worker.ts';
import { makeToken, problem } from './helpers.ts';

interface Entry {
  id: number;
  at: string;
  actor: { kind: string; name: string; id: string | null };
  action: string;
  target: { kind: string; id: string } | null;
  detail: Record<string, unknown> | null;
}

async function audit(query = '', token?: string): Promise<{ entries: Entry[]; next_before: number | null }> {
  const res = await api('GET', `/audit${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.json();
}

const brief = (e: Entry) => [e.actor.name, e.action, e.target?.kind, e.target?.id];

describe('the audit log', () => {
  it('records a report created, replaced, created by PUT and deleted, newest first, by the owner', async () => {
    const made = await create({ title: 'Forum on Data Flows', slug: 'data-flows' });
    expect((await api('PUT', '/reports/data-flows', makeReport({ title: 'Forum on Data Flows (updated)', slug: 'data-flows' }))).status).toBe(200);
    expect((await api('PUT', '/reports/put-made', makeReport({ slug: 'put-made' }))).status).toBe(201);
    expect((await api('DELETE', '/reports/data-flows')).status).toBe(204);
    const { entries } = await audit();
    expect(entries.map(brief)).toEqual([
      ['owner', 'report.delete', 'report', 'data-flows'],
      ['owner', 'report.create', 'report', 'put-made'],
      ['owner', 'report.update', 'report', 'data-flows'],
      ['owner', 'report.create', 'report', made.slug],
    ]);
    expect(entries[0]!.actor).toEqual({ kind: 'owner', name: 'owner', id: null });
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('names the token that erased a subscriber, and the address erased', async () => {
    await addSubscriber({ email: 'gone@example.org' });
    const eraser = await makeToken(['subscribers:write'], { name: 'privacy desk' });
    expect((await api('DELETE', '/subscribers/gone@example.org', undefined, eraser.token)).status).toBe(204);
    const [entry] = (await audit()).entries;
    expect(entry).toMatchObject({ actor: { kind: 'token', name: 'privacy desk', id: eraser.id }, action: 'subscriber.erase', target: { kind: 'subscriber', id: 'gone@example.org' } });
  });

  it('records a token made and revoked, without its secret', async () => {
    const made = await makeToken(['digests:run'], { name: 'nightly digest' });
    await api('DELETE', `/tokens/${made.id}`);
    const { entries } = await audit();
    expect(entries.map(brief)).toEqual([
      ['owner', 'token.revoke', 'token', made.id],
      ['owner', 'token.create', 'token', made.id],
    ]);
    expect(entries[1]!.detail).toEqual({ name: 'nightly digest', scopes: ['digests:run'], expires_at: null });
    const raw = JSON.stringify(await env.DB.prepare('SELECT * FROM audit_log').all());
    expect(raw).not.toContain(made.token);
  });

  it("keeps a channel's credentials out of the log", async () => {
    const url = 'https://hooks.slack.com/services/T0/B0/SECRETPART';
    expect((await api('PUT', '/channels/newsroom', { type: 'slack', url })).status).toBe(201);
    const [entry] = (await audit()).entries;
    expect(entry).toMatchObject({ action: 'channel.create', target: { kind: 'channel', id: 'newsroom' }, detail: { type: 'slack', enabled: true } });
    expect(JSON.stringify(await env.DB.prepare('SELECT * FROM audit_log').all())).not.toContain('SECRETPART');
  });

  it('records nothing for a refused or failed request, nor for a read', async () => {
    const reader = await makeToken(['reports:read']);
    await env.DB.prepare('DELETE FROM audit_log').run();
    expect((await api('POST', '/reports', { title: '' })).status).toBe(400);
    expect((await api('DELETE', '/reports/no-such-report')).status).toBe(404);
    expect((await api('POST', '/reports', makeReport(), reader.token)).status).toBe(403);
    expect((await api('POST', '/reports', makeReport(), 'wrong-token')).status).toBe(401);
    expect((await api('POST', '/tokens', { name: 'x', scopes: ['nope'] })).status).toBe(400);
    expect((await api('GET', '/reports')).status).toBe(200);
    expect((await audit()).entries).toEqual([]);
  });
});

describe('GET /api/audit', () => {
  it('pages newest first with next_before until there is no more', async () => {
    for (let i = 1; i <= 5; i++) await recordAction(env.DB, { actor: OWNER, action: 'test.step', target: { kind: 'step', id: String(i) }, at: Date.now() });
    const first = await audit('?limit=2');
    expect(first.entries.map((e) => e.target?.id)).toEqual(['5', '4']);
    const second = await audit(`?limit=2&before=${first.next_before}`);
    expect(second.entries.map((e) => e.target?.id)).toEqual(['3', '2']);
    const last = await audit(`?limit=2&before=${second.next_before}`);
    expect(last.entries.map((e) => e.target?.id)).toEqual(['1']);
    expect(last.next_before).toBeNull();
    expect((await audit()).entries).toHaveLength(5);
  });

  it('opens to a token with audit:read, and to no other', async () => {
    const auditor = await makeToken(['audit:read']);
    expect((await audit('', auditor.token)).entries.map((e) => e.action)).toEqual(['token.create']);
    const writer = await makeToken(['reports:write', 'subscribers:write', 'channels:write', 'digests:run']);
    expect((await api('GET', '/audit', undefined, writer.token)).status).toBe(403);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['before=0', 'before'],
    ['before=-3', 'before'],
    ['before=1e3', 'before'],
    ['before=99999999999999999999', 'before'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await api('GET', `/audit?${query}`);
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.field).toBe(field);
  });
});
