import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, langOfTag, type Lang } from '../common/i18n/index.ts';
import { archiveUrls, reportUrl, scopeUrls } from '../common/urls.ts';
import { type ArchivePeriod, periodId, periodLabel, yearsOf } from './period.ts';
import { monthOf } from '../reports/dates.ts';
import { type Scope } from '../common/scope.ts';
import { dayIn, eventLineIn, monthNameIn } from '../events/when.ts';
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

function Item({ item, site, lang }: { item: Listed; site: SiteConfig; lang: Lang }) {
  const t = catalogue(lang);
  const itemLang = langOfTag(item.l);
  const tag = LANGUAGE_TAGS[lang];
  return (
    <li lang={item.l} dir="auto">
      <h3>
        <a href={reportUrl(site, item.s)}>{item.t}</a>
      </h3>
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

function PeriodNav({ view }: { view: ArchiveView }) {
  const { prev, next } = view.nav;
  if (!prev && !next) return null;
  const lang = view.scope.lang;
  const url = (id: string) => archiveUrls(view.site, view.scope, id).page;
  return (
    <nav class="periods" aria-label={catalogue(lang).archive.periods}>
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

/** The archive in one language: its index of years and months, a year's reports by month, or a month's reports. */
export function ArchivePage({ view }: { view: ArchiveView }) {
  const { site, scope, period } = view;
  const lang = scope.lang;
  const t = catalogue(lang);
  const id = periodId(period);
  const index = archiveUrls(site, scope, 'index');
  const scopeName = scope.kind === 'all' ? t.archive.title : t.archive.topicTitle(scope.topic);
  const heading = period.kind === 'index' ? scopeName : scope.kind === 'all' ? periodLabel(id, lang) : t.archive.topicPeriod(scope.topic, periodLabel(id, lang));
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
  const list = (items: Listed[]) => (
    <ol class="reports">
      {items.map((item) => (
        <Item item={item} site={site} lang={lang} />
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
      <p class="meta">
        <a href={index.page}>{scopeName}</a>
        {scope.kind === 'topic' && (
          <>
            {' · '}
            <a href={scopeUrls(site, scope).home}>{t.archive.latestOn(scope.topic)}</a>
          </>
        )}
      </p>
      <h1>{heading}</h1>
      <PeriodNav view={view} />
      {period.kind === 'index' &&
        (years.length === 0 ? (
          <p>{t.archive.emptyInLanguage}</p>
        ) : (
          <ul class="archive-years">
            {[...years].reverse().map((year) => (
              <li>
                <a href={archiveUrls(site, scope, year).page}>{periodLabel(year, lang)}</a>
                {t.archive.colon}
                {view.months
                  .filter((month) => month.startsWith(`${year}-`))
                  .map((month, i) => (
                    <>
                      {i > 0 && t.archive.monthSeparator}
                      <a href={archiveUrls(site, scope, month).page}>{monthNameIn(lang, month)}</a>
                    </>
                  ))}
              </li>
            ))}
          </ul>
        ))}
      {period.kind === 'year' &&
        monthsOfYear.map((month) => (
          <section>
            <h2>
              <a href={archiveUrls(site, scope, month).page}>{periodLabel(month, lang)}</a>
            </h2>
            {byMonth.has(month) ? (
              list(byMonth.get(month)!)
            ) : (
              <p class="muted">
                <a href={archiveUrls(site, scope, month).page}>{t.archive.monthReports(periodLabel(month, lang))}</a>
              </p>
            )}
          </section>
        ))}
      {period.kind === 'month' && (
        <>
          {view.items.length === 0 ? <p class="muted">{t.archive.emptyMonth}</p> : list(view.items)}
          <p class="meta">
            {t.archive.monthFeeds}
            {t.archive.colon}
            <a href={own!.atom}>Atom</a> · <a href={own!.json}>JSON Feed</a>
          </p>
        </>
      )}
      <PeriodNav view={view} />
    </Layout>
  );
}
