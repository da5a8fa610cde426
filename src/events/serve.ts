import { calendarEventOf } from './calendar-event.ts';
import { renderCalendar } from './ics.ts';
import type { SiteConfig } from '../common/config.ts';
import { isCurrent, rebuildOnce, refreshAfter, renderedCopy } from '../common/rebuild.ts';
import { reportUrl } from '../common/urls.ts';
import { EventsPage } from './page.tsx';
import { eventsCopyKey, listEvents } from './store.ts';
import type { Scope } from '../common/scope.ts';
import { getRenderedAt, knownAbsent, putRebuilt, type Rendered, rememberAbsent } from '../common/rendered.ts';
import { lastChanges, writtenSince } from '../reports/index.ts';

/** Past events listed on a page and in a calendar, besides every upcoming one. */
const PAST_LIMIT = 200;

export type EventFormat = 'html' | 'ics';

/**
 * The events page or calendar of a scope, or null for a topic with no public event: a
 * rendered copy like the feeds' (one read, or none while this isolate remembers it), rebuilt
 * when a write drops it, when an upcoming event ends or a scheduled one comes due, or at the
 * refresh bound. Calendar apps poll often: a poll lists nothing.
 */
export async function loadEvents(kv: KVNamespace, site: SiteConfig, scope: Scope, format: EventFormat, now: number): Promise<Rendered | null> {
  if (scope.kind === 'topic' && knownAbsent(scope, now, 'events')) return null;
  const key = eventsCopyKey(scope, format);
  const cached = await getRenderedAt(kv, key, now);
  if (isCurrent(cached, site, now)) return cached;
  return rebuildOnce(key, async () => {
    const [listing, changes] = await Promise.all([listEvents(kv, scope, now, PAST_LIMIT), lastChanges(kv)]);
    const all = [...listing.upcoming, ...listing.past];
    const staleAt = Math.min(now + refreshAfter(site, changes.written, now), listing.nextChange ?? Number.POSITIVE_INFINITY);
    if (scope.kind === 'topic' && all.length === 0) {
      rememberAbsent(scope, staleAt, 'events');
      return null;
    }
    const body =
      format === 'html'
        ? `<!doctype html>${EventsPage({ listing, site, scope })}`
        : renderCalendar({ name: scope.kind === 'all' ? `${site.title} events` : `${site.title} events: ${scope.topic}`, events: all.map((r) => calendarEventOf(r, reportUrl(site, r.slug))) });
    const lastModified = Math.max(changes.removed, 0, ...all.map((r) => Math.max(Date.parse(r.updated), Date.parse(r.published))));
    const rendered = await renderedCopy(body, site, { lm: lastModified, staleAt });
    await putRebuilt(kv, key, rendered, now, () => writtenSince(kv, changes.mark));
    return rendered;
  });
}

