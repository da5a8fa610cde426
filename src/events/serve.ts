import { calendarEventOf } from './calendar-event.ts';
import { renderCalendar } from './ics.ts';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, langOfTag, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { isCurrent, rebuildOnce, refreshAfter, renderedCopy } from '../common/rebuild.ts';
import { reportUrl } from '../common/urls.ts';
import { topicLabel } from '../common/topics.ts';
import { EventsPage } from './page.tsx';
import { eventsCopyKey, type EventListing, type EventReport, type LanguageChoice, listEvents } from './store.ts';
import type { Scope } from '../common/scope.ts';
import { getRenderedAt, knownAbsent, putRebuilt, type Rendered, rememberAbsent } from '../common/rendered.ts';
import { lastChanges, writtenSince } from '../reports/index.ts';

/** Past events listed on a page and in a calendar, besides every upcoming one. */
const PAST_LIMIT = 200;

export type EventFormat = 'html' | 'ics';

/**
 * Which versions a scope lists. A language's page and calendar follow TRANSLATION_FALLBACK.
 * The calendar in every language (`/events.ics`, what calendars subscribed to before there
 * were languages) lists each real event once: a reader's calendar must not show one event
 * twice because it was reported in two languages. It takes the version in the site's first
 * language where there is one, else another, and leaves none out.
 */
function choiceOf(site: SiteConfig, scope: Scope): LanguageChoice {
  return scope.lang ? { lang: scope.lang, fallback: site.translationFallback } : { lang: LANGUAGES[0], fallback: 'mark' };
}

function calendarOf(site: SiteConfig, scope: Scope, listing: EventListing): string {
  const lang: Lang = scope.lang ?? LANGUAGES[0];
  const t = catalogue(lang);
  const siteName = site.names[lang].title;
  const mark = (report: EventReport) => {
    if (!scope.lang || !listing.marked.has(report.slug)) return undefined;
    const own = langOfTag(report.lang);
    return t.site.onlyIn(own ? t.site.languages[own]! : report.lang);
  };
  return renderCalendar({
    name: scope.kind === 'all' ? t.events.calendarName(siteName) : t.events.topicCalendarName(siteName, topicLabel(scope.topic, lang)),
    events: [...listing.upcoming, ...listing.past].map((r) => calendarEventOf(r, reportUrl(site, r.slug), { mark: mark(r) })),
  });
}

/**
 * The events page or calendar of a scope, or null for a topic with no public event: a
 * rendered copy like the feeds' (one read, or none while this isolate remembers it), rebuilt
 * when a write drops it, when an upcoming event ends or a scheduled one comes due, or at the
 * refresh bound. Calendar apps poll often: a poll lists nothing.
 */
export async function loadEvents(kv: KVNamespace, site: SiteConfig, scope: Scope, format: EventFormat, now: number): Promise<Rendered | null> {
  if (scope.kind === 'topic' && knownAbsent(scope, now, 'events')) return null;
  // Pages are in a language; only the calendar is also in every language.
  if (format === 'html' && !scope.lang) return null;
  const key = eventsCopyKey(scope, format);
  const cached = await getRenderedAt(kv, key, now);
  if (isCurrent(cached, site, now)) return cached;
  return rebuildOnce(key, async () => {
    const [listing, changes] = await Promise.all([listEvents(kv, scope, now, PAST_LIMIT, choiceOf(site, scope)), lastChanges(kv)]);
    const all = [...listing.upcoming, ...listing.past];
    const staleAt = Math.min(now + refreshAfter(site, changes.written, now), listing.nextChange ?? Number.POSITIVE_INFINITY);
    if (scope.kind === 'topic' && !listing.any) {
      rememberAbsent(scope, staleAt, 'events');
      return null;
    }
    const body = format === 'html' ? `<!doctype html>${EventsPage({ listing, site, scope: { ...scope, lang: scope.lang! } })}` : calendarOf(site, scope, listing);
    const lastModified = Math.max(changes.removed, 0, ...all.map((r) => Math.max(Date.parse(r.updated), Date.parse(r.published))));
    const rendered = await renderedCopy(body, site, { lm: lastModified, staleAt });
    await putRebuilt(kv, key, rendered, now, () => writtenSince(kv, changes.mark));
    return rendered;
  });
}
