import { catalogue, formatInstant } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { uiLanguage } from '../common/i18n/index.ts';
import type { Digest } from './compose.ts';

/**
 * What an email says under the site's short name: the edition's name ("Daily brief ·
 * Thursday 3 December", "Weekly brief · week of 30 November", "New report") and one line
 * of introduction, on the reader's calendar (`digest.timeZone`) and in their language. A
 * daily brief is named for the day it is sent (its window's end), a weekly one for the week
 * it looks back on (its window's start). A digest with no edition (a window asked for on the
 * web, an edition kept before they had names) is headed as before, with its window.
 */
export function editionHeading(digest: Digest, siteName: string): { name: string; intro: string } {
  const t = catalogue(digest.lang).digest;
  const count = digest.items.length;
  const upcomingFirst = digest.items.some((item) => item.upcoming) && digest.items.some((item) => !item.upcoming);
  switch (digest.edition) {
    case 'daily':
      return { name: t.editions.daily(t.dayDate(digest.until, digest.timeZone)), intro: t.intro.daily(count, upcomingFirst) };
    case 'weekly':
      return { name: t.editions.weekly(t.dayMonth(digest.since, digest.timeZone)), intro: t.intro.weekly(count, upcomingFirst) };
    case 'instant': {
      const first = digest.items[0];
      return { name: t.editions.instant, intro: t.intro.instant(siteName, formatInstant(first?.publicAt ?? digest.until, digest.lang, digest.timeZone)) };
    }
    default:
      return { name: t.heading(digest.siteTitle), intro: digest.period };
  }
}

/** A report's topics by their labels in the digest's language, never by their slugs. */
export const topicLabels = (topics: string[], lang: string): string[] => topics.map((topic) => topicLabel(topic, uiLanguage(lang)));
