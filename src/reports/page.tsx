import { raw } from 'hono/html';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGES, type Lang, langOfTag, uiLanguage } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { reportUrl, scopeUrls, topicUrl } from '../common/urls.ts';
import { citationOf, type Citation, formattedCitation, scholarTags } from './citation.ts';
import { eventLastMoment, formatDay, formatEventSpan } from './dates.ts';
import { kindLabel, placeOf } from './event-details.ts';
import type { Version } from './groups.ts';
import { Downloads } from './downloads.tsx';
import { bodyOf } from './rendering.ts';
import type { Report, ReportEvent } from './schema.ts';
import { truncate } from './text.ts';
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

/** True while the event is not over: its page offers "Add to calendar" until then. */
export function isUpcoming(event: Pick<ReportEvent, 'start' | 'end'>, now: number): boolean {
  return eventLastMoment(event) >= now;
}

/**
 * When the report was revised, if a reader should be told: a later write that changed its
 * content (not the first storing of a backdated report, nor a re-rendering), on a later day
 * than its publication.
 */
export function revisedOn(report: Pick<Report, 'published' | 'updated' | 'created'>): string | undefined {
  const updated = Date.parse(report.updated);
  if (!(updated > Date.parse(report.created))) return undefined;
  return report.updated.slice(0, 10) > report.published.slice(0, 10) ? report.updated : undefined;
}

/** Open Graph's locale of a language tag: `en_US`, `zh_CN` (the likeliest region), or none when unknown. */
export function ogLocale(tag: string): string | undefined {
  try {
    const locale = new Intl.Locale(tag).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : undefined;
  } catch {
    return undefined;
  }
}

/** The longest meta description the page gives: search results show about this much. */
const DESCRIPTION_CHARS = 300;

/**
 * The page's meta tags for search engines, link previews and reference managers: the
 * description, Open Graph (as an article, with its language and its translations'), a
 * Twitter summary card, and Google Scholar's `citation_*` tags.
 */
function MetaTags({ report, site, citation, summary, translations, revised }: { report: Report; site: SiteConfig; citation: Citation; summary: string; translations: Translation[]; revised?: string }) {
  const lang = uiLanguage(report.lang);
  const description = truncate(summary, DESCRIPTION_CHARS);
  const locale = ogLocale(report.lang);
  const property = (name: string, content: string) => <meta property={name} content={content} />;
  return (
    <>
      <meta name="description" content={description} />
      {property('og:type', 'article')}
      {property('og:title', report.title)}
      {property('og:description', description)}
      {property('og:url', citation.url)}
      {property('og:site_name', site.names[lang].title)}
      {locale && property('og:locale', locale)}
      {translations.map((t) => ogLocale(t.lang)).filter((l): l is string => l !== undefined && l !== locale).map((l) => property('og:locale:alternate', l))}
      {property('article:published_time', report.published)}
      {revised && property('article:modified_time', revised)}
      {citation.keywords.map((label) => property('article:tag', label))}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={report.title} />
      <meta name="twitter:description" content={description} />
      {scholarTags(citation).map(([name, content]) => <meta name={name} content={content} />)}
    </>
  );
}

/**
 * The event in a compact panel: its facts (stored with the report, as feeds show them),
 * and "Add to calendar" while it is not over. One rendering serves every width: a
 * `<details>`, closed, whose line says when and where on a phone; from 62.5rem the
 * stylesheet shows its content beside the text (`::details-content`) with a heading in
 * place of the line. No script either way.
 */
function EventPanel({ report, event, url, factsHtml, now }: { report: Report; event: ReportEvent; url: string; factsHtml: string; now: number }) {
  const r = catalogue(report.lang).report;
  const gist = r.gist(formatEventSpan(event.start, event.end, report.lang, event.timezone), placeOf(event, report.lang));
  return (
    <aside class="event-panel">
      <details>
        <summary>
          <span class="event-panel-label">{r.aboutEvent}</span> <span class="event-panel-gist">{gist}</span>
        </summary>
        <h2 class="event-panel-title">{r.aboutEvent}</h2>
        {raw(factsHtml)}
        {isUpcoming(event, now) && (
          <p class="event-calendar">
            {r.label(r.addToCalendar)}
            <a href={`${url}/event.ics`}>{r.ics}</a> · <a href={googleCalendarUrl(calendarEventOf({ ...report, event }, url))}>{r.googleCalendar}</a>
          </p>
        )}
      </details>
    </aside>
  );
}

