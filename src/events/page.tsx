import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, langOfTag, type Lang } from '../common/i18n/index.ts';
import { localUrl, reportUrl, scopeUrls } from '../common/urls.ts';
import { inLanguage, type Scope } from '../common/scope.ts';
import type { EventListing, EventReport } from './store.ts';
import { eventSpanIn, placeIn, yearIn } from './when.ts';
import { Layout } from '../site/layout.tsx';

function EventItem({ report, site, lang, marked }: { report: EventReport; site: SiteConfig; lang: Lang; marked: boolean }) {
  const t = catalogue(lang);
  const { event } = report;
  const place = placeIn(report.lang, event);
  const own = langOfTag(report.lang);
  const tag = LANGUAGE_TAGS[lang];
  return (
    <li lang={report.lang} dir="auto">
      <div class="meta" lang={tag}>
        {t.events.kinds[event.kind]}
        {marked && (
          <>
            {' · '}
            <span class="only">{t.site.onlyIn(own ? t.site.languages[own]! : report.lang)}</span>
          </>
        )}
      </div>
      <h3>
        <a href={reportUrl(site, report.slug)}>{event.name}</a>
      </h3>
      <div class="meta">
        <span lang={tag}>{eventSpanIn(lang, event.start, event.end, event.timezone)}</span>
        {place && ` · ${place}`}
      </div>
      {event.organizers.length > 0 && (
        <div class="meta">
          <span lang={tag}>{t.events.labelled(t.events.organizedBy, '')}</span>
          {catalogue(report.lang).events.list(event.organizers)}
        </div>
      )}
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

/** Upcoming events first (soonest first), then past events by year, with the calendar to subscribe to, in one language. */
export function EventsPage({ listing, site, scope }: { listing: EventListing; site: SiteConfig; scope: Scope & { lang: Lang } }) {
  const lang = scope.lang;
  const t = catalogue(lang);
  const urls = eventUrls(site, scope);
  const title = scope.kind === 'all' ? t.events.title : t.events.topicTitle(scope.topic);
  const years = new Map<string, EventReport[]>();
  for (const report of listing.past) {
    const year = report.event.start.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), report]);
  }
  const list = (reports: EventReport[]) => (
    <ol class="reports">
      {reports.map((report) => (
        <EventItem report={report} site={site} lang={lang} marked={listing.marked.has(report.slug)} />
      ))}
    </ol>
  );
  const alternates = Object.fromEntries(LANGUAGES.map((l) => [l, eventUrls(site, inLanguage(scope, l)).page]));
  return (
    <Layout title={`${title} · ${site.names[lang].title}`} site={site} lang={lang} feeds={[{ title: site.names[lang].title, ...scopeUrls(site, scope) }]} canonical={urls.page} alternates={alternates}>
      <h1>{title}</h1>
      <p class="calendar">
        {t.events.labelled(t.events.subscribe, '')}
        <a href={urls.webcal}>webcal</a> · <a href={urls.ics}>iCalendar (.ics)</a>
      </p>
      <h2>{t.events.upcoming}</h2>
      {listing.upcoming.length === 0 ? <p class="muted">{t.events.noUpcoming}</p> : list(listing.upcoming)}
      {[...years].map(([year, reports]) => (
        <>
          <h2>{yearIn(lang, year)}</h2>
          {list(reports)}
        </>
      ))}
    </Layout>
  );
}
