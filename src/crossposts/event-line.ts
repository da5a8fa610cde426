import { catalogue, LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';
import { formatEventDate } from '../reports/dates.ts';
import type { ReportEvent } from '../reports/schema.ts';

/**
 * An event's what, when and where in the language of the report it belongs to, for the
 * announcement's first line: a Chinese report's post is Chinese throughout
 * (`【论坛】名称｜2017年12月4日｜乌镇峰会，浙江乌镇，中国`), an English one reads as before
 * (`Forum: Name · 4 December 2017 · Wuzhen Summit, Wuzhen, China`).
 */

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** One boundary of an event, in the event's own offset, written as `lang` writes dates. */
function moment(value: string, lang: string): string {
  const ui = uiLanguage(lang);
  const m = MOMENT.exec(value);
  if (ui === 'en' || !m) return formatEventDate(value);
  const day = new Intl.DateTimeFormat(LANGUAGE_TAGS[ui], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m[4]) return day;
  return `${day} ${m[4]}:${m[5]}（${m[6] === 'Z' ? 'UTC' : `UTC${m[6]}`}）`;
}

/** When: one date, or the span's two ends. */
export function eventWhen(event: Pick<ReportEvent, 'start' | 'end'>, lang: string): string {
  if (!event.end || event.end === event.start) return moment(event.start, lang);
  return catalogue(lang).crossposts.span(moment(event.start, lang), moment(event.end, lang));
}

/** Where, in one line: the venue, city and country (each once), marked when online. */
export function eventPlace(event: Pick<ReportEvent, 'location'>, lang: string): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const parts = [location.name, location.city, location.country].filter((part): part is string => Boolean(part));
  return catalogue(lang).crossposts.place(parts.filter((part, i) => parts.indexOf(part) === i), location.online === true);
}

/** The event in one line, in `lang`: kind (with its name), when, where. */
export function eventLineIn(event: ReportEvent, lang: string): string {
  const strings = catalogue(lang).crossposts;
  return strings.eventLine(strings.kinds[event.kind] ?? strings.kinds.other!, event.name, eventWhen(event, lang), eventPlace(event, lang));
}
