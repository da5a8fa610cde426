import { eventTimeText } from '../common/event-time.ts';
import { catalogue } from '../common/i18n/index.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** True for `YYYY-MM-DD`, a real calendar day. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for an ISO 8601 date-time with seconds optional and an explicit offset (`Z` or `±hh:mm`). */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60 && !Number.isNaN(Date.parse(value));
}

/** A date or date-time (as accepted above) as epoch milliseconds; a bare date is midnight UTC. */
export function toEpoch(value: string): number {
  return Date.parse(isIsoDate(value) ? `${value}T00:00:00Z` : value);
}

/** Month names, January first. */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The event's time as the report page shows it, in the language of `lang` (a BCP 47 tag;
 * one without a catalogue reads English), in the event's `timezone`, named, or at the offset
 * it was written with: `15 December 2026, 09:00–17:00 China Standard Time`,
 * `15–17 December 2026`. The one rule every surface follows: {@link eventTimeText}.
 */
export function formatEventSpan(start: string, end?: string, lang = 'en', timezone?: string): string {
  return eventTimeText({ start, ...(end ? { end } : {}), ...(timezone ? { timezone } : {}) }, lang);
}

/** The human publication date (UTC) of an ISO timestamp: `12 August 2022`, `2022年8月12日`. */
export function formatDay(iso: string, lang = 'en'): string {
  return catalogue(lang).report.day(Date.parse(iso));
}

/**
 * The last moment of an event (epoch ms): its end, or its start; an all-day date counts to
 * the last millisecond of that day (UTC). An event is upcoming while this is not past.
 */
export function eventLastMoment(event: { start: string; end?: string }): number {
  const last = event.end ?? event.start;
  return toEpoch(last) + (isIsoDate(last) ? 86_400_000 - 1 : 0);
}

/** A month, `YYYY-MM`, of an epoch time (UTC, as the pages show publication dates). */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
