import { catalogue, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { eventTimeText } from '../common/event-time.ts';
import type { ReportEvent } from '../reports/schema.ts';
import { dateFormat } from '../common/intl.ts';

/**
 * Dates as a reader of each interface language reads them, through `Intl`: `12 August 2022`
 * and `2022年8月12日`. Publication dates and months are UTC, as the archive files them; an
 * event's time follows the one rule of src/common/event-time.ts.
 */

/** English dates are written day first (`12 August 2022`), as the site always has. */
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : LANGUAGE_TAGS[lang]);

const format = (lang: Lang, options: Intl.DateTimeFormatOptions) => dateFormat(locale(lang), { timeZone: 'UTC', ...options });

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/** A day (UTC): `12 August 2022`, `2022年8月12日`. */
export const dayIn = (lang: Lang, ms: number) => format(lang, DAY).format(ms);

/** A month (`2022-08`): `August 2022`, `2022年8月`. */
export const monthIn = (lang: Lang, month: string) => format(lang, { year: 'numeric', month: 'long' }).format(Date.parse(`${month}-01T00:00:00Z`));

/** A month's name within its year (`2022-08`): `August`, `8月`. */
export const monthNameIn = (lang: Lang, month: string) => format(lang, { month: lang === 'en' ? 'long' : 'short' }).format(Date.parse(`${month}-01T00:00:00Z`));

/** A year (`2022`): `2022`, `2022年`. */
export const yearIn = (lang: Lang, year: string) => format(lang, { year: 'numeric' }).format(Date.UTC(Number(year), 6, 1));

/**
 * An event's time as the events page shows it, in the page's language: in the event's
 * `timezone`, named, or at the offset it was written with; one day, a range of days, or
 * times: `4 December 2017, 14:00–17:30 China Standard Time`, `2017年12月4日 14:00–17:30（UTC+08:00）`.
 * The one rule of every surface: {@link eventTimeText}.
 */
export function eventSpanIn(lang: Lang, start: string, end?: string, timezone?: string): string {
  return eventTimeText({ start, ...(end ? { end } : {}), ...(timezone ? { timezone } : {}) }, lang);
}

/** An event in one line, in the page's language: `Workshop · 12 August 2022 · Luojia Hall, Wuhan`. */
export function eventLineIn(lang: Lang, event: { kind: string; start: string; end?: string; timezone?: string; place?: string }): string {
  const kinds: Record<string, string> = catalogue(lang).events.kinds;
  return [kinds[event.kind] ?? kinds.other, eventTimeText(event, lang), event.place].filter(Boolean).join(' · ');
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
