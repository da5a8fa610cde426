import { describe, expect, it } from 'vitest';
import { niceMax, plot, SubscriberChart } from '../../../src/reach/chart.tsx';
import { subscriberSeries, summarizeReach } from '../../../src/reach/summary.ts';
import { parseXml, type XmlNode } from '../support/xml.ts';

const rows = [
  { day: '2026-11-01', frequency: 'daily', lang: 'en', active: 10 },
  { day: '2026-11-01', frequency: 'weekly', lang: 'zh', active: 5 },
  { day: '2026-11-02', frequency: 'daily', lang: 'en', active: 12 },
  { day: '2026-11-02', frequency: 'instant', lang: 'both', active: 3 },
  // A day the cron missed (11-03) leaves a gap in time.
  { day: '2026-11-04', frequency: 'daily', lang: 'zh', active: 20 },
] as const;

const words = { title: 'Active <subscribers> & "friends"', desc: 'From 1 Nov to 4 Nov', number: (n: number) => n.toLocaleString('en'), day: (d: string) => d.slice(5) };

const all = (node: XmlNode, name: string): XmlNode[] => [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];

describe('subscribers over time, drawn on the server', () => {
  it('folds the rows into one point a day, by frequency and language', () => {
    expect(subscriberSeries([...rows])).toEqual([
      { day: '2026-11-01', total: 15, byFrequency: { instant: 0, daily: 10, weekly: 5 }, byLang: { en: 10, zh: 5, both: 0 } },
      { day: '2026-11-02', total: 15, byFrequency: { instant: 3, daily: 12, weekly: 0 }, byLang: { en: 12, zh: 0, both: 3 } },
      { day: '2026-11-04', total: 20, byFrequency: { instant: 0, daily: 20, weekly: 0 }, byLang: { en: 0, zh: 20, both: 0 } },
    ]);
  });

  it('is well-formed XML with its title and description, labelled by them, and one total point per day at its value', () => {
    const points = subscriberSeries([...rows]);
    const svg = parseXml(String(SubscriberChart({ points, words, id: 'c' })));
    expect(svg.name).toBe('svg');
    expect(svg.attributes.role).toBe('img');
    expect(svg.attributes['aria-labelledby']).toBe('c-title c-desc');
    expect(all(svg, 'title')[0]!.text).toBe('Active <subscribers> & "friends"');
    expect(all(svg, 'desc')[0]!.text).toBe('From 1 Nov to 4 Nov');
    const total = all(svg, 'g').find((g) => g.attributes['data-series'] === 'total')!;
    const drawn = total.children.find((c) => c.name === 'polyline')!.attributes.points!.split(' ').map((xy) => xy.split(',').map(Number));
    expect(drawn).toEqual(plot(points, (p) => p.total, niceMax(20)));
    // y: the two days of 15 lie level, the day of 20 higher; x: the missed day keeps its place in time (day 2 a third of the way).
    const [[x1, y1], [x2, y2], [x3, y3]] = drawn as [[number, number], [number, number], [number, number]];
    expect(y1).toBe(y2);
    expect(y3).toBeLessThan(y1);
    expect(Math.round(((x2 - x1) / (x3 - x1)) * 3)).toBe(1);
    expect(total.children.filter((c) => c.name === 'circle')).toHaveLength(3);
    expect(all(svg, 'text').map((t) => t.text)).toEqual(['0', '5', '10', '15', '20', '11-01', '11-02', '11-04']);
  });

  it('draws a single day as a point in the middle, and nothing at all for no days', () => {
    const svg = parseXml(String(SubscriberChart({ points: subscriberSeries([rows[0]]), words, id: 'c' })));
    expect(all(svg, 'polyline')).toHaveLength(0);
    expect(all(svg, 'circle').length).toBeGreaterThan(0);
    expect(SubscriberChart({ points: [], words, id: 'c' })).toBeNull();
  });

  it('chooses axis tops of 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 3, 5, 9, 11, 20, 21, 140, 999, 1001, 123_456].map(niceMax)).toEqual([4, 4, 5, 10, 20, 20, 50, 200, 1000, 2000, 200_000]);
  });
});

describe('total reach', () => {
  it('adds email subscribers to each feed readers’ latest counts, leaving out counts older than 30 days', () => {
    const reach = summarizeReach(
      40,
      [
        { aggregator: 'feedly', feed: '/feed.xml', subscribers: 462, day: '2026-11-20' },
        { aggregator: 'inoreader', feed: '/feed.xml', subscribers: 45, day: '2026-11-23' },
        { aggregator: 'newsblur', feed: '/zh/atom.xml', subscribers: 12, day: '2026-10-25' },
        { aggregator: 'feedbin', feed: '/old.xml', subscribers: 900, day: '2026-10-24' },
      ],
      '2026-11-23',
    );
    expect(reach).toMatchObject({ email: 40, readers: 519, total: 559, since: '2026-10-25' });
    expect(reach.feeds.map((f) => [f.feed, f.subscribers])).toEqual([
      ['/feed.xml', 507],
      ['/zh/atom.xml', 12],
    ]);
    expect(reach.feeds[0]!.aggregators.map((a) => a.aggregator)).toEqual(['feedly', 'inoreader']);
  });
});
