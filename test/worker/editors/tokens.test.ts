import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/common/actor.ts';
import { api, withEnv } from '../support/worker.ts';
import { makeToken, problem } from './helpers.ts';

const HOUR = 3_600_000;
const inAWeek = () => new Date(Date.now() + 7 * 24 * HOUR).toISOString();

async function tokens(): Promise<Record<string, any>[]> {
  return ((await (await api('GET', '/tokens')).json()) as { tokens: Record<string, any>[] }).tokens;
}

describe('making an API token', () => {
  it('answers 201 with the secret once; the list shows the token without its secret or hash', async () => {
    const expires = inAWeek();
    const res = await api('POST', '/tokens', { name: 'CI content sync', scopes: ['reports:write'], expires_at: expires });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const made = (await res.json()) as Record<string, any>;
    expect(Object.keys(made).slice(0, 2)).toEqual(['id', 'token']);
    expect(made).toMatchObject({ name: 'CI content sync', scopes: ['reports:write'], expires_at: expires, created_by: 'owner', revoked_at: null });
    expect(made.token).toMatch(/^hrld_[A-Za-z0-9_-]{43}$/);

    const listed = await tokens();
    expect(listed).toEqual([expect.objectContaining({ id: made.id, name: 'CI content sync', scopes: ['reports:write'], expires_at: expires })]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(made.token);
    expect(text).not.toMatch(/hash|"token"/);
    const stored = await env.DB.prepare('SELECT token_hash FROM api_tokens').first<{ token_hash: string }>();
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(made.token.slice(5));
  });

  it('gives each token only its scopes, and accepts a name in any script', async () => {
    const { token } = await makeToken(['digests:run'], { name: '摘要 · الملخص 🚀' });
    expect((await api('GET', '/digests', undefined, token)).status).toBe(200);
    expect((await api('GET', '/subscribers', undefined, token)).status).toBe(403);
    expect((await tokens())[0]!.name).toBe('摘要 · الملخص 🚀');
  });

  it.each([
    ['no name', { scopes: ['reports:read'] }, 'name'],
    ['an empty name', { name: '  ', scopes: ['reports:read'] }, 'name'],
    ['a name of 101 characters', { name: 'x'.repeat(101), scopes: ['reports:read'] }, 'name'],
    ['a line break in the name', { name: 'sync\nAdmin: yes', scopes: ['reports:read'] }, 'name'],
    ['a control character in the name', { name: 'sync\u0007', scopes: ['reports:read'] }, 'name'],
    ['a name that is not text', { name: 42, scopes: ['reports:read'] }, 'name'],
    ['no scopes', { name: 'x', scopes: [] }, 'scopes'],
    ['scopes that are not a list', { name: 'x', scopes: 'reports:read' }, 'scopes'],
    ['an unknown scope', { name: 'x', scopes: ['reports:read', 'admin'] }, 'scopes.1'],
    ['a past expiry', { name: 'x', scopes: ['reports:read'], expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    ['an expiry that is not a date-time', { name: 'x', scopes: ['reports:read'], expires_at: 'next week' }, 'expires_at'],
    ['an unknown field', { name: 'x', scopes: ['reports:read'], admin: true }, 'admin'],
  ])('refuses %s with 400 naming the field, and makes nothing', async (_, body, field) => {
    const res = await api('POST', '/tokens', body);
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.map((e) => e.field)).toContain(field);
    expect(await tokens()).toEqual([]);
  });

  it('refuses a body that is not JSON', async () => {
    expect((await api('POST', '/tokens', '{"name":')).status).toBe(400);
    expect(await tokens()).toEqual([]);
  });
});

describe('using, revoking and expiring a token', () => {
  it('refuses a revoked token as it refuses a wrong one; revoking twice is fine; an unknown id is 404', async () => {
    const { token, id } = await makeToken(['reports:read']);
    expect((await api('GET', '/reports', undefined, token)).status).toBe(200);
    expect((await api('DELETE', `/tokens/${id}`)).status).toBe(204);
    const refused = await api('GET', '/reports', undefined, token);
    const wrong = await api('GET', '/reports', undefined, `hrld_${'A'.repeat(43)}`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(await wrong.json());
    expect((await tokens())[0]!.revoked_at).not.toBeNull();
    expect((await api('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect((await api('DELETE', '/tokens/no-such-token')).status).toBe(404);
  });

  it('refuses a token once it has expired', async () => {
    const { token, id } = await makeToken(['reports:read'], { expires_at: inAWeek() });
    expect((await api('GET', '/reports', undefined, token)).status).toBe(200);
    await env.DB.prepare('UPDATE api_tokens SET expires_at = ?1 WHERE id = ?2').bind(Date.now() - 1000, id).run();
    expect((await api('GET', '/reports', undefined, token)).status).toBe(401);
  });

  it('notes when a token was last used, at most once an hour', async () => {
    const { token, id } = await makeToken(['reports:read']);
    const lastUsed = async () => (await env.DB.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?1').bind(id).first<{ last_used_at: number | null }>())!.last_used_at;
    expect(await lastUsed()).toBeNull();
    await api('GET', '/reports', undefined, token);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await api('GET', '/reports', undefined, token);
    expect(await lastUsed()).toBe(first);
    const twoHoursAgo = Date.now() - 2 * HOUR;
    await env.DB.prepare('UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2').bind(twoHoursAgo, id).run();
    await api('GET', '/reports', undefined, token);
    expect(await lastUsed()).toBeGreaterThan(twoHoursAgo);
  });
});

describe('who manages tokens', () => {
  it('is the owner only: a token holding every scope may not list, make or revoke tokens', async () => {
    const all = await makeToken([...SCOPES]);
    for (const [method, path, body] of [
      ['GET', '/tokens', undefined],
      ['POST', '/tokens', { name: 'escalate', scopes: ['reports:read'] }],
      ['DELETE', `/tokens/${all.id}`, undefined],
    ] as const) {
      const res = await api(method, path, body, all.token);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await problem(res)).detail).toContain('owner');
    }
    expect((await tokens()).map((t) => t.revoked_at)).toEqual([null]);
  });
});

describe('without ADMIN_TOKEN', () => {
  it('closes the whole admin API (503), to API tokens as well', async () => {
    const { token } = await makeToken(['reports:read']);
    for (const authorization of ['', `Bearer ${token}`]) {
      const res = await withEnv({ ADMIN_TOKEN: '' }, '/api/reports', { headers: { authorization } });
      expect(res.status).toBe(503);
      expect((await problem(res)).detail).toContain('ADMIN_TOKEN');
    }
  });
});
