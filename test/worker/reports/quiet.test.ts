import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/common/config.ts';
import { openFirstSync } from '../../../src/reports/first-sync-store.ts';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { saveReport } from '../../../src/reports/publishing.ts';
import { latestSeq, promoteDue, publicationsBySeq } from '../../../src/reports/publications-store.ts';
import { parseReportInput } from '../../../src/reports/schema.ts';
import { makeReport } from '../support/builders.ts';
import { DAY, HOUR } from '../support/clock.ts';
import { api, get } from '../support/worker.ts';

/** A report as an editor sends it, with no `announce`: the rules decide. */
function plain(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return makeReport({ announce: undefined, ...overrides });
}

const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** PUTs `body` at `slug` (with `query`), returning the status and the answer. */
async function put(slug: string, body: Record<string, unknown>, query = ''): Promise<{ status: number; body: Record<string, any> }> {
  const res = await api('PUT', `/reports/${slug}${query}`, body);
  return { status: res.status, body: await res.json() };
}

/** The reports a digest, instant email or cross-post would announce now, by slug. */
async function announced(): Promise<string[]> {
  return (await publicationsBySeq(env.DB, 0, await latestSeq(env.DB))).map((p) => p.slug);
}

describe('a report published long before it is first stored', () => {
  it('is recorded quietly when published more than 30 days before, and the admin API says so', async () => {
    const old = await put('an-old-workshop', plain({ published: '2017-12-04' }));
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ quiet: true, quiet_reason: 'back-catalogue' });
    expect(Date.parse(old.body.became_public)).toBeGreaterThan(Date.now() - HOUR);
    const edge = await put('thirty-one-days-ago', plain({ published: daysAgo(31) }));
    expect(edge.body).toMatchObject({ quiet: true, quiet_reason: 'back-catalogue' });
    const recent = await put('twenty-nine-days-ago', plain({ published: daysAgo(29) }));
    expect(recent.body).toMatchObject({ quiet: false, quiet_reason: null });
    expect((await (await api('GET', '/reports/an-old-workshop')).json<Record<string, unknown>>()).quiet).toBe(true);
    expect(await announced()).toEqual(['twenty-nine-days-ago']);
  });

  it('is announced when it says announce: true, in the API and in front matter', async () => {
    const res = await put('announced-anyway', plain({ published: '2017-12-04', announce: true }));
    expect(res.body).toMatchObject({ announce: true, quiet: false, quiet_reason: null });
    const file = '---\ntitle: An old forum, announced\npublished: 2017-12-04\nannounce: true\n---\nBody.\n';
    const parsed = parseReportInput({ title: 'x', body: 'y', announce: 'yes' });
    expect(parsed.ok ? [] : parsed.errors).toEqual([{ field: 'announce', message: 'must be a boolean' }]);
    const fromFile = parseReportFile('old.md', file);
    expect(fromFile.ok && fromFile.input.announce).toBe(true);
    expect(await announced()).toEqual(['announced-anyway']);
  });

  it('keeps its quiet or its announcement through every edit: announce, dates, a draft round-trip', async () => {
    const quiet = plain({ published: '2017-12-04' });
    const loud = plain({ published: daysAgo(1) });
    await put('quiet-one', quiet);
    await put('loud-one', loud);
    await put('quiet-one', { ...quiet, announce: true, title: 'Retitled' });
    await put('loud-one', { ...loud, published: '2017-12-04' });
    await put('loud-one', { ...loud, published: '2017-12-04', draft: true });
    const back = await put('loud-one', { ...loud, published: '2017-12-04', draft: false });
    expect(back.body).toMatchObject({ quiet: false, quiet_reason: null });
    expect((await (await api('GET', '/reports/quiet-one')).json<Record<string, unknown>>()).quiet_reason).toBe('back-catalogue');
    expect(await announced()).toEqual(['loud-one']);
  });

  it('counts from when it was first stored: a draft written on time is news when it is made public later', async () => {
    const site = readConfig(env);
    const stores = { kv: env.REPORTS, db: env.DB };
    const input = (published: string, draft: boolean) => {
      const parsed = parseReportInput({ title: `Draft of ${published}`, body: 'Body.', published, draft });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return parsed.value;
    };
    const t0 = Date.now() - 400 * DAY;
    await saveReport(stores, site, input(new Date(t0 - 2 * DAY).toISOString(), true), 'written-on-time', t0);
    await saveReport(stores, site, input(new Date(t0 - 40 * DAY).toISOString(), true), 'written-late', t0);
    await saveReport(stores, site, input(new Date(t0 - 2 * DAY).toISOString(), false), 'written-on-time', t0 + 90 * DAY);
    await saveReport(stores, site, input(new Date(t0 - 40 * DAY).toISOString(), false), 'written-late', t0 + 90 * DAY);
    expect(await announced()).toEqual(['written-on-time']);
  });

  it('is never quiet when scheduled: it comes out when its time comes, and is news then', async () => {
    const due = Date.now() + HOUR;
    const created = await put('scheduled-forum', plain({ published: new Date(due).toISOString() }));
    expect(created.body).toMatchObject({ became_public: null, quiet: null, quiet_reason: null });
    await promoteDue(env.DB, env.REPORTS, due + 1);
    expect(await announced()).toEqual(['scheduled-forum']);
  });

  it('still shows in the feeds, its page, the archive and the events list', async () => {
    await put('an-old-seminar', plain({ title: 'An old seminar on due diligence', published: '2017-12-04', event: { kind: 'seminar', name: 'Old seminar in Wuzhen', start: '2017-12-04' } }));
    expect(await announced()).toEqual([]);
    expect(await (await get('/feed.json')).text()).toContain('An old seminar on due diligence');
    expect(await (await get('/atom.xml')).text()).toContain('An old seminar on due diligence');
    expect((await get('/reports/an-old-seminar')).status).toBe(200);
    expect(await (await get('/archive/2017/12')).text()).toContain('An old seminar on due diligence');
    expect(await (await get('/events')).text()).toContain('Old seminar in Wuzhen');
    expect(await (await get('/digest.json')).text()).not.toContain('An old seminar on due diligence');
  });
});

