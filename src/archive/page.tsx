import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, langOfTag, type Lang } from '../common/i18n/index.ts';
import { archiveUrls, localUrl, reportUrl, scopeUrls } from '../common/urls.ts';
import { type ArchivePeriod, periodId, periodLabel, yearsOf } from './period.ts';
import { monthOf } from '../reports/dates.ts';
import { type Scope } from '../common/scope.ts';
import { dayIn, eventLineIn } from '../events/when.ts';
import { monthShortIn } from '../events/date-block.ts';
import { topicLabel } from '../common/topics.ts';
import type { Listed } from './choose.ts';
import { Layout } from '../site/layout.tsx';

export interface ArchiveView {
  site: SiteConfig;
  /** The scope in the page's language. */
  scope: Scope & { lang: Lang };
  period: ArchivePeriod;
  /** Every month of the scope with something to list in the page's language, oldest first. */
  months: string[];
  /** The reports listed, oldest first: none on the index; on a year, its first ones up to a bound (later months show a link only). */
  items: Listed[];
  /** The periods before and after, among those with reports. */
  nav: { prev?: string; next?: string };
  /** This page in each language it exists in. */
  alternates: Partial<Record<Lang, string>>;
}

/** A listed report: its title one level below the heading above it (the month's on a year page, the page's on a month page). */
function Item({ item, site, lang, level }: { item: Listed; site: SiteConfig; lang: Lang; level: 2 | 3 }) {
  const t = catalogue(lang);
  const itemLang = langOfTag(item.l);
  const tag = LANGUAGE_TAGS[lang];
  const title = <a href={reportUrl(site, item.s)}>{item.t}</a>;
  return (
    <li class="archive-item" lang={item.l} dir="auto">
      {level === 2 ? <h2 class="card-title">{title}</h2> : <h3 class="card-title">{title}</h3>}
      <div class="meta" lang={tag}>
        {item.marked && (
          <>
            <span class="only">{t.site.onlyIn(itemLang ? t.site.languages[itemLang]! : item.l)}</span>
            {' · '}
          </>
        )}
        {t.archive.published}
        <time datetime={new Date(item.p).toISOString()}>{dayIn(lang, item.p)}</time>
      </div>
      {item.v && (
        <div class="meta" lang={tag}>
          {eventLineIn(lang, { kind: item.v.k, start: item.v.s, end: item.v.e, timezone: item.v.z, place: item.v.w })}
        </div>
      )}
    </li>
  );
}

/** Links to the periods before and after; the copy at the end of the page is labelled apart, so the two landmarks are told apart. */
function PeriodNav({ view, end = false }: { view: ArchiveView; end?: boolean }) {
  const { prev, next } = view.nav;
  if (!prev && !next) return null;
  const lang = view.scope.lang;
  const url = (id: string) => archiveUrls(view.site, view.scope, id).page;
  return (
    <nav class="periods" aria-label={end ? catalogue(lang).archive.periodsEnd : catalogue(lang).archive.periods}>
      {prev && (
        <a rel="prev" href={url(prev)}>
          ← {periodLabel(prev, lang)}
        </a>
      )}
      {next && (
        <a rel="next" href={url(next)}>
          {periodLabel(next, lang)} →
        </a>
      )}
    </nav>
  );
}

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/**
 * A year of the index: its heading (linking the year's page) and its twelve months as a
 * grid, linked where they have reports; the others shown disabled, and hidden from screen
 * readers, so the grid reads as a calendar and is heard as the months there are. Each link
 * says its year to screen readers too (`Aug 2022`, `2022年8月`), not shown in the grid.
 */
