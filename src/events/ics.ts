import { wallClockIn, type WallClock, zoneOffsetAt, zoneTransitions } from '../common/event-time.ts';

/**
 * iCalendar (RFC 5545) text: content lines folded at 75 octets without splitting a UTF-8
 * character, TEXT values escaped, CRLF line ends. Pure: the same events give the same bytes.
 * A timed event whose report names its time zone is written in that zone (`TZID`), with a
 * VTIMEZONE for it; one that names none, in UTC.
 */

/** A moment of an event: a day (all-day events), or an instant, told in `zone` when the event names one. */
export type CalendarTime = { date: string } | { at: number; zone?: string };

/** One VEVENT, already in calendar terms. */
export interface CalendarEvent {
  /** Never changes for the same event. */
  uid: string;
  /** When this description of the event last changed (epoch ms). */
  stamp: number;
  /** All-day (`date`: YYYY-MM-DD, end exclusive) or timed (epoch ms), in the event's zone when it names one. */
  start: CalendarTime;
  end?: CalendarTime;
  summary: string;
  /** The language of the summary and location (RFC 5545 LANGUAGE), a BCP 47 tag. */
  lang?: string;
  location?: string;
  description: string;
  url: string;
  categories: string[];
}

const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line (RFC 5545 §3.1): at most 75 octets per line, continuation lines
 * starting with a space, never inside a UTF-8 sequence (or a surrogate pair).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20221204T060000Z` */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** `2022-08-12` → `20220812` */
export const basicDate = (date: string) => date.replaceAll('-', '');

/** A wall-clock time as iCalendar writes a local time: `20261215T090000`. */
const localStamp = (w: WallClock) => `${w.year}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;

function when(name: 'DTSTART' | 'DTEND', value: CalendarTime): string {
  if ('date' in value) return `${name};VALUE=DATE:${basicDate(value.date)}`;
  return value.zone ? `${name};TZID=${value.zone}:${localStamp(wallClockIn(value.zone, value.at))}` : `${name}:${utcStamp(value.at)}`;
}

/** `+0800`, `-0430` */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

const YEAR_MS = 366 * 86_400_000;

/**
 * A VTIMEZONE for `zone` that covers `instants` (RFC 5545 §3.6.5): its offsets and their
 * changes from a year before the first to a year after the last, as Intl knows them (an
 * offset that grows starts a DAYLIGHT observance, one that shrinks a STANDARD one); a zone
 * whose offset never changes there has one STANDARD observance.
 */
export function vtimezone(zone: string, instants: number[]): string[] {
  const first = Math.min(...instants);
  const last = Math.max(...instants);
  const from = Date.UTC(new Date(first).getUTCFullYear() - 1, 0, 1);
  const to = Date.UTC(new Date(last).getUTCFullYear() + 1, 11, 31);
  const changes = zoneTransitions(zone, from, Math.max(to, from + YEAR_MS));
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', start: string, before: number, after: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(before)}`,
    `TZOFFSETTO:${offsetText(after)}`,
    `END:${kind}`,
  ];
  const body =
    changes.length === 0
      ? observance('STANDARD', '19700101T000000', zoneOffsetAt(zone, first), zoneOffsetAt(zone, first))
      : changes.flatMap((c) => observance(c.to > c.from ? 'DAYLIGHT' : 'STANDARD', localStamp(wallClockIn('UTC', c.at + c.from * 60_000)), c.from, c.to));
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...body, 'END:VTIMEZONE'];
}

/** One VTIMEZONE per zone the events are told in. */
function timezones(events: CalendarEvent[]): string[] {
  const instants = new Map<string, number[]>();
  for (const event of events) {
    for (const value of [event.start, event.end]) {
      if (value && 'at' in value && value.zone) instants.set(value.zone, [...(instants.get(value.zone) ?? []), value.at]);
    }
  }
  return [...instants].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([zone, at]) => vtimezone(zone, at));
}

function vevent(event: CalendarEvent): string[] {
  // A tag is letters, digits and hyphens; anything else is left out rather than break the line.
  const lang = event.lang && /^[A-Za-z0-9-]+$/.test(event.lang) ? `;LANGUAGE=${event.lang}` : '';
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    when('DTSTART', event.start),
    ...(event.end ? [when('DTEND', event.end)] : []),
    `SUMMARY${lang}:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION${lang}:${escapeText(event.location)}`] : []),
    `DESCRIPTION:${escapeText(event.description)}`,
    `URL:${event.url}`,
    ...(event.categories.length > 0 ? [`CATEGORIES:${event.categories.map(escapeText).join(',')}`] : []),
    'END:VEVENT',
  ];
}

/** A VCALENDAR with the events, named `name` for the reader's calendar list. */
export function renderCalendar(options: { name: string; events: CalendarEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Herald//Herald events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    ...timezones(options.events),
    ...options.events.flatMap(vevent),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
