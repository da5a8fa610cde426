import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/crossposts/index.ts';
import { inputOf, reportFromForm } from '../../../src/editors/desk-form.ts';
import { filterReports, reportState, titleMatches } from '../../../src/editors/desk-list.ts';
import { conflictRows, mergeVersions } from '../../../src/editors/desk-merge.ts';
import { previewOf } from '../../../src/editors/desk-preview.ts';
import { DESK_SCRIPT } from '../../../src/editors/desk-script.ts';
import { readConfig } from '../../../src/common/config.ts';
import { env } from 'cloudflare:workers';
import { publicReport } from '../support/builders.ts';
import { NOW } from '../support/clock.ts';

const NOON = Date.UTC(2026, 6, 1, 12);
const form = (fields: Record<string, string | string[]>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

describe('the editor’s form as a report', () => {
  it('leaves out empty inputs, reads lists a line each, and drops empty rows', () => {
    const { json, errors } = reportFromForm(
      form({ title: ' A title ', slug: '', body: 'Body\n', 'event.kind': 'forum', 'event.name': 'Forum', 'event.start': '2026-12-01', 'event.organizers': 'A\n\n B \r\nC', 'event.speakers.0.name': 'Li', 'event.speakers.0.role': 'Chair', 'event.speakers.1.name': '', 'event.speakers.3.name': 'Wang', 'authors.0.name': '', 'attachments.0.url': 'https://x.org/a.pdf', 'attachments.0.length': '120', 'state.draft': 'true' }),
      'save',
      NOON,
    );
    expect(errors).toEqual([]);
    expect(json).toEqual({
      title: 'A title',
      body: 'Body\n',
      topics: [],
      authors: [],
      attachments: [{ url: 'https://x.org/a.pdf', length: 120 }],
      event: { kind: 'forum', name: 'Forum', start: '2026-12-01', organizers: ['A', 'B', 'C'], participants: [], speakers: [{ name: 'Li', role: 'Chair' }, { name: 'Wang' }] },
      draft: true,
    });
  });

  it('joins catalogue topics with the other topics typed, once each', () => {
    expect(reportFromForm(form({ topics: ['sovereignty', 'cybercrime'], 'topics.more': 'data-flows，sovereignty  ai' }), 'save', NOON).json.topics).toEqual(['sovereignty', 'cybercrime', 'data-flows', 'ai']);
  });

  it('publishes a draft now, not at the time it was first saved', () => {
    const { json } = reportFromForm(form({ 'state.draft': 'true', published: '2026-01-01T00:00:00.000Z' }), 'publish', NOON);
    expect(json).toMatchObject({ draft: false, published: new Date(NOON).toISOString() });
  });

  it('keeps a public report’s time when it is saved or published again, and unpublishes to a draft', () => {
    const fields = form({ 'state.draft': 'false', published: '2026-01-01T00:00:00.000Z' });
    expect(reportFromForm(fields, 'save', NOON).json).toMatchObject({ draft: false, published: '2026-01-01T00:00:00.000Z' });
    expect(reportFromForm(fields, 'publish', NOON).json).toMatchObject({ draft: false, published: '2026-01-01T00:00:00.000Z' });
    expect(reportFromForm(fields, 'unpublish', NOON).json).toMatchObject({ draft: true });
  });

  it('schedules at the zone’s offset on that day (summer time in New York, none in Shanghai)', () => {
    expect(reportFromForm(form({ 'schedule.date': '2099-07-04', 'schedule.time': '09:00', 'schedule.zone': 'America/New_York' }), 'schedule', NOON).json).toMatchObject({ draft: false, published: '2099-07-04T09:00:00-04:00' });
    expect(reportFromForm(form({ 'schedule.date': '2099-01-04', 'schedule.time': '09:00', 'schedule.zone': 'America/New_York' }), 'schedule', NOON).json.published).toBe('2099-01-04T09:00:00-05:00');
    expect(reportFromForm(form({ 'schedule.date': '2099-01-04', 'schedule.time': '23:30', 'schedule.zone': 'Asia/Kolkata' }), 'schedule', NOON).json.published).toBe('2099-01-04T23:30:00+05:30');
  });

  it('names the schedule’s input at fault: a past time, a bad date, an unknown zone', () => {
    expect(reportFromForm(form({ 'schedule.date': '2020-01-01', 'schedule.zone': 'UTC' }), 'schedule', NOON).errors).toEqual([{ field: 'schedule.date', message: expect.stringContaining('future') }]);
    expect(reportFromForm(form({ 'schedule.date': '1 May' }), 'schedule', NOON).errors[0]!.field).toBe('schedule.date');
    expect(reportFromForm(form({ 'schedule.date': '2099-01-01', 'schedule.zone': 'Mars/Olympus' }), 'schedule', NOON).errors[0]!.field).toBe('schedule.zone');
  });

  it('finds the input an API error names', () => {
    expect(inputOf('event.speakers.2.role')).toBe('event.speakers.2.role');
    expect(inputOf('topics.3')).toBe('topics.more');
    expect(inputOf('published')).toBe('schedule.date');
    expect(inputOf('event')).toBe('event.kind');
    expect(inputOf('attachments.1')).toBe('attachments.1.url');
  });
});

describe('the desk’s script', () => {
  it('compiles as the browser gets it, carrying the server’s form reader', () => {
    expect(() => new Function(DESK_SCRIPT)).not.toThrow();
    expect(DESK_SCRIPT).toContain('var reportFromForm=');
  });
});

describe('the report list', () => {
  const entries = [
    { s: 'a', t: 'Seminar on Due Diligence', l: 'en', d: false, p: NOON - 1, u: NOON, g: ['due-diligence'] },
    { s: 'b', t: '网络主权研讨会', l: 'zh-Hans', d: false, p: NOON + 1000, u: NOON, g: ['sovereignty'] },
    { s: 'c', t: 'ＷＩＤＥ Forum draft', l: 'en', d: true, p: NOON - 1, u: NOON },
  ];
  it('filters by state, language, topic and title words, in any case and width', () => {
    expect(filterReports(entries, { state: 'scheduled' }, NOON).map((e) => e.s)).toEqual(['b']);
    expect(filterReports(entries, { lang: 'en' }, NOON).map((e) => e.s)).toEqual(['a', 'c']);
    expect(filterReports(entries, { topic: 'due-diligence' }, NOON).map((e) => e.s)).toEqual(['a']);
    expect(filterReports(entries, { q: 'diligence SEMINAR' }, NOON).map((e) => e.s)).toEqual(['a']);
    expect(filterReports(entries, { q: '主权' }, NOON).map((e) => e.s)).toEqual(['b']);
    expect(filterReports(entries, { q: 'wide forum' }, NOON).map((e) => e.s)).toEqual(['c']);
  });
  it('names states as the desk does', () => {
    expect(entries.map((e) => reportState(e, NOON))).toEqual(['public', 'scheduled', 'draft']);
    expect(titleMatches('Anything', '   ')).toBe(true);
  });
});

describe('a conflict, field by field', () => {
  const mine = { title: 'Mine', summary: 'Same', published: '2026-12-01T09:00:00+08:00', topics: ['a', 'b'], body: 'x' };
  const theirs = { title: 'Theirs', summary: 'Same', published: '2026-12-01T01:00:00.000Z', topics: ['a'], body: 'x', event: { kind: 'forum' } };
  it('marks what differs; the same instant at another offset is the same', () => {
    const rows = Object.fromEntries(conflictRows(mine, theirs).map((r) => [r.field, r.differs]));
    expect(rows).toMatchObject({ title: true, summary: false, published: false, topics: true, event: true, body: false });
  });
  it('takes each field from the version chosen', () => {
    expect(mergeVersions(mine, theirs, new Set(['title', 'event']))).toEqual({ title: 'Theirs', summary: 'Same', published: mine.published, topics: ['a', 'b'], body: 'x', event: { kind: 'forum' } });
  });
});

describe('the preview of everything', () => {
  const channel = (id: string, type: Channel['type'], settings: Record<string, string | number> = {}, enabled = true): Channel => ({ id, type, settings, topics: [], lang: null, enabled, disabledReason: null, createdAt: 0, updatedAt: 0 });

  it('renders the page, each feed item, the emails and each enabled channel’s message within its limit', async () => {
    const site = readConfig(env);
    const { report } = await publicReport({ title: 'A long report 长报告', summary: 'Word '.repeat(400).trim(), event: { kind: 'forum', name: 'Forum', start: '2026-12-01', organizers: [], participants: [], speakers: [] } }, 'long-report');
    const preview = previewOf(report, site, [channel('masto', 'mastodon', { max_characters: 500 }), channel('sky', 'bluesky'), channel('tg', 'telegram'), channel('off', 'slack', {}, false)], NOW);
    expect(preview.page).toContain('<h1');
    expect(preview.page).toContain('A long report 长报告');
    expect(preview.feeds.map((f) => f.format)).toEqual(['rss', 'atom', 'json']);
    for (const f of preview.feeds) expect(f.title).toBe('A long report 长报告');
    expect(preview.feeds[0]!.source).toMatch(/^<item>[\s\S]*<\/item>$/);
    expect(preview.feeds[1]!.source).toMatch(/^<entry[\s>][\s\S]*<\/entry>$/);
    expect(preview.instant.subject).toContain('A long report 长报告');
    expect(preview.daily.html).toContain('A long report 长报告');
    expect(preview.channels.map((c) => c.channel.id)).toEqual(['masto', 'sky', 'tg']);
    for (const { message } of preview.channels) {
      expect(message.count).toBeLessThanOrEqual(message.limit);
      expect(message.text).toContain(`${site.siteUrl}/reports/long-report`);
    }
    expect(preview.channels[1]!.message).toMatchObject({ limit: 300, unit: 'graphemes' });
  });
});
