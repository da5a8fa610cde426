import type { SiteConfig } from '../common/config.ts';
import { archiveUrls, reportUrl, scopeUrls } from '../common/urls.ts';
import { type ArchivePeriod, periodId, periodLabel, yearsOf } from './period.ts';
import { formatDay } from '../reports/dates.ts';
import { type ArchiveMeta } from './keys.ts';
import { monthOf } from '../reports/dates.ts';
import { type Scope } from '../common/scope.ts';
import { eventLine } from '../reports/event-details.ts';
import { Layout } from '../site/layout.tsx';

export interface ArchiveView {
  site: SiteConfig;
  scope: Scope;
  period: ArchivePeriod;
  /** Every month of the scope with a public report, oldest first. */
  months: string[];
  /** The reports listed, oldest first: none on the index; on a year, its first ones up to a bound (later months show a link only). */
  items: ArchiveMeta[];
  /** The periods before and after, among those with reports. */
  nav: { prev?: string; next?: string };
}

function Item({ item, site }: { item: ArchiveMeta; site: SiteConfig }) {
  const published = new Date(item.p).toISOString();
  return (
    <li lang={item.l} dir="auto">
      <h3>
        <a href={reportUrl(site, item.s)}>{item.t}</a>
      </h3>
      <div class="meta">
        Published <time datetime={published}>{formatDay(published)}</time>
      </div>
      {item.v && <div class="meta">{eventLine({ kind: item.v.k, start: item.v.s, end: item.v.e, place: item.v.w })}</div>}
    </li>
  );
}

function PeriodNav({ view }: { view: ArchiveView }) {
  const { prev, next } = view.nav;
  if (!prev && !next) return null;
  const url = (id: string) => archiveUrls(view.site, view.scope, id).page;
  return (
    <nav class="periods" aria-label="Archive periods">
      {prev && (
        <a rel="prev" href={url(prev)}>
          ← {periodLabel(prev)}
        </a>
      )}
      {prev && next && ' · '}
      {next && (
        <a rel="next" href={url(next)}>
          {periodLabel(next)} →
        </a>
      )}
    </nav>
  );
}

/** The archive: its index of years and months, a year's reports by month, or a month's reports. */
export function ArchivePage({ view }: { view: ArchiveView }) {
  const { site, scope, period } = view;
  const id = periodId(period);
  const index = archiveUrls(site, scope, 'index');
  const scopeName = scope.kind === 'all' ? 'Archive' : `Archive: ${scope.topic}`;
  const heading = period.kind === 'index' ? scopeName : `${scope.kind === 'all' ? '' : `${scope.topic}: `}${periodLabel(id)}`;
  const own = period.kind === 'month' ? archiveUrls(site, scope, id) : null;
  const head = own && [
    <link rel="alternate" type="application/atom+xml" title={`${heading} (Atom)`} href={own.atom} />,
    <link rel="alternate" type="application/feed+json" title={`${heading} (JSON Feed)`} href={own.json} />,
  ];
  const years = yearsOf(view.months);
  const byMonth = new Map<string, ArchiveMeta[]>();
  for (const item of view.items) {
    const month = monthOf(item.p);
    byMonth.set(month, [...(byMonth.get(month) ?? []), item]);
  }
  const monthsOfYear = period.kind === 'year' ? view.months.filter((month) => month.startsWith(`${period.year}-`)) : [];
  return (
    <Layout
      title={`${heading} · ${site.title}`}
      site={site}
      lang={site.lang}
      feeds={[{ title: site.title, ...scopeUrls(site, scope) }]}
      canonical={archiveUrls(site, scope, id).page}
      head={head}
    >
      <p class="meta">
        <a href={index.page}>{scopeName}</a>
        {scope.kind === 'topic' && (
          <>
            {' · '}
            <a href={scopeUrls(site, scope).home}>Latest on {scope.topic}</a>
          </>
        )}
      </p>
      <h1>{heading}</h1>
      <PeriodNav view={view} />
      {period.kind === 'index' &&
        (years.length === 0 ? (
          <p>No reports have been published yet.</p>
        ) : (
          <ul class="archive-years">
            {[...years].reverse().map((year) => (
              <li>
                <a href={archiveUrls(site, scope, year).page}>{year}</a>:{' '}
                {view.months
                  .filter((month) => month.startsWith(`${year}-`))
                  .map((month, i) => (
                    <>
                      {i > 0 && ' · '}
                      <a href={archiveUrls(site, scope, month).page}>{periodLabel(month).split(' ')[0]}</a>
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
              <a href={archiveUrls(site, scope, month).page}>{periodLabel(month)}</a>
            </h2>
            {byMonth.has(month) ? (
              <ol class="reports">
                {byMonth.get(month)!.map((item) => (
                  <Item item={item} site={site} />
                ))}
              </ol>
            ) : (
              <p class="muted">
                <a href={archiveUrls(site, scope, month).page}>The reports of {periodLabel(month)}</a>
              </p>
            )}
          </section>
        ))}
      {period.kind === 'month' && (
        <>
          <ol class="reports">
            {view.items.map((item) => (
              <Item item={item} site={site} />
            ))}
          </ol>
          <p class="meta">
            This month as a feed: <a href={own!.atom}>Atom</a> · <a href={own!.json}>JSON Feed</a>
          </p>
        </>
      )}
      <PeriodNav view={view} />
    </Layout>
  );
}
