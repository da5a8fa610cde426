import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/common/actor.ts';
import { createApp } from '../../../src/app.ts';
import { api } from '../support/worker.ts';
import { makeToken, problem } from './helpers.ts';

/**
 * The scope each admin route needs, as issue 16 gives them, written out here apart from the
 * app's own table: every route the app registers under /api must be listed (a new route
 * fails this test until someone decides who may call it), and the app must agree.
 * `owner`: no scope opens it. Routes of other lanes (revisions, media, search) are listed so
 * that they are checked as soon as they are registered.
 */
const EXPECTED: Record<string, string> = {
  'GET /api/reports': 'reports:read',
  'GET /api/reports/:slug': 'reports:read',
  'GET /api/reports/:slug/revisions': 'reports:read',
  'GET /api/reports/:slug/revisions/:n': 'reports:read',
  'GET /api/reports/:slug/markdown': 'reports:read',
  'POST /api/reports': 'reports:write',
  'PUT /api/reports/:slug': 'reports:write',
  'DELETE /api/reports/:slug': 'reports:write',
  'POST /api/reports/:slug/revisions/:n/restore': 'reports:write',
  'POST /api/reindex': 'reports:write',
  'POST /api/search/reindex': 'reports:write',
  'POST /api/first-sync': 'reports:write',
  'DELETE /api/first-sync/:token': 'reports:write',
  'POST /api/media': 'reports:write',
  'GET /api/subscribers': 'subscribers:read',
  'GET /api/reach': 'subscribers:read',
  'POST /api/subscribers/import': 'subscribers:write',
  'DELETE /api/subscribers/:email': 'subscribers:write',
  'GET /api/channels': 'channels:write',
  'GET /api/channels/:id': 'channels:write',
  'PUT /api/channels/:id': 'channels:write',
  'DELETE /api/channels/:id': 'channels:write',
  'POST /api/channels/reseal': 'channels:write',
  'POST /api/channels/:id/test': 'channels:write',
  'POST /api/channels/:id/backfill': 'channels:write',
  'GET /api/deliveries': 'channels:write',
  'POST /api/deliveries/:id/retry': 'channels:write',
  'GET /api/digests': 'digests:run',
  'POST /api/digests/run': 'digests:run',
  'GET /api/digests/:id/problems': 'digests:run',
  'GET /api/digests/preview': 'digests:run',
  'GET /api/audit': 'audit:read',
  'GET /api/tokens': 'owner',
  'POST /api/tokens': 'owner',
  'DELETE /api/tokens/:id': 'owner',
  'GET /api/editors': 'owner',
  'POST /api/editors': 'owner',
  'DELETE /api/editors/:email': 'owner',
};

/** Values for path parameters: none of them names anything stored, so no route finds much to do. */
const SAMPLE: Record<string, string> = { slug: 'no-such-report', email: 'nobody@example.org', id: '987654', n: '1', token: '0'.repeat(32) };

const registered = [
  ...new Set(
    createApp()
      .routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`),
  ),
];

/** A scope that brings `scope` with it (a writer reads what it replaces). */
const IMPLIED_BY: Record<string, string> = { 'reports:read': 'reports:write' };

describe('every admin route asks for its scope', () => {
  it('finds the routes (a guard against walking none)', () => {
    expect(registered.length).toBeGreaterThan(25);
    expect(registered).toContain('DELETE /api/subscribers/:email');
  });

  it.each(registered)('%s', async (route) => {
    const need = EXPECTED[route];
    expect(need, `${route} is not in this test's table: decide which scope it needs`).toBeDefined();
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/^\/api/, '').replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(SAMPLE[name] ?? 'x'));

    // Every other scope (and none that implies this one) is not enough.
    const others = SCOPES.filter((s) => s !== need && s !== IMPLIED_BY[need!]);
    const lacking = await makeToken(need === 'owner' ? [...SCOPES] : others);
    const refused = await api(method, path, undefined, lacking.token);
    expect(refused.status).toBe(403);
    expect((await problem(refused)).detail).toContain(need === 'owner' ? 'owner' : need);

    const holder = need === 'owner' ? null : await makeToken([need!]);
    const allowed = await api(method, path, undefined, holder?.token);
    expect([401, 403]).not.toContain(allowed.status);
    expect(allowed.status).toBeLessThan(500);
  });
});

describe('scopes that bring others, and what no table lists', () => {
  it('lets a reports:write token read reports, and a reports:read token only read', async () => {
    const writer = await makeToken(['reports:write']);
    expect((await api('GET', '/reports', undefined, writer.token)).status).toBe(200);
    const reader = await makeToken(['reports:read']);
    expect((await api('GET', '/reports', undefined, reader.token)).status).toBe(200);
    const refused = await api('DELETE', '/reports/anything', undefined, reader.token);
    expect(refused.status).toBe(403);
    expect((await problem(refused)).errors).toEqual([{ field: 'authorization', message: 'needs the scope reports:write' }]);
  });

  it('closes an /api path no row names to every token, whatever it holds, and leaves it to the owner', async () => {
    const all = await makeToken([...SCOPES]);
    // `%74okens` is `tokens` as the router reads it: the table must read it the same way.
    for (const path of ['/settings', '/reportsx', '/', '/TOKENS', '/%74okens', '/tokens/']) {
      expect((await api('GET', path, undefined, all.token)).status, path).toBe(403);
      expect([200, 404], path).toContain((await api('GET', path)).status);
    }
  });
});
