import { eventTimeText } from '../common/event-time.ts';
import { catalogue } from '../common/i18n/index.ts';
import type { ReportEvent } from '../reports/schema.ts';

/**
 * An event's what, when and where in the language of the report it belongs to, for the
 * announcement's first line: a Chinese report's post is Chinese throughout
 * (`【论坛】名称｜2017年12月4日｜乌镇峰会，浙江乌镇，中国`), an English one reads as before
 * (`Forum: Name · 4 December 2017 · Wuzhen Summit, Wuzhen, China`).
 */

/** Where, in one line: the venue, city and country (each once), marked when online. */
export function eventPlace(event: Pick<ReportEvent, 'location'>, lang: string): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const parts = [location.name, location.city, location.country].filter((part): part is string => Boolean(part));
  return catalogue(lang).crossposts.place(parts.filter((part, i) => parts.indexOf(part) === i), location.online === true);
}

/** The event in one line, in `lang`: kind (with its name), when (the one rule of src/common/event-time.ts), where. */
export function eventLineIn(event: ReportEvent, lang: string): string {
  const strings = catalogue(lang).crossposts;
  return strings.eventLine(strings.kinds[event.kind] ?? strings.kinds.other!, event.name, eventTimeText(event, lang), eventPlace(event, lang));
}