describe('the first sync into an empty store', () => {
  async function open(): Promise<Response> {
    return api('POST', '/first-sync');
  }

  it('records quietly what it writes, recent reports too, except one that says announce: true', async () => {
    const opened = await open();
    expect(opened.status).toBe(201);
    const { token, expires_at } = await opened.json<{ token: string; expires_at: string }>();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(expires_at)).toBeGreaterThan(Date.now());
    const q = `?first_sync=${token}`;
    expect((await put('seed-recent', plain({ published: daysAgo(2) }), q)).body).toMatchObject({ quiet: true, quiet_reason: 'first-sync' });
    expect((await put('seed-old', plain({ published: '2017-12-04' }), q)).body).toMatchObject({ quiet: true, quiet_reason: 'back-catalogue' });
    expect((await put('seed-announced', plain({ published: daysAgo(2), announce: true }), q)).body).toMatchObject({ quiet: false });
    // Another client's write meanwhile, without the token, is news as ever.
    expect((await api('POST', '/reports', plain({ slug: 'api-meanwhile', published: daysAgo(1) }))).status).toBe(201);
    // A scheduled report in the sync is news when its time comes.
    const due = Date.now() + HOUR;
    await put('seed-scheduled', plain({ published: new Date(due).toISOString() }), q);
    expect((await api('DELETE', `/first-sync/${token}`)).status).toBe(204);
    await promoteDue(env.DB, env.REPORTS, due + 1);
    expect(await announced()).toEqual(['seed-announced', 'api-meanwhile', 'seed-scheduled']);
  });

  it('is over once closed: its token is a 409 naming first_sync and writes nothing, and no second first sync opens', async () => {
    const { token } = await (await open()).json<{ token: string }>();
    await put('the-first', plain({ published: daysAgo(1) }), `?first_sync=${token}`);
    await api('DELETE', `/first-sync/${token}`);
    const late = await api('PUT', `/reports/too-late?first_sync=${token}`, plain({ published: daysAgo(1) }));
    expect(late.status).toBe(409);
    expect((await late.json<{ errors: { field: string }[] }>()).errors.map((e) => e.field)).toEqual(['first_sync']);
    expect((await api('GET', '/reports/too-late')).status).toBe(404);
    expect((await open()).status).toBe(409);
    // A second sync's new report is news.
    expect((await put('the-second', plain({ published: daysAgo(1) }))).body).toMatchObject({ quiet: false });
    expect(await announced()).toEqual(['the-second']);
  });

  it('cannot be claimed by a client that only guesses: a made-up token is a 409, a malformed one a 400', async () => {
    const guessed = await api('PUT', `/reports/guessed?first_sync=${'0'.repeat(32)}`, plain({ published: daysAgo(1) }));
    expect(guessed.status).toBe(409);
    const malformed = await api('POST', '/reports?first_sync=yes', plain({ published: daysAgo(1) }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json<{ errors: { field: string }[] }>()).errors.map((e) => e.field)).toEqual(['first_sync']);
    expect(await latestSeq(env.DB)).toBe(0);
  });

  it('opens for one of two syncs that race', async () => {
    expect((await Promise.all([open(), open(), open()])).map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('does not open on a store that holds only a draft, or once held a public report since deleted', async () => {
    await api('PUT', '/reports/a-draft', plain({ draft: true }));
    expect((await open()).status).toBe(409);
    await api('DELETE', '/reports/a-draft');
    expect((await open()).status).toBe(201);
    await env.DB.prepare('DELETE FROM first_sync').run();
    await api('PUT', '/reports/deleted-later', plain());
    await api('DELETE', '/reports/deleted-later');
    expect((await open()).status).toBe(409);
  });

  it('ends by itself an hour after its last write, and another can then open on a store still empty', async () => {
    const idle = await openFirstSync(env.DB, env.REPORTS, Date.now() - 2 * HOUR);
    expect(idle).not.toBeNull();
    expect((await api('PUT', `/reports/after-idle?first_sync=${idle!.token}`, plain())).status).toBe(409);
    expect((await open()).status).toBe(201);
  });
});
