import { catalogue, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { isIsoDate } from '../reports/dates.ts';
import type { ReportEvent } from '../reports/schema.ts';

/**
 * Dates as a reader of each interface language reads them, through `Intl`: `12 August 2022`
 * and `2022年8月12日`. Publication dates and months are UTC, as the archive files them; an
 * event's date-time is shown at its own offset, the one the editor wrote.
 */

/** English dates are written day first (`12 August 2022`), as the site always has. */
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : LANGUAGE_TAGS[lang]);

const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${lang}:${JSON.stringify(options)}`;
  let f = formats.get(id);
  if (!f) formats.set(id, (f = new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', ...options })));
  return f;
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/** A day (UTC): `12 August 2022`, `2022年8月12日`. */
export const dayIn = (lang: Lang, ms: number) => format(lang, DAY).format(ms);

/** A month (`2022-08`): `August 2022`, `2022年8月`. */
export const monthIn = (lang: Lang, month: string) => format(lang, { year: 'numeric', month: 'long' }).format(Date.parse(`${month}-01T00:00:00Z`));

/** A month's name within its year (`2022-08`): `August`, `8月`. */
export const monthNameIn = (lang: Lang, month: string) => format(lang, { month: lang === 'en' ? 'long' : 'short' }).format(Date.parse(`${month}-01T00:00:00Z`));

/** A year (`2022`): `2022`, `2022年`. */
export const yearIn = (lang: Lang, year: string) => format(lang, { year: 'numeric' }).format(Date.UTC(Number(year), 6, 1));

/** Two days as one span: `12 – 14 August 2022`; `2022年8月12日至14日`. */
function daySpan(lang: Lang, from: number, to: number): string {
  if (dayIn(lang, from) === dayIn(lang, to)) return dayIn(lang, from);
  // English ranges come from Intl itself; Chinese ranges from it read `2022/8/12 – 2022/8/14`.
  if (lang === 'en') return format(lang, DAY).formatRange(from, to);
  const a = new Date(from);
  const b = new Date(to);
  const sameYear = a.getUTCFullYear() === b.getUTCFullYear();
  const endFields: Intl.DateTimeFormatOptions = !sameYear ? DAY : a.getUTCMonth() === b.getUTCMonth() ? { day: 'numeric' } : { month: 'long', day: 'numeric' };
  return `${dayIn(lang, from)}${catalogue(lang).events.rangeJoin}${format(lang, endFields).format(to)}`;
}

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** A date-time at its own offset: the wall-clock time shifted to UTC for formatting, and the offset's name. */
function wallClock(value: string): { ms: number; zone: string } {
  const offset = OFFSET.exec(value)?.[1] ?? 'Z';
  const minutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return { ms: Date.parse(value) + minutes * 60_000, zone: offset === 'Z' ? 'UTC' : `UTC${offset}` };
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * An event's span as its page shows it: one day, a range of days, or date-times at the
 * offset they were given in: `4 December 2017, 14:00–17:30 (UTC+08:00)`,
 * `2017年12月4日 14:00至17:30（UTC+08:00）`.
 */
export function eventSpanIn(lang: Lang, start: string, end?: string): string {
  const t = catalogue(lang).events;
  const dayMs = (value: string) => Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  if (isIsoDate(start) && (!end || isIsoDate(end))) return daySpan(lang, dayMs(start), dayMs(end && end > start ? end : start));
  const time = (ms: number) => format(lang, TIME).format(ms);
  const when = (value: string) => {
    if (isIsoDate(value)) return dayIn(lang, dayMs(value));
    const { ms, zone } = wallClock(value);
    return t.dateTime(dayIn(lang, ms), time(ms), zone);
  };
  if (!end || end === start) return when(start);
  const a = wallClock(start);
  const b = wallClock(end);
  if (!isIsoDate(start) && !isIsoDate(end) && a.zone === b.zone && dayIn(lang, a.ms) === dayIn(lang, b.ms)) {
    return t.dateTime(dayIn(lang, a.ms), t.timeRange(time(a.ms), time(b.ms)), a.zone);
  }
  return `${when(start)}${t.rangeJoin}${when(end)}`;
}

/** An event in one line, in the page's language: `Workshop · 12 August 2022 · Luojia Hall, Wuhan`. */
export function eventLineIn(lang: Lang, event: { kind: string; start: string; end?: string; place?: string }): string {
  const kinds: Record<string, string> = catalogue(lang).events.kinds;
  return [kinds[event.kind] ?? kinds.other, eventSpanIn(lang, event.start, event.end), event.place].filter(Boolean).join(' · ');
}

/**
 * Where an event takes place, written as its report's language writes it (`tag`, the
 * report's own: a place is the report's text, not the page's): `Luojia Hall, Wuhan, China`,
 * `珞珈山庄，武汉，中国`, `Online`.
 */
export function placeIn(tag: string, event: Pick<ReportEvent, 'location'>): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const t = catalogue(tag).events;
  const parts = [location.name, location.city, location.country].filter((part): part is string => Boolean(part));
  const unique = parts.filter((part, i) => parts.indexOf(part) === i);
  return t.place(unique) + (location.online && !/online|线上|在线|网上/i.test(location.name) ? t.online : '');
}
