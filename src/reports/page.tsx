import { raw } from 'hono/html';
import type { SiteConfig } from '../common/config.ts';
import { reportUrl, scopeUrls, topicUrl } from '../common/urls.ts';
import { formatDay } from './dates.ts';
import { bodyOf } from './rendering.ts';
import type { Report, ReportEvent } from './schema.ts';
import { ALL } from '../common/scope.ts';
import { EventDetails } from './event-details.ts';
import { Layout } from '../site/layout.tsx';
import { calendarEventOf, googleCalendarUrl } from '../events/calendar-event.ts';

const SCHEMA_ORG_ATTENDANCE = {
  online: 'https://schema.org/OnlineEventAttendanceMode',
  offline: 'https://schema.org/OfflineEventAttendanceMode',
};

/** schema.org `Event` for search engines, built only from the report's own fields. */
export function eventJsonLd(event: ReportEvent, report: Report, url: string): Record<string, unknown> {
  const location = event.location;
  const place = location?.online
    ? { '@type': 'VirtualLocation', name: location.name, url }
    : location
      ? {
          '@type': 'Place',
          name: location.name,
          address: { '@type': 'PostalAddress', ...(location.city ? { addressLocality: location.city } : {}), ...(location.country ? { addressCountry: location.country } : {}) },
        }
      : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.name,
    startDate: event.start,
    ...(event.end ? { endDate: event.end } : {}),
    eventStatus: 'https://schema.org/EventScheduled',
    ...(location ? { eventAttendanceMode: location.online ? SCHEMA_ORG_ATTENDANCE.online : SCHEMA_ORG_ATTENDANCE.offline } : {}),
    ...(place ? { location: place } : {}),
    ...(event.organizers.length > 0 ? { organizer: event.organizers.map((name) => ({ '@type': 'Organization', name })) } : {}),
    ...(event.speakers.length > 0 ? { performer: event.speakers.map((s) => ({ '@type': 'Person', name: s.name, ...(s.affiliation ? { affiliation: s.affiliation } : {}) })) } : {}),
    description: bodyOf(report, url).summary,
    url,
  };
}

/** JSON for a `<script>` element: `<`, `>` and `&` escaped so no text can close the element. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One report, with its event's details and, when it has an event, schema.org JSON-LD. */
export function ReportPage({ report, site }: { report: Report; site: SiteConfig }) {
  const url = reportUrl(site, report.slug);
  const feeds = [{ title: site.title, ...scopeUrls(site, ALL) }];
  const jsonLd = report.event ? <script type="application/ld+json">{raw(scriptJson(eventJsonLd(report.event, report, url)))}</script> : undefined;
  return (
    <Layout title={`${report.title} · ${site.title}`} site={site} lang={site.lang} feeds={feeds} canonical={url} head={jsonLd}>
      <article lang={report.lang} dir="auto">
        <h1>{report.title}</h1>
        <p class="meta">
          <time datetime={report.published}>{formatDay(report.published)}</time>
          {report.authors.length > 0 && ` · ${report.authors.map((a) => a.name).join(', ')}`}
        </p>
        {report.topics.length > 0 && (
          <p class="topics">
            {report.topics.map((topic) => (
              <a href={topicUrl(site, topic)}>#{topic}</a>
            ))}
          </p>
        )}
        {report.event && <EventDetails event={report.event} />}
        {report.event && (
          <p class="calendar">
            Add to calendar: <a href={`${url}/event.ics`}>iCalendar (.ics)</a> · <a href={googleCalendarUrl(calendarEventOf({ ...report, event: report.event }, url))}>Google Calendar</a>
          </p>
        )}
        {raw(bodyOf(report, url).html)}
      </article>
    </Layout>
  );
}
