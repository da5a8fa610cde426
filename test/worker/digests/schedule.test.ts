import { describe, expect, it } from 'vitest';
import { localParts, nextDueAt } from '../../../src/digests/schedule.ts';

const CONFIG = { hour: 7, weekday: 1 };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('when a digest is due', () => {
  it('is 07:00 on the subscriber’s own wall clock', () => {
    const after = Date.parse('2026-11-23T00:00:00Z');
    expect(iso(nextDueAt('daily', 'UTC', after, CONFIG))).toBe('2026-11-23T07:00:00.000Z');
    expect(iso(nextDueAt('daily', 'Asia/Shanghai', after, CONFIG))).toBe('2026-11-23T23:00:00.000Z');
    expect(iso(nextDueAt('daily', 'America/Los_Angeles', after, CONFIG))).toBe('2026-11-23T15:00:00.000Z');
    expect(iso(nextDueAt('daily', 'Asia/Kolkata', after, CONFIG))).toBe('2026-11-23T01:30:00.000Z');
  });

  it('is the next day once today’s hour has passed, never the same instant again', () => {
    const seven = Date.parse('2026-11-23T07:00:00Z');
    expect(iso(nextDueAt('daily', 'UTC', seven, CONFIG))).toBe('2026-11-24T07:00:00.000Z');
    expect(iso(nextDueAt('daily', 'UTC', seven - 1, CONFIG))).toBe('2026-11-23T07:00:00.000Z');
  });

  it('keeps 07:00 local across a daylight-saving change', () => {
    // Europe/Berlin leaves summer time on 25 October 2026.
    const before = nextDueAt('daily', 'Europe/Berlin', Date.parse('2026-10-24T12:00:00Z'), CONFIG)!;
    const after = nextDueAt('daily', 'Europe/Berlin', before, CONFIG)!;
    expect(iso(before)).toBe('2026-10-25T06:00:00.000Z');
    expect(iso(after)).toBe('2026-10-26T06:00:00.000Z');
    expect(localParts(before, 'Europe/Berlin').hour).toBe(7);
    // On 25 October the wall clock is already back to UTC+1 at 07:00.
    expect(iso(nextDueAt('daily', 'Europe/Berlin', Date.parse('2026-10-25T00:00:00Z'), CONFIG))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('is weekly on the configured weekday only', () => {
    // 23 November 2026 is a Monday.
    const monday = Date.parse('2026-11-23T08:00:00Z');
    expect(iso(nextDueAt('weekly', 'UTC', monday, CONFIG))).toBe('2026-11-30T07:00:00.000Z');
    expect(iso(nextDueAt('weekly', 'UTC', monday, { hour: 7, weekday: 3 }))).toBe('2026-11-25T07:00:00.000Z');
    // Monday 07:00 in Shanghai is Sunday 23:00 UTC.
    expect(iso(nextDueAt('weekly', 'Asia/Shanghai', monday, CONFIG))).toBe('2026-11-29T23:00:00.000Z');
  });

  it('has no due time for instant subscribers', () => {
    expect(nextDueAt('instant', 'UTC', 0, CONFIG)).toBeNull();
  });
});
