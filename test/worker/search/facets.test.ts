import { describe, expect, it } from 'vitest';
import { facetMatch, facetWords } from '../../../src/search/facets.ts';

const NOW = Date.parse('2026-12-03T00:00:00Z');

describe('filters as index words', () => {
  it('gives a report words for its language, kind, topics, month and year', () => {
    const words = facetWords({ lang: 'zh', kind: 'forum', topics: ['data', 'norms'], published: Date.parse('2025-12-31T23:00:00Z') }).split(' ');
    expect(words).toEqual(['langzh', 'kindforum', expect.stringMatching(/^t[0-9a-f]{16}$/), expect.stringMatching(/^t[0-9a-f]{16}$/), 'm202512', 'y2025']);
  });

  it('asks for nothing without filters', () => {
    expect(facetMatch({ topics: [] }, NOW)).toBeNull();
  });

  it('spells a date range of up to 24 months as its months, a longer one as its years, an open start not at all', () => {
    const months = facetMatch({ topics: [], from: Date.parse('2025-11-15T00:00:00Z'), until: Date.parse('2026-01-02T00:00:00Z') }, NOW);
    expect(months).toBe('{facets} : (("m202511" OR "m202512" OR "m202601"))');
    const years = facetMatch({ topics: [], from: Date.parse('2019-05-01T00:00:00Z') }, NOW);
    expect(years).toBe('{facets} : (("y2019" OR "y2020" OR "y2021" OR "y2022" OR "y2023" OR "y2024" OR "y2025" OR "y2026"))');
    expect(facetMatch({ topics: [], until: Date.parse('2020-01-01T00:00:00Z') }, NOW)).toBeNull();
  });

  it('requires every filter, and any of its topics', () => {
    expect(facetMatch({ topics: ['a', 'b'], lang: 'en', kind: 'forum' }, NOW)).toMatch(/^\{facets\} : \(\("t\w{16}" OR "t\w{16}"\) AND \("langen"\) AND \("kindforum"\)\)$/);
  });
});
