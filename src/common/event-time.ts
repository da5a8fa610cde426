import { catalogue, LANGUAGE_TAGS, uiLanguage } from './i18n/index.ts';
import { dateFormat } from './intl.ts';

/**
 * Event times, one rule, for every surface (report page, lists, events page, feeds, emails,
 * cross-posts, calendars). An event's start and end are a date (`2026-12-15`) or a date-time
 * with the offset it was written with (`2026-12-15T09:00+08:00`), and it may name its IANA
 * time zone (`Asia/Shanghai`). Its time is shown in that zone with the zone named
 * ("15 December 2026, 09:00–17:00 China Standard Time"), or at the offset it was written
 * with ("… 09:00–17:00 UTC+08:00") when it names none. Same-day ranges collapse to one date;
 * a date shows no time. An email may add the reader's own time beside it.
 *
 * Pure, and below every capability: the reports core, the pages, the digests, the
 * cross-posts and the calendar all import it from here.
 */

/** What an event's time is made of, as stored. */
export interface EventTime {
  start: string;
  end?: string;
  /** The IANA time zone the event takes place in, when the editor named one. */
  timezone?: string;
}

/** A calendar day. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock time: a day and a time of day. */
export interface WallClock extends Day {
  hour: number;
  minute: number;
  second: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const wallFormat = (zone: string) => dateFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** What the clocks in `zone` show at instant `ms`. */
export function wallClockIn(zone: string, ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of wallFormat(zone).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The offset from UTC of `zone` at instant `ms`, in minutes (`Asia/Shanghai`: 480). */
export function zoneOffsetAt(zone: string, ms: number): number {
  const w = wallClockIn(zone, ms);
  const floor = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - floor) / 60_000);
}

/**
 * When `value` is a date-time written with a numeric offset that is not `zone`'s at that
 * instant, the zone's offset there (`+08:00`); otherwise undefined. A date, and a time in
 * UTC (`Z`), agree with every zone.
 */
export function offsetDisagreement(value: string, zone: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m || m[7] === 'Z') return undefined;
  const written = (m[7]!.startsWith('-') ? -1 : 1) * (Number(m[7]!.slice(1, 3)) * 60 + Number(m[7]!.slice(4, 6)));
  const actual = zoneOffsetAt(zone, Date.parse(value));
  return written === actual ? undefined : isoOffset(actual);
}

/** An offset in minutes as ISO 8601 writes it: `+08:00`, `-05:00`, `+00:00`. */
function isoOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An offset in minutes as people write it: `UTC`, `UTC+08:00`, `UTC-05:00`, `UTC+05:30`. */
export function offsetName(minutes: number): string {
  return minutes === 0 ? 'UTC' : `UTC${isoOffset(minutes)}`;
}

/**
 * The zone's name at instant `ms` as a reader of `lang` reads it: `China Standard Time`,
 * `British Summer Time`, `中国标准时间`. A zone that has no name in that language (Intl then
 * says `GMT+3`) is named by its offset (`UTC+03:00`).
 */
export function zoneNameAt(zone: string, ms: number, lang: string): string {
  const name = dateFormat(localeOf(lang), { timeZone: zone, timeZoneName: 'long' }).formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value;
  return !name || /^(GMT|UTC)([-+−]|$)/.test(name) ? offsetName(zoneOffsetAt(zone, ms)) : name;
}

/** English dates are written day first (`15 December 2026`), as the site always has. */
const localeOf = (lang: string) => (uiLanguage(lang) === 'en' ? 'en-GB' : LANGUAGE_TAGS[uiLanguage(lang)]);

/** A point of an event's time, as it is shown: a day, or a day and time in a named zone or at an offset. */
type Point = { kind: 'date'; day: Day } | { kind: 'time'; ms: number; wall: WallClock; offset: number; zone: string };

function dayOf(value: string): Day | undefined {
  const m = DATE.exec(value) ?? DATE_TIME.exec(value);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

/** One boundary of an event, in its zone (when it names one) or at the offset it was written with. */
function pointOf(value: string, timezone: string | undefined, lang: string): Point | undefined {
  if (DATE.test(value)) return { kind: 'date', day: dayOf(value)! };
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(value);
  if (timezone) {
    return { kind: 'time', ms, wall: wallClockIn(timezone, ms), offset: zoneOffsetAt(timezone, ms), zone: zoneNameAt(timezone, ms, lang) };
  }
  // The wall clock the editor wrote, at the offset they wrote it with.
  const offset = m[7] === 'Z' ? 0 : (m[7]!.startsWith('-') ? -1 : 1) * (Number(m[7]!.slice(1, 3)) * 60 + Number(m[7]!.slice(4, 6)));
  const wall = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) };
  return { kind: 'time', ms, wall, offset, zone: offsetName(offset) };
}

const sameDay = (a: Day, b: Day) => a.year === b.year && a.month === b.month && a.day === b.day;

