import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, langOfTag, type Lang } from '../common/i18n/index.ts';
import { homeUrl, localUrl, reportUrl, scopeUrls } from '../common/urls.ts';
import { inLanguage, type Scope } from '../common/scope.ts';
import { topicLabel } from '../common/topics.ts';
import type { EventListing, EventReport } from './store.ts';
import { eventSpanIn, placeIn, yearIn } from './when.ts';
import { dateBlockOf } from './date-block.ts';
import { Layout } from '../site/layout.tsx';

/** The day an event starts, as a calendar leaf beside it (hidden from screen readers: the event line says the date in full). */
function DateBlock({ lang, start, end }: { lang: Lang; start: string; end?: string }) {
  const block = dateBlockOf(lang, start, end);
  return (
    <time class="date-block" datetime={block.date} aria-hidden="true">
      <span class="date-block-month">{block.month}</span>
      <span class={block.day.includes('–') ? 'date-block-day date-block-days' : 'date-block-day'}>{block.day}</span>
      <span class="date-block-year">{block.year}</span>
    </time>
  );
}

function EventItem({ report, site, lang, marked, level }: { report: EventReport; site: SiteConfig; lang: Lang; marked: boolean; level: 3 | 4 }) {
  const t = catalogue(lang);
  const { event } = report;
  const place = placeIn(report.lang, event);
  const own = langOfTag(report.lang);
  const tag = LANGUAGE_TAGS[lang];
  const title = <a href={reportUrl(site, report.slug)}>{event.name}</a>;
  return (
    <li class="event-item" lang={report.lang} dir="auto">
      <DateBlock lang={lang} start={event.start} end={event.end} />
      <div class="event-body">
        <p class="kicker" lang={tag}>
          {t.events.kinds[event.kind]}
          {marked && (
            <>
              {' · '}
              <span class="only">{t.site.onlyIn(own ? t.site.languages[own]! : report.lang)}</span>
            </>
          )}
        </p>
        {level === 3 ? <h3 class="event-title">{title}</h3> : <h4 class="event-title">{title}</h4>}
        <p class="event-when">
          <span lang={tag}>{eventSpanIn(lang, event.start, event.end, event.timezone)}</span>
          {place && ` · ${place}`}
        </p>
        {event.organizers.length > 0 && (
          <p class="meta">
            <span lang={tag}>{t.events.labelled(t.events.organizedBy, '')}</span>
            {catalogue(report.lang).events.list(event.organizers)}
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * Where a scope's events page and calendar live: the page in its language (English at the
 * root, `/zh/events`), the calendar in that language (`/en/events.ics`, `/zh/events.ics`) or,
 * for the scope in every language, at `/events.ics`.
 */
export function eventUrls(site: SiteConfig, scope: Scope): { page: string; ics: string; webcal: string } {
  const path = scope.kind === 'all' ? '' : `/topics/${encodeURIComponent(scope.topic)}`;
  const page = localUrl(site, scope.lang ?? LANGUAGES[0], `${path}/events`);
  const ics = `${site.siteUrl}${scope.lang ? `/${scope.lang}` : ''}${path}/events.ics`;
  return { page, ics, webcal: ics.replace(/^https?:/, 'webcal:') };
}

/**
 * Upcoming events first (soonest first), then past events by year, each beside its date
 * block, with the calendar to subscribe to, in one language. With nothing upcoming the page
 * says what that means and where to go: the past events, the calendar, or (with no event at
 * all) the latest reports.
 */
export function EventsPage({ listing, site, scope }: { listing: EventListing; site: SiteConfig; scope: Scope & { lang: Lang } }) {
  const lang = scope.lang;
  const t = catalogue(lang);
  const urls = eventUrls(site, scope);
  const title = scope.kind === 'all' ? t.events.title : t.events.topicTitle(topicLabel(scope.topic, lang));
  const years = new Map<string, EventReport[]>();
  for (const report of listing.past) {
    const year = report.event.start.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), report]);
  }
  const list = (reports: EventReport[], level: 3 | 4) => (
    <ol class="event-list">
      {reports.map((report) => (
        <EventItem report={report} site={site} lang={lang} marked={listing.marked.has(report.slug)} level={level} />
      ))}
    </ol>
  );
  const alternates = Object.fromEntries(LANGUAGES.map((l) => [l, eventUrls(site, inLanguage(scope, l)).page]));
  const hasPast = listing.past.length > 0;
  return (
    <Layout title={`${title} · ${site.names[lang].title}`} site={site} lang={lang} feeds={[{ title: site.names[lang].title, ...scopeUrls(site, scope) }]} canonical={urls.page} alternates={alternates}>
      <div class="list-head">
        <h1>{title}</h1>
        <p class="calendar-links" id="calendar">
          {t.events.labelled(t.events.subscribe, '')}
          <a href={urls.webcal}>webcal</a> · <a href={urls.ics}>iCalendar (.ics)</a>
        </p>
      </div>
      <section class="list-section" aria-labelledby="upcoming">
        <h2 id="upcoming">{t.events.upcoming}</h2>
        {listing.upcoming.length > 0 ? (
          list(listing.upcoming, 3)
        ) : (
          <div class="empty-state">
            <p class="empty-state-title">{hasPast ? t.events.noUpcoming : t.events.noEvents}</p>
            <p>{t.events.noUpcomingMeaning}</p>
            <p class="empty-state-links">
              {hasPast ? <a href="#past">{t.events.seePast}</a> : <a href={homeUrl(site, lang)}>{t.events.latestReports}</a>}
              <a href={localUrl(site, lang, '/follow')}>{t.events.followCalendar}</a>
            </p>
          </div>
        )}
      </section>
      {hasPast && (
        <section class="list-section" aria-labelledby="past">
          <h2 id="past">{t.events.past}</h2>
          {[...years].map(([year, reports]) => (
            <>
              <h3 class="year-heading">{yearIn(lang, year)}</h3>
              {list(reports, 4)}
            </>
          ))}
        </section>
      )}
    </Layout>
  );
}
