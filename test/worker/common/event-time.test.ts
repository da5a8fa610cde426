import { describe, expect, it } from 'vitest';
import { eventTimeText, offsetDisagreement, zoneNameAt, zoneOffsetAt, zoneTransitions } from '../../../src/common/event-time.ts';

const SEMINAR = { start: '2026-12-15T09:00+08:00', end: '2026-12-15T17:00+08:00' };

describe('an event’s time, one rule', () => {
  it('names the event’s zone, in each language', () => {
    const zoned = { ...SEMINAR, timezone: 'Asia/Shanghai' };
    expect(eventTimeText(zoned, 'en')).toBe('15 December 2026, 09:00–17:00 China Standard Time');
    expect(eventTimeText(zoned, 'zh-Hans')).toBe('2026年12月15日 09:00–17:00（中国标准时间）');
    expect(eventTimeText(zoned, 'zh-CN')).toBe('2026年12月15日 09:00–17:00（中国标准时间）');
    // A language without a catalogue reads English.
    expect(eventTimeText(zoned, 'fr')).toBe('15 December 2026, 09:00–17:00 China Standard Time');
  });

  it('gives the offset the time was written with when the event names no zone', () => {
    expect(eventTimeText(SEMINAR, 'en')).toBe('15 December 2026, 09:00–17:00 UTC+08:00');
    expect(eventTimeText(SEMINAR, 'zh')).toBe('2026年12月15日 09:00–17:00（UTC+08:00）');
    expect(eventTimeText({ start: '2026-07-01T09:30Z' }, 'en')).toBe('1 July 2026, 09:30 UTC');
    expect(eventTimeText({ start: '2026-07-01T09:30-04:30' }, 'en')).toBe('1 July 2026, 09:30 UTC-04:30');
    // The wall clock as written, whatever the instant is elsewhere: 23:30 at +08:00 is still the 1st.
    expect(eventTimeText({ start: '2026-07-01T23:30+08:00' }, 'en')).toBe('1 July 2026, 23:30 UTC+08:00');
  });

  it('follows daylight saving time: the name and the clock of the day', () => {
    const summer = { start: '2026-07-01T09:00+01:00', end: '2026-07-01T17:00+01:00', timezone: 'Europe/London' };
    const winter = { start: '2026-12-01T09:00Z', end: '2026-12-01T17:00Z', timezone: 'Europe/London' };
    expect(eventTimeText(summer, 'en')).toBe('1 July 2026, 09:00–17:00 British Summer Time');
    expect(eventTimeText(winter, 'en')).toBe('1 December 2026, 09:00–17:00 Greenwich Mean Time');
    expect(eventTimeText(summer, 'zh')).toBe('2026年7月1日 09:00–17:00（英国夏令时间）');
    expect(eventTimeText({ start: '2026-07-01T09:00-04:00', timezone: 'America/New_York' }, 'en')).toBe('1 July 2026, 09:00 Eastern Daylight Time');
    expect(eventTimeText({ start: '2026-01-15T09:00-05:00', timezone: 'America/New_York' }, 'zh')).toBe('2026年1月15日 09:00（北美东部标准时间）');
    // A UTC time is shown on the zone's clock.
    expect(eventTimeText({ start: '2026-07-01T08:00Z', timezone: 'Europe/London' }, 'en')).toBe('1 July 2026, 09:00 British Summer Time');
    // Over the change of clocks, each end is named with its own zone name.
    expect(eventTimeText({ start: '2026-03-28T09:00Z', end: '2026-03-30T17:00+01:00', timezone: 'Europe/London' }, 'en')).toBe(
      '28 March 2026, 09:00 Greenwich Mean Time – 30 March 2026, 17:00 British Summer Time',
    );
  });

  it('names a zone Intl has no name for by its offset', () => {
    expect(zoneNameAt('Etc/GMT-3', Date.UTC(2026, 6, 1), 'en')).toBe('UTC+03:00');
    expect(eventTimeText({ start: '2026-07-01T09:00+03:00', timezone: 'Etc/GMT-3' }, 'zh')).toBe('2026年7月1日 09:00（UTC+03:00）');
  });

  it('collapses a same-day range to one date, and writes days of several as one span', () => {
    expect(eventTimeText({ start: '2026-12-15', end: '2026-12-15' }, 'en')).toBe('15 December 2026');
    expect(eventTimeText({ start: '2026-12-15', end: '2026-12-17' }, 'en')).toBe('15–17 December 2026');
    expect(eventTimeText({ start: '2026-11-30', end: '2026-12-02' }, 'en')).toBe('30 November – 2 December 2026');
    expect(eventTimeText({ start: '2026-12-30', end: '2027-01-02' }, 'en')).toBe('30 December 2026 – 2 January 2027');
    expect(eventTimeText({ start: '2026-12-15', end: '2026-12-17' }, 'zh')).toBe('2026年12月15日至17日');
    expect(eventTimeText({ start: '2026-11-30', end: '2026-12-02' }, 'zh')).toBe('2026年11月30日至12月2日');
    expect(eventTimeText({ start: '2026-12-30', end: '2027-01-02' }, 'zh')).toBe('2026年12月30日至2027年1月2日');
  });

  it('names the zone once for times on several days', () => {
    const days = { start: '2026-12-15T09:00+08:00', end: '2026-12-17T17:00+08:00', timezone: 'Asia/Shanghai' };
    expect(eventTimeText(days, 'en')).toBe('15 December 2026, 09:00 – 17 December 2026, 17:00 China Standard Time');
    expect(eventTimeText(days, 'zh')).toBe('2026年12月15日 09:00至17日 17:00（中国标准时间）');
    expect(eventTimeText({ ...days, end: '2027-01-02T17:00+08:00' }, 'zh')).toBe('2026年12月15日 09:00至2027年1月2日 17:00（中国标准时间）');
  });

  it('joins a date and a time: the time alone on one day, both over several', () => {
    expect(eventTimeText({ start: '2026-12-15T09:00+08:00', end: '2026-12-15', timezone: 'Asia/Shanghai' }, 'en')).toBe('15 December 2026, 09:00 China Standard Time');
    expect(eventTimeText({ start: '2026-12-15T09:00+08:00', end: '2026-12-17' }, 'en')).toBe('15 December 2026, 09:00 UTC+08:00 – 17 December 2026');
    expect(eventTimeText({ start: '2026-12-15', end: '2026-12-17T17:00+08:00', timezone: 'Asia/Shanghai' }, 'zh')).toBe('2026年12月15日至17日 17:00（中国标准时间）');
  });

  it('shows no time for an event given as dates, whatever its zone or the reader’s', () => {
    expect(eventTimeText({ start: '2026-12-15', timezone: 'Asia/Shanghai' }, 'en', { readerZone: 'America/Los_Angeles' })).toBe('15 December 2026');
    expect(eventTimeText({ start: '2026-12-15', end: '2026-12-16', timezone: 'Asia/Shanghai' }, 'zh')).toBe('2026年12月15日至16日');
  });

  it('adds the reader’s own time where their clocks differ, and says their day when it is another', () => {
    expect(eventTimeText(SEMINAR, 'en', { readerZone: 'UTC' })).toBe('15 December 2026, 09:00–17:00 UTC+08:00 (01:00–09:00 your time)');
    expect(eventTimeText(SEMINAR, 'zh', { readerZone: 'Europe/Berlin' })).toBe('2026年12月15日 09:00–17:00（UTC+08:00），即您当地时间 02:00–10:00');
    expect(eventTimeText(SEMINAR, 'en', { readerZone: 'America/New_York' })).toBe(
      '15 December 2026, 09:00–17:00 UTC+08:00 (14 December 2026, 20:00 – 15 December 2026, 04:00 your time)',
    );
    expect(eventTimeText({ start: SEMINAR.start }, 'en', { readerZone: 'Pacific/Honolulu' })).toBe('15 December 2026, 09:00 UTC+08:00 (14 December 2026, 15:00 your time)');
    // Clocks that read the same (another zone at the same offset) need nothing beside them.
    expect(eventTimeText({ ...SEMINAR, timezone: 'Asia/Shanghai' }, 'en', { readerZone: 'Asia/Singapore' })).toBe('15 December 2026, 09:00–17:00 China Standard Time');
    expect(eventTimeText({ ...SEMINAR, timezone: 'Asia/Shanghai' }, 'en', { readerZone: 'Asia/Shanghai' })).toBe('15 December 2026, 09:00–17:00 China Standard Time');
  });

  it('knows a zone’s offsets and their changes through the year', () => {
    expect(zoneOffsetAt('Asia/Shanghai', Date.UTC(2026, 11, 15))).toBe(480);
    expect(zoneOffsetAt('Asia/Kolkata', Date.UTC(2026, 11, 15))).toBe(330);
    expect(zoneTransitions('Asia/Shanghai', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
    expect(zoneTransitions('Europe/London', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([
      { at: Date.UTC(2026, 2, 29, 1), from: 0, to: 60 },
      { at: Date.UTC(2026, 9, 25, 1), from: 60, to: 0 },
    ]);
    expect(zoneTransitions('Australia/Sydney', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([
      { at: Date.UTC(2026, 3, 4, 16), from: 660, to: 600 },
      { at: Date.UTC(2026, 9, 3, 16), from: 600, to: 660 },
    ]);
  });

  it('tells when a time is written at another offset than its zone’s', () => {
    expect(offsetDisagreement('2026-12-15T09:00+08:00', 'Asia/Shanghai')).toBeUndefined();
    expect(offsetDisagreement('2026-12-15T01:00Z', 'Asia/Shanghai')).toBeUndefined();
    expect(offsetDisagreement('2026-12-15', 'Asia/Shanghai')).toBeUndefined();
    expect(offsetDisagreement('2026-07-01T09:00-05:00', 'America/New_York')).toBe('-04:00');
    expect(offsetDisagreement('2026-07-01T09:00+08:00', 'Europe/London')).toBe('+01:00');
  });
});
