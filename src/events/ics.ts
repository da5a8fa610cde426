/**
 * iCalendar (RFC 5545) text: content lines folded at 75 octets without splitting a UTF-8
 * character, TEXT values escaped, CRLF line ends. Pure: the same events give the same bytes.
 */

/** One VEVENT, already in calendar terms. */
export interface CalendarEvent {
  /** Never changes for the same event. */
  uid: string;
  /** When this description of the event last changed (epoch ms). */
  stamp: number;
  /** All-day (`date`: YYYY-MM-DD, end exclusive) or timed (epoch ms, UTC). */
  start: { date: string } | { at: number };
  end?: { date: string } | { at: number };
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

function when(name: 'DTSTART' | 'DTEND', value: { date: string } | { at: number }): string {
  return 'date' in value ? `${name};VALUE=DATE:${basicDate(value.date)}` : `${name}:${utcStamp(value.at)}`;
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
    ...options.events.flatMap(vevent),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