/** "Cite this report": the reference in the report's language, and the BibTeX and RIS files. */
function CiteBox({ citation, url }: { citation: Citation; url: string }) {
  const r = catalogue(citation.lang).report;
  return (
    <section class="report-cite" aria-labelledby="cite-this">
      <h2 id="cite-this">{r.citeThis}</h2>
      <p class="report-citation">{formattedCitation(citation)}</p>
      <p class="report-cite-files">
        {r.label(r.downloadCitation)}
        <a href={`${url}.bib`} type="application/x-bibtex" download={`${citation.key}.bib`}>
          BibTeX
        </a>{' '}
        ·{' '}
        <a href={`${url}.ris`} type="application/x-research-info-systems" download={`${citation.key}.ris`}>
          RIS
        </a>
      </p>
    </section>
  );
}

/**
 * One report, in its own language's interface (English for a language without one), laid
 * out as a think tank's: kicker (the event's kind), headline, standfirst (the editor's
 * summary), byline and dates, then the body, with the event in a panel beside it (before
 * it, folded, on a phone); its downloads, topics and "Cite this" after it. With its meta tags and,
 * when it has an event, schema.org JSON-LD. `now` decides whether the event is still to
 * come (its "Add to calendar").
 */
export function ReportPage({ report, site, translations = [], now = Date.now() }: { report: Report; site: SiteConfig; translations?: Translation[]; now?: number }) {
  const lang = uiLanguage(report.lang);
  const t = catalogue(lang);
  const r = t.report;
  const url = reportUrl(site, report.slug);
  // Stored at save, in the report's language; rendered afresh only after a pipeline change.
  const body = bodyOf(report, url);
  const name = site.names[lang].title;
  const feeds = [{ title: name, ...scopeUrls(site, lang === LANGUAGES[0] ? ALL : inLanguage(ALL, lang)) }];
  const citation = citationOf(report, site, body.summary);
  const revised = revisedOn(report);
  const head = (
    <>
      <MetaTags report={report} site={site} citation={citation} summary={body.summary} translations={translations} revised={revised} />
      {report.event && <script type="application/ld+json">{raw(scriptJson(eventJsonLd(report.event, report, url, translations)))}</script>}
    </>
  );
  return (
    <Layout title={r.pageTitle(report.title, name)} site={site} lang={report.lang} feeds={feeds} canonical={url} alternates={alternatesOf(report, url, translations)} head={head}>
      <article class={report.event ? 'report has-event wide' : 'report'} lang={report.lang} dir="auto">
        <header class="report-header">
          <p class="report-kicker">{report.event ? kindLabel(report.event.kind, report.lang) : r.kicker}</p>
          <h1>{report.title}</h1>
          {report.summary && <p class="report-standfirst">{report.summary}</p>}
          {report.authors.length > 0 && <p class="report-byline">{r.byline(report.authors.map((a) => a.name))}</p>}
          <p class="report-dates">
            <span>
              {r.published[0]}
              <time datetime={report.published}>{formatDay(report.published, lang)}</time>
              {r.published[1]}
            </span>
            {revised && (
              <span>
                {r.updated[0]}
                <time datetime={revised}>{formatDay(revised, lang)}</time>
                {r.updated[1]}
              </span>
            )}
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
        </header>
        {report.event && <EventPanel report={report} event={report.event} url={url} factsHtml={body.eventHtml ?? ''} now={now} />}
        <div class="report-body">{raw(body.html)}</div>
        <footer class="report-footer">
          <Downloads attachments={report.attachments} lang={lang} />
          {report.topics.length > 0 && (
            <section class="report-topics" aria-labelledby="report-topics">
              <h2 id="report-topics">{r.topics}</h2>
              <ul>
                {report.topics.map((topic) => (
                  <li>
                    <a href={topicUrl(site, topic, lang)}>{topicLabel(topic, lang)}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <CiteBox citation={citation} url={url} />
        </footer>
      </article>
    </Layout>
  );
}
