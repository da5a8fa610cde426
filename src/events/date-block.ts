import { LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';

/**
 * What an event's date block shows: the month, the day (or days, within one month) and the
 * year of its first day, as the event wrote them (the date part of `start`, at the event's own
 * offset): `Aug` / `12` / `2022`, `8月` / `12` / `2022`. The time itself is the event line's.
 */
export interface DateBlock {
  /** `2022-08-12`, for `<time datetime>`. */
  date: string;
  month: string;
  day: string;
  year: string;
}

const months = new Map<Lang, Intl.DateTimeFormat>();
function monthFormat(lang: Lang): Intl.DateTimeFormat {
  let f = months.get(lang);
  if (!f) months.set(lang, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : LANGUAGE_TAGS[lang], { month: 'short', timeZone: 'UTC' })));
  return f;
}

export function dateBlockOf(lang: Lang, start: string, end?: string): DateBlock {
  const date = start.slice(0, 10);
  const [year, month, day] = date.split('-');
  const last = end?.slice(0, 10);
  // A span within one month shows its days (`12–14`); a longer one, its first day.
  const sameMonth = last !== undefined && last > date && last.slice(0, 7) === date.slice(0, 7);
  return {
    date,
    month: monthFormat(lang).format(Date.UTC(Number(year), Number(month) - 1, 1)),
    day: sameMonth ? `${Number(day)}–${Number(last.slice(8, 10))}` : String(Number(day)),
    year: year!,
  };
}

/** A month (`2022-08`) as a date block or the archive's grid names it: `Aug`, `8月`. */
export const monthShortIn = (lang: Lang, month: string): string => monthFormat(lang).format(Date.parse(`${month}-01T00:00:00Z`));
