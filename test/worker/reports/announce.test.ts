import { describe, expect, it } from 'vitest';
import { scopesToAnnounce } from '../../../src/reports/publishing.ts';
import type { Report } from '../../../src/reports/schema.ts';
import { NOW } from '../support/clock.ts';


function report(overrides: Partial<Report> = {}): Report {
  return {
    slug: 's', id: 'tag:x,2026-01-01:reports/s', title: 'T', body: 'B', lang: 'en', topics: ['a'], draft: false, authors: [],
    published: new Date(NOW - 60_000).toISOString(), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', hash: 'h',
    ...overrides,
  };
}

const ids = (scopes: ReturnType<typeof scopesToAnnounce>) => scopes.map((s) => (s.kind === 'all' ? 'all' : s.topic));

describe('which feeds a change is announced for (WebSub)', () => {
  it('announces a public report to the main feed and each of its topic feeds', () => {
    expect(ids(scopesToAnnounce(null, report({ topics: ['a', 'b'] }), NOW))).toEqual(['all', 'a', 'b']);
  });

  it('announces nothing for a draft or a report scheduled for later: no feed changed', () => {
    expect(scopesToAnnounce(null, report({ draft: true }), NOW)).toEqual([]);
    expect(scopesToAnnounce(null, report({ published: new Date(NOW + 60_000).toISOString() }), NOW)).toEqual([]);
  });

  it('announces a report leaving its feeds, and a move between topics to both', () => {
    expect(ids(scopesToAnnounce(report(), report({ draft: true }), NOW))).toEqual(['all', 'a']);
    expect(ids(scopesToAnnounce(report({ topics: ['a'] }), report({ topics: ['b'] }), NOW))).toEqual(['all', 'a', 'b']);
    expect(ids(scopesToAnnounce(report(), null, NOW))).toEqual(['all', 'a']);
  });
});
