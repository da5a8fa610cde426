import type { SiteConfig } from '../common/config.ts';
import { reportUrl, scopeUrls } from '../common/urls.ts';
import { formatEventSpan } from '../reports/dates.ts';
import type { Scope } from '../common/scope.ts';
import type { EventListing, EventReport } from './store.ts';
import { KIND_LABEL, placeOf } from '../reports/event-details.ts';
import { Layout } from '../site/layout.tsx';

function EventItem({ report, site }: { report: EventReport; site: SiteConfig }) {
  const { event } = report;
  const place = placeOf(event);
  return (
    <li lang={report.lang} dir="auto">
      <div class="meta">{KIND_LABEL[event.kind]}</div>
      <h3>
        <a href={reportUrl(site, report.slug)}>{event.name}</a>
      </h3>
      <div class="meta">{[formatEventSpan(event.start, event.end), place].filter(Boolean).join(' · ')}</div>
      {event.organizers.length > 0 && <div class="meta">Organized by {event.organizers.join('; ')}</div>}
    </li>
  );
}

/** Where a scope's events page and calendar live. */
export function eventUrls(site: SiteConfig, scope: Scope): { page: string; ics: string; webcal: string } {
  const home = scopeUrls(site, scope).home.replace(/\/$/, '');
  const ics = `${home}/events.ics`;
  return { page: `${home}/events`, ics, webcal: ics.replace(/^https?:/, 'webcal:') };
}

/** Upcoming events first (soonest first), then past events by year, with the calendar to subscribe to. */
export function EventsPage({ listing, site, scope }: { listing: EventListing; site: SiteConfig; scope: Scope }) {
  const urls = eventUrls(site, scope);
  const title = scope.kind === 'all' ? 'Events' : `Events: ${scope.topic}`;
  const years = new Map<string, EventReport[]>();
  for (const report of listing.past) {
    const year = report.event.start.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), report]);
  }
  return (
    <Layout title={`${title} · ${site.title}`} site={site} lang={site.lang} feeds={[{ title: site.title, ...scopeUrls(site, scope) }]} canonical={urls.page}>
      <h1>{title}</h1>
      <p class="calendar">
        Subscribe in your calendar: <a href={urls.webcal}>webcal</a> · <a href={urls.ics}>iCalendar (.ics)</a>
      </p>
      <h2>Upcoming</h2>
      {listing.upcoming.length === 0 ? (
        <p class="muted">No upcoming events.</p>
      ) : (
        <ol class="reports">
          {listing.upcoming.map((report) => (
            <EventItem report={report} site={site} />
          ))}
        </ol>
      )}
      {[...years].map(([year, reports]) => (
        <>
          <h2>{year}</h2>
          <ol class="reports">
            {reports.map((report) => (
              <EventItem report={report} site={site} />
            ))}
          </ol>
        </>
      ))}
    </Layout>
  );
}