function YearGrid({ view, year }: { view: ArchiveView; year: string }) {
  const lang = view.scope.lang;
  const url = (id: string) => archiveUrls(view.site, view.scope, id).page;
  const has = new Set(view.months.filter((month) => month.startsWith(`${year}-`)));
  return (
    <section class="archive-year" aria-labelledby={`year-${year}`}>
      <h2 id={`year-${year}`}>
        <a href={url(year)}>{periodLabel(year, lang)}</a>
      </h2>
      <ol class="archive-grid">
        {MONTHS.map((m) => {
          const month = `${year}-${m}`;
          return has.has(month) ? (
            <li>
              <a href={url(month)}>
                {lang === 'zh' ? [<span class="archive-grid-year">{periodLabel(year, lang)}</span>, monthShortIn(lang, month)] : [monthShortIn(lang, month), <span class="archive-grid-year"> {year}</span>]}
              </a>
            </li>
          ) : (
            <li class="archive-grid-none" aria-hidden="true">
              {monthShortIn(lang, month)}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The archive in one language: its index of years and months, a year's reports by month, or a month's reports. */
export function ArchivePage({ view }: { view: ArchiveView }) {
  const { site, scope, period } = view;
  const lang = scope.lang;
  const t = catalogue(lang);
  const id = periodId(period);
  const index = archiveUrls(site, scope, 'index');
  const label = scope.kind === 'topic' ? topicLabel(scope.topic, lang) : '';
  const scopeName = scope.kind === 'all' ? t.archive.title : t.archive.topicTitle(label);
  const heading = period.kind === 'index' ? scopeName : scope.kind === 'all' ? periodLabel(id, lang) : t.archive.topicPeriod(label, periodLabel(id, lang));
  const own = period.kind === 'month' ? archiveUrls(site, scope, id) : null;
  const head = own && [
    <link rel="alternate" type="application/atom+xml" title={`${heading} (Atom)`} href={own.atom} />,
    <link rel="alternate" type="application/feed+json" title={`${heading} (JSON Feed)`} href={own.json} />,
  ];
  const years = yearsOf(view.months);
  const byMonth = new Map<string, Listed[]>();
  for (const item of view.items) {
    const month = monthOf(item.p);
    byMonth.set(month, [...(byMonth.get(month) ?? []), item]);
  }
  const monthsOfYear = period.kind === 'year' ? view.months.filter((month) => month.startsWith(`${period.year}-`)) : [];
  const list = (items: Listed[], level: 2 | 3) => (
    <ol class="archive-list">
      {items.map((item) => (
        <Item item={item} site={site} lang={lang} level={level} />
      ))}
    </ol>
  );
  return (
    <Layout
      title={`${heading} · ${site.names[lang].title}`}
      site={site}
      lang={lang}
      feeds={[{ title: site.names[lang].title, ...scopeUrls(site, scope) }]}
      canonical={archiveUrls(site, scope, id).page}
      alternates={view.alternates}
        head={head}
    >
      {(period.kind !== 'index' || scope.kind === 'topic') && (
        <p class="breadcrumb">
          {period.kind !== 'index' && <a href={index.page}>{scopeName}</a>}
          {period.kind !== 'index' && scope.kind === 'topic' && ' · '}
          {scope.kind === 'topic' && <a href={scopeUrls(site, scope).home}>{t.archive.latestOn(label)}</a>}
        </p>
      )}
      <h1 class="archive-heading">{heading}</h1>
      <PeriodNav view={view} />
      {period.kind === 'index' &&
        (years.length === 0 ? (
          <p>{t.archive.emptyInLanguage}</p>
        ) : (
          <div class="archive-years">
            {[...years].reverse().map((year) => (
              <YearGrid view={view} year={year} />
            ))}
          </div>
        ))}
      {period.kind === 'year' &&
        monthsOfYear.map((month) => (
          <section class="archive-month" aria-labelledby={`month-${month}`}>
            <h2 class="month-heading" id={`month-${month}`}>
              <a href={archiveUrls(site, scope, month).page}>{periodLabel(month, lang)}</a>
            </h2>
            {byMonth.has(month) ? (
              list(byMonth.get(month)!, 3)
            ) : (
              <p class="muted">
                <a href={archiveUrls(site, scope, month).page}>{t.archive.monthReports(periodLabel(month, lang))}</a>
              </p>
            )}
          </section>
        ))}
      {period.kind === 'month' && (
        <>
          {view.items.length === 0 ? <p class="muted">{t.archive.emptyMonth}</p> : list(view.items, 2)}
          <p class="meta month-feeds">
            <a href={localUrl(site, lang, '/follow')}>{t.archive.monthFeeds}</a>
          </p>
        </>
      )}
      <PeriodNav view={view} end />
    </Layout>
  );
}
