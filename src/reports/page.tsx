import { raw } from 'hono/html';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGES, type Lang, langOfTag, uiLanguage } from '../common/i18n/index.ts';
import { reportUrl, scopeUrls, topicUrl } from '../common/urls.ts';
import { formatDay } from './dates.ts';
import type { Version } from './groups.ts';
import { bodyOf } from './rendering.ts';
import type { Report, ReportEvent } from './schema.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { Layout } from '../site/layout.tsx';
import { calendarEventOf, googleCalendarUrl } from '../events/calendar-event.ts';

const SCHEMA_ORG_ATTENDANCE = {
  online: 'https://schema.org/OnlineEventAttendanceMode',
  offline: 'https://schema.org/OfflineEventAttendanceMode',
};

/** Another public version of a report, as its page links it. */
export interface Translation {
  url: string;
  /** Its language tag (`zh-Hans`). */
  lang: string;
  title: string;
}

/**
 * schema.org `Event` for search engines, built only from the report's own fields. The
 * report itself is the Event's `subjectOf`: a `Report` with its `inLanguage` (the report's
 * language is not the event's, so the Event has none) and, in a group, `workTranslation`
 * naming each other public version, so every version names the others.
 */
export function eventJsonLd(event: ReportEvent, report: Report, url: string, translations: Translation[] = []): Record<string, unknown> {
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
  const translated = translations.map((t) => ({ '@type': 'Report', url: t.url, name: t.title, inLanguage: t.lang }));
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
    subjectOf: {
      '@type': 'Report',
      url,
      name: report.title,
      inLanguage: report.lang,
      datePublished: report.published,
      ...(translated.length > 0 ? { workTranslation: translated } : {}),
    },
  };
}

/** JSON for a `<script>` element: `<`, `>` and `&` escaped so no text can close the element. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The other versions as the page links them: the interface languages first, in their order. */
export function translationLinks(site: Pick<SiteConfig, 'siteUrl'>, versions: Version[]): Translation[] {
  const rank = (tag: string) => {
    const lang = langOfTag(tag);
    return lang ? LANGUAGES.indexOf(lang) : LANGUAGES.length;
  };
  return [...versions]
    .sort((a, b) => rank(a.lang) - rank(b.lang) || (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0))
    .map((v) => ({ url: reportUrl(site, v.slug), lang: v.lang, title: v.title }));
}

/**
 * The page in each interface language, for the frame's hreflang links and language switch:
 * this report and each translation, by the interface language it is written in. A report in
 * a language without an interface (`fr`) has none: its page is in no hreflang set.
 */
export function alternatesOf(report: Report, url: string, translations: Translation[]): Partial<Record<Lang, string>> | undefined {
  const own = langOfTag(report.lang);
  if (!own) return undefined;
  const alternates: Partial<Record<Lang, string>> = { [own]: url };
  for (const t of translations) {
    const lang = langOfTag(t.lang);
    if (lang && alternates[lang] === undefined) alternates[lang] = t.url;
  }
  return alternates;
}

/** A language's name as its own readers write it: `中文`, `English`, `français`. */
function endonym(tag: string): string {
  const lang = langOfTag(tag);
  if (lang) return catalogue(lang).site.languageName;
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * One report, in its own language's interface (English for a language without one), with
 * its event's details, links to its other public versions and, when it has an event,
 * schema.org JSON-LD.
 */
export function ReportPage({ report, site, translations = [] }: { report: Report; site: SiteConfig; translations?: Translation[] }) {
  const lang = uiLanguage(report.lang);
  const t = catalogue(lang);
  const r = t.report;
  const url = reportUrl(site, report.slug);
  // Stored at save, in the report's language; rendered afresh only after a pipeline change.
  const body = bodyOf(report, url);
  const name = site.names[lang].title;
  const feeds = [{ title: name, ...scopeUrls(site, lang === LANGUAGES[0] ? ALL : inLanguage(ALL, lang)) }];
  const jsonLd = report.event ? <script type="application/ld+json">{raw(scriptJson(eventJsonLd(report.event, report, url, translations)))}</script> : undefined;
  return (
    <Layout title={r.pageTitle(report.title, name)} site={site} lang={report.lang} feeds={feeds} canonical={url} alternates={alternatesOf(report, url, translations)} head={jsonLd}>
      <article lang={report.lang} dir="auto">
        <h1>{report.title}</h1>
        <p class="meta">
          <time datetime={report.published}>{formatDay(report.published, lang)}</time>
          {report.authors.length > 0 && ` · ${r.authors(report.authors.map((a) => a.name))}`}
        </p>
        {translations.length > 0 && (
          <p class="translations">
            {r.label(t.site.alsoIn)}
            {translations.map((v, i) => [
              i > 0 ? r.comma : '',
              <a href={v.url} hreflang={v.lang} lang={v.lang}>
                {endonym(v.lang)}
              </a>,
            ])}
          </p>
        )}
        {report.topics.length > 0 && (
          <p class="topics">
            {report.topics.map((topic) => (
              <a href={topicUrl(site, topic, lang)}>#{topic}</a>
            ))}
          </p>
        )}
        {report.event && raw(body.eventHtml ?? '')}
        {report.event && (
          <p class="calendar">
            {r.label(r.addToCalendar)}
            <a href={`${url}/event.ics`}>{r.ics}</a> · <a href={googleCalendarUrl(calendarEventOf({ ...report, event: report.event }, url))}>{r.googleCalendar}</a>
          </p>
        )}
        {raw(body.html)}
      </article>
    </Layout>
  );
}
