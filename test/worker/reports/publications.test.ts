import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/common/config.ts';
import { saveReport } from '../../../src/reports/publishing.ts';
import { parseReportInput } from '../../../src/reports/schema.ts';
import { latestSeq, promoteDue, publicationOf, publicationsBetween, publicationsBySeq } from '../../../src/reports/publications-store.ts';
import { api, create } from '../support/worker.ts';

async function publications() {
  const { results } = await env.DB.prepare('SELECT seq, slug, public_at FROM publications ORDER BY seq').all<{ seq: number; slug: string; public_at: number }>();
  return results;
}

describe('when a report became public', () => {
  it('is the moment a backdated report was added, not its published date', async () => {
    const before = Date.now();
    const report = await create({ published: '2017-12-04' });
    const [row] = await publications();
    expect(row!.slug).toBe(report.slug);
    expect(row!.public_at).toBeGreaterThanOrEqual(before);
    expect(row!.public_at).toBeLessThanOrEqual(Date.now());
  });

  it('is never moved by an edit, or by a draft round-trip', async () => {
    const report = await create();
    const [first] = await publications();
    const input = { title: 'A new title', body: report.body, topics: report.topics, published: report.published };
    await api('PUT', `/reports/${report.slug}`, input);
    await api('PUT', `/reports/${report.slug}`, { ...input, draft: true });
    await api('PUT', `/reports/${report.slug}`, { ...input, draft: false });
    expect(await publications()).toEqual([first]);
  });

  it('waits for a draft to be made public', async () => {
    const report = await create({ draft: true });
    expect(await publications()).toEqual([]);
    await api('PUT', `/reports/${report.slug}`, { title: report.title, body: report.body, topics: report.topics, published: report.published });
    expect((await publications()).map((p) => p.slug)).toEqual([report.slug]);
  });

  it('is a scheduled report’s own time, recorded when that time has come', async () => {
    const due = Date.now() + 3_600_000;
    const report = await create({ published: new Date(due).toISOString() });
    expect(await publications()).toEqual([]);
    expect(await promoteDue(env.DB, env.REPORTS, due - 1)).toEqual([]);
    const promoted = await promoteDue(env.DB, env.REPORTS, due + 1);
    expect(promoted.map((r) => r.slug)).toEqual([report.slug]);
    expect((await publications()).map((p) => p.public_at)).toEqual([due]);
    expect(await promoteDue(env.DB, env.REPORTS, due + 2)).toEqual([]);
  });

  it('follows a scheduled report moved later, and forgets one deleted or made a draft', async () => {
    const due = Date.now() + 3_600_000;
    const moved = await create({ published: new Date(due).toISOString() });
    const deleted = await create({ published: new Date(due).toISOString() });
    const drafted = await create({ published: new Date(due).toISOString() });
    await api('PUT', `/reports/${moved.slug}`, { title: moved.title, body: moved.body, published: new Date(due + 3_600_000).toISOString() });
    await api('DELETE', `/reports/${deleted.slug}`);
    await api('PUT', `/reports/${drafted.slug}`, { title: drafted.title, body: drafted.body, published: drafted.published, draft: true });
    expect(await promoteDue(env.DB, env.REPORTS, due + 1)).toEqual([]);
    expect((await promoteDue(env.DB, env.REPORTS, due + 3_600_001)).map((r) => r.slug)).toEqual([moved.slug]);
  });

  it('is read for a window in proportion to the window, by time', async () => {
    await create();
    const middle = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = await create();
    const window = await publicationsBetween(env.DB, middle, Date.now());
    expect(window.map((p) => p.slug)).toEqual([later.slug]);
  });

  it('records quietly a report that was public long before its moment was kept, so a re-sync announces nothing', async () => {
    // Stored a month ago by a version of Herald that kept no publicity record.
    const input = parseReportInput({ title: 'An old report', body: 'Old news.' });
    if (!input.ok) throw new Error('bad input');
    const monthAgo = Date.now() - 30 * 86_400_000;
    await saveReport({ kv: env.REPORTS, db: env.DB }, readConfig(env), input.value, 'an-old-report', monthAgo, null);
    await env.DB.prepare('DELETE FROM publications').run();
    const res = await api('PUT', '/reports/an-old-report', { title: 'An old report', body: 'Old news.' });
    expect(res.status).toBe(200);
    expect((await publications()).map((p) => p.slug)).toEqual(['an-old-report']);
    expect(await publicationsBySeq(env.DB, 0, await latestSeq(env.DB))).toEqual([]);
  });

  it('still announces a report whose record failed minutes ago, when the editor sends it again', async () => {
    const report = await create({ title: 'Written, record lost' });
    await env.DB.prepare('DELETE FROM publications').run();
    await api('PUT', `/reports/${report.slug}`, { title: report.title, body: report.body, topics: report.topics, published: report.published, announce: report.announce });
    expect((await publicationsBySeq(env.DB, 0, await latestSeq(env.DB))).map((p) => p.slug)).toEqual([report.slug]);
  });

  it('keeps the newest reports of a window busier than the limit', async () => {
    const reports = [];
    for (let i = 0; i < 3; i += 1) {
      reports.push(await create());
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const window = await publicationsBetween(env.DB, 0, Date.now(), 2);
    expect(window.map((p) => p.slug).sort()).toEqual([reports[1]!.slug, reports[2]!.slug].sort());
  });

  it('knows when a recorded report stopped being public, and when it came back', async () => {
    const report = await create({ title: 'Withdrawn and back' });
    const first = await publicationOf(env.DB, report.slug);
    expect(first).toMatchObject({ slug: report.slug, withdrawn: false });
    const input = { title: report.title, body: report.body, topics: report.topics, published: report.published };
    await api('PUT', `/reports/${report.slug}`, { ...input, draft: true });
    expect(await publicationOf(env.DB, report.slug)).toMatchObject({ withdrawn: true, changedAt: first!.changedAt });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await api('PUT', `/reports/${report.slug}`, { ...input, draft: false });
    const back = await publicationOf(env.DB, report.slug);
    expect(back).toMatchObject({ seq: first!.seq, publicAt: first!.publicAt, withdrawn: false });
    expect(back!.changedAt).toBeGreaterThan(first!.changedAt);
    await api('DELETE', `/reports/${report.slug}`);
    expect(await publicationOf(env.DB, report.slug)).toMatchObject({ withdrawn: true });
    expect(await publicationOf(env.DB, 'no-such-report')).toBeNull();
  });
});
