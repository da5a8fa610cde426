import { eventTimeText } from '../common/event-time.ts';
import { catalogue, formatInstant } from '../common/i18n/index.ts';
import type { ReportEvent } from '../reports/schema.ts';

/*
 * Dates and event lines of the lists, in a language: through Intl and the `feeds` catalogue,
 * so a Chinese list reads "2022年8月12日" and "工作坊：…" where the English reads
 * "12 August 2022" and "Workshop: …". Publication dates are shown in UTC, as they always were.
 */

/** A publication time as a day in `lang`: `12 August 2022`, `2022年8月12日`. */
export function dayIn(iso: string, lang: string): string {
  return formatInstant(Date.parse(iso), lang, 'UTC');
}

/** A month (`2022-08`) in `lang`: `August 2022`, `2022年8月`. */
export function monthIn(month: string, lang: string): string {
  const [year, m] = month.split('-').map(Number);
  const tag = catalogue(lang) === catalogue('en') ? 'en-GB' : lang;
  return new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(year!, m! - 1, 1));
}

/** Where an event took place, in one line, in `lang`. */
export function placeIn(event: ReportEvent, lang: string): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const t = catalogue(lang).feeds;
  const parts = [location.name, location.city, location.country].filter((part): part is string => Boolean(part));
  const place = t.place(parts.filter((part, i) => parts.indexOf(part) === i));
  return location.online && !/online|线上|在线|网络/i.test(location.name) ? t.online(place) : place;
}

/**
 * An event in one line, in `lang` (the language of the report it belongs to): kind and name,
 * time (src/common/event-time.ts), place. `Workshop: … · 12 August 2022 · Luojia Hall, Wuhan`.
 */
export function eventLineIn(event: ReportEvent, lang: string): string {
  const t = catalogue(lang).feeds;
  const kind = t.kinds[event.kind] ?? t.kinds.other;
  const named = !event.name ? kind : event.name.toLowerCase().includes(kind.toLowerCase()) ? event.name : t.kindAndName(kind, event.name);
  return [named, eventTimeText(event, lang), placeIn(event, lang)].filter(Boolean).join(' · ');
}