/** A wall clock's time of day, `09:00`. */
const clock = (w: WallClock) => `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;

/** Options of {@link eventTimeText}. */
export interface EventTimeOptions {
  /**
   * The reader's time zone (an email's subscriber): where its clocks differ from the
   * event's, their time is added beside the event's ("(01:00–09:00 your time)").
   */
  readerZone?: string;
}

/**
 * An event's time in the words of `lang` (a BCP 47 tag; English without a catalogue):
 *
 * - `15 December 2026, 09:00–17:00 China Standard Time` (a zone named; in Chinese
 *   `2026年12月15日 09:00–17:00（中国标准时间）`),
 * - `15 December 2026, 09:00–17:00 UTC+08:00` (no zone: the offset it was written with),
 * - `15–17 December 2026`, `2026年12月15日至17日` (dates: no time),
 * - `15 December 2026, 09:00 – 17 December 2026, 17:00 China Standard Time` (times on several days),
 *
 * and, with `readerZone` whose clocks differ, `… (01:00–09:00 your time)`.
 */
export function eventTimeText(event: EventTime, lang: string, options: EventTimeOptions = {}): string {
  const t = catalogue(lang).time;
  const a = pointOf(event.start, event.timezone, lang);
  if (!a) return event.start;
  const b = event.end && event.end !== event.start ? pointOf(event.end, event.timezone, lang) : undefined;
  const shown = shownText(t, a, b);
  const reader = options.readerZone ? readerText(t, a, b, options.readerZone) : undefined;
  return reader ? t.withReaderTime(shown, reader) : shown;
}

type TimeStrings = ReturnType<typeof catalogue>['time'];

function shownText(t: TimeStrings, a: Point, b: Point | undefined): string {
  const whole = (p: Point, after?: Day) => {
    const day = after ? t.laterDay(after, p.kind === 'date' ? p.day : p.wall) : t.day(p.kind === 'date' ? p.day : p.wall);
    return p.kind === 'date' ? day : t.zoned(t.at(day, clock(p.wall)), p.zone);
  };
  if (!b) return whole(a);
  if (a.kind === 'date' && b.kind === 'date') return sameDay(a.day, b.day) ? t.day(a.day) : t.days(a.day, b.day);
  if (a.kind === 'time' && b.kind === 'time' && a.zone === b.zone) {
    // One zone: named once, at the end.
    if (sameDay(a.wall, b.wall)) return t.zoned(t.at(t.day(a.wall), t.clocks(clock(a.wall), clock(b.wall))), a.zone);
    return t.zoned(t.span(t.at(t.day(a.wall), clock(a.wall)), t.at(t.laterDay(a.wall, b.wall), clock(b.wall))), a.zone);
  }
  // A date and a time: on one day, the time says it all; else from one to the other.
  const dayA = a.kind === 'date' ? a.day : a.wall;
  const dayB = b.kind === 'date' ? b.day : b.wall;
  if (sameDay(dayA, dayB)) return whole(a.kind === 'time' ? a : b);
  return t.span(whole(a), whole(b, dayA));
}

/** The event's times on the reader's clock, or undefined when they read the same there (or the event has no time). */
function readerText(t: TimeStrings, a: Point, b: Point | undefined, zone: string): string | undefined {
  if (a.kind !== 'time' || (b && b.kind !== 'time')) return undefined;
  const points = b ? [a, b] : [a];
  if (points.every((p) => p.kind === 'time' && zoneOffsetAt(zone, p.ms) === p.offset)) return undefined;
  const ra = wallClockIn(zone, a.ms);
  // The reader's day is said only when it is not the day the event's own time says.
  const on = (w: WallClock, text: string) => (sameDay(w, a.wall) ? text : t.at(t.day(w), text));
  if (!b) return on(ra, clock(ra));
  const rb = wallClockIn(zone, b.ms);
  if (sameDay(ra, rb)) return on(ra, t.clocks(clock(ra), clock(rb)));
  return t.span(on(ra, clock(ra)), t.at(t.laterDay(ra, rb), clock(rb)));
}

type Transition = { at: number; from: number; to: number };

const transitionYears = new Map<string, Transition[]>();

/** The changes of `zone`'s offset in one year (UTC), kept: a calendar asks for the same years again. */
function transitionsIn(zone: string, year: number): Transition[] {
  const id = `${zone}:${year}`;
  let found = transitionYears.get(id);
  if (found) return found;
  const WEEK = 7 * 86_400_000;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  found = [];
  let before = zoneOffsetAt(zone, from);
  for (let lo = from; lo < to; lo += WEEK) {
    const hi = Math.min(lo + WEEK, to);
    const after = zoneOffsetAt(zone, hi);
    if (after === before) continue;
    // The first second at which the offset is no longer `before`.
    let l = lo;
    let h = hi;
    while (h - l > 1000) {
      const mid = l + Math.floor((h - l) / 2000) * 1000;
      if (zoneOffsetAt(zone, mid) === before) l = mid;
      else h = mid;
    }
    found.push({ at: h, from: before, to: after });
    before = after;
  }
  transitionYears.set(id, found);
  return found;
}

/**
 * The changes of `zone`'s offset from `from` to `to` (epoch ms): each instant and the offsets
 * (minutes) before and after it. Found through Intl, by sampling every week and narrowing to
 * the second.
 */
export function zoneTransitions(zone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year++) {
    found.push(...transitionsIn(zone, year).filter((t) => t.at >= from && t.at <= to));
  }
  return found;
}
