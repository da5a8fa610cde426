import { catalogue, formatInstant, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { dateFormat } from '../common/intl.ts';

/** What the delivery pages format with, in the desk's language: strings, numbers, days and moments. */
export interface Words {
  lang: Lang;
  t: ReturnType<typeof catalogue>['desk']['delivery'];
  number: (n: number) => string;
  /** A UTC day (YYYY-MM-DD), short (for the chart's axis) or long (for tables). */
  day: (day: string, short?: boolean) => string;
  /** A moment, with its time, in the site's time zone. */
  when: (ms: number) => string;
}

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : LANGUAGE_TAGS[lang]);

/** The words of `lang`, with moments shown in `timeZone`. */
export function wordsFor(lang: Lang, timeZone: string): Words {
  const numbers = new Intl.NumberFormat(locale(lang));
  return {
    lang,
    t: catalogue(lang).desk.delivery,
    number: (n) => numbers.format(n),
    day: (day, short = false) => dateFormat(locale(lang), short ? { timeZone: 'UTC', month: 'short', day: 'numeric' } : { timeZone: 'UTC', dateStyle: 'medium' }).format(Date.parse(`${day}T00:00:00Z`)),
    when: (ms) => formatInstant(ms, lang, timeZone, true),
  };
}
