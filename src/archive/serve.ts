import type { SiteConfig } from '../common/config.ts';
import { renderAtom } from '../feeds/atom.ts';
import { renderJson } from '../feeds/json.ts';
import { buildFeedModel } from '../feeds/model.tsx';
import { isCurrent, rebuildOnce, refreshAfter, renderedCopy, SETTLING_MS } from '../common/rebuild.ts';
import { archiveUrls, scopeUrls } from '../common/urls.ts';
import { ArchivePage, type ArchiveView } from './page.tsx';
import type { Report } from '../reports/schema.ts';
import { archiveCopyKey as copyKey, generation, inScopeMonths, listPeriod, listPeriods, type Period } from './store.ts';
import { inLanguage, type Scope } from '../common/scope.ts';
import { LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { chooseInLanguage, type Listed } from './choose.ts';
import { getRenderedAt, knownAbsent, putRebuilt, type Rendered, rememberAbsent } from '../common/rendered.ts';
import { getReport, lastChanges, stillListed, type Version, writtenSince } from '../reports/index.ts';
import { type ArchivePeriod, laterChanges, neighbours, periodEnd, periodId, periodLabel, publicMonths, yearsOf } from './period.ts';

export type ArchiveFormat = 'html' | 'atom' | 'json';

/** A year page lists at most this many reports; its later months then show a link only. */
export const YEAR_LIMIT = 500;
/** A month's page and feeds list at most this many reports (KV allows 1,000 operations a request). */
export const MONTH_LIMIT = 900;

/** Finished periods stand until one of their reports changes (or the scope's months do). */
const FINISHED_MS = 365 * 86_400_000;

/**
 * The rendered archive page or month feed of a scope, or null when the period has no public
 * report (or a topic has none at all). Pages are in a language (`scope.lang`); month feeds
 * also in every language. A current copy costs two reads (the copy and when the scope's
 * months last changed; none while this isolate remembers both). A rebuild lists the scope's
 * months (one listing) and the period's own index keys, so it lists what it shows; in a
 * language, it lists the group of each report in another language whose version in the
 * page's language is not in the period (see choose.ts); a month's feeds also read each
 * report they hold.
 */
export async function loadArchive(kv: KVNamespace, site: SiteConfig, scope: Scope, period: ArchivePeriod, format: ArchiveFormat, now: number): Promise<Rendered | null> {
  if (scope.kind === 'topic' && knownAbsent(scope, now, 'archive')) return null;
  const key = copyKey(scope, periodId(period), format);
  const [cached, gen] = await Promise.all([getRenderedAt(kv, key, now), generation(kv, scope, now)]);
  if (isCurrent(cached, site, now) && cached.meta.gen === gen) return cached;
  return rebuildOnce(key, () => rebuildArchive(kv, site, scope, period, format, now, gen));
}

/** The scope's pages in each language, where the period has something to show in it. */
function alternatesOf(site: SiteConfig, scope: Scope, period: ArchivePeriod, periods: Period[], now: number): Partial<Record<Lang, string>> {
  const id = periodId(period);
  const exists = (lang: Lang) => {
    if (period.kind === 'index') return true;
    const months = publicMonths(periods, now, lang, site.translationFallback);
    return period.kind === 'year' ? yearsOf(months).includes(id) : months.includes(id);
  };
  return Object.fromEntries(LANGUAGES.filter(exists).map((lang) => [lang, archiveUrls(site, inLanguage(scope, lang), id).page]));
}

async function rebuildArchive(kv: KVNamespace, site: SiteConfig, scope: Scope, period: ArchivePeriod, format: ArchiveFormat, now: number, gen: number): Promise<Rendered | null> {
  const [periods, changes] = await Promise.all([listPeriods(kv, scope), lastChanges(kv)]);
  const lang = scope.lang;
  const months = publicMonths(periods, now, lang, site.translationFallback);
  const id = periodId(period);
  let nextChange = Math.min(...laterChanges(periods, now));
  if (scope.kind === 'topic' && publicMonths(periods, now).length === 0) {
    // Bots probe random topics: one listing per name and refresh bound.
    rememberAbsent(scope, Math.min(now + refreshAfter(site, changes.written, now), nextChange), 'archive');
    return null;
  }
  // Pages are in a language; the month feeds also in every language (`/archive/2022/08/atom.xml`).
  if (format === 'html' && !lang) return null;
  let items: Listed[] = [];
  let nav: { prev?: string; next?: string } = {};
  let changed = 0;
  if (period.kind !== 'index') {
    const ids = period.kind === 'year' ? yearsOf(months) : months;
    if (!ids.includes(id)) return null;
    const listing = await listPeriod(kv, scope, period.kind === 'year' ? `${id}-` : id, now, period.kind === 'year' ? YEAR_LIMIT : MONTH_LIMIT);
    if (listing.items.length === 0) return null;
    if (listing.nextChange !== null) nextChange = Math.min(nextChange, listing.nextChange);
    changed = Math.max(...listing.items.map((item) => Math.max(item.u, item.p)));
    items = listing.items;
    if (lang) {
      const inScope = (v: Version) => (scope.kind === 'all' ? Promise.resolve(true) : inScopeMonths(kv, scope, v.published, v.slug));
      const chosen = await chooseInLanguage(kv, { ...scope, lang }, listing.items, site.translationFallback, now, inScope);
      items = chosen.items;
      changed = Math.max(changed, chosen.changed);
      if (chosen.nextChange !== null) nextChange = Math.min(nextChange, chosen.nextChange);
    }
    nav = neighbours(ids, id);
  }
  let body: string;
  if (format === 'html') {
    const view: ArchiveView = { site, scope: { ...scope, lang: lang! }, period, months, items, nav, alternates: alternatesOf(site, scope, period, periods, now) };
    body = `<!doctype html>${ArchivePage({ view })}`;
  } else {
    const newestFirst = [...items].reverse();
    const read = await Promise.all(newestFirst.map((meta) => getReport(kv, meta.s)));
    const reports = read.filter((report, i): report is Report => stillListed(report, newestFirst[i]!, scope));
    // A language's month stays in its chain of archives even when it has nothing to show.
    if (reports.length === 0 && !lang) return null;
    const urls = (other: string) => archiveUrls(site, scope, other);
    const current = format === 'atom' ? scopeUrls(site, scope).atom : scopeUrls(site, scope).json;
    const model = buildFeedModel(site, scope, reports, 0, {
      label: periodLabel(id, lang),
      urls: urls(id),
      links: { archived: true, current, ...(nav.prev ? { prev: urls(nav.prev) } : {}), ...(nav.next ? { next: urls(nav.next) } : {}) },
    });
    body = format === 'atom' ? renderAtom(model) : renderJson(model);
  }
  const finished = periodEnd(period) <= now && now - changes.written >= SETTLING_MS;
  const staleAt = Math.min(now + (finished ? FINISHED_MS : refreshAfter(site, changes.written, now)), nextChange);
  const lastModified = Math.max(gen, changed);
  const rendered = await renderedCopy(body, site, { lm: lastModified, staleAt, gen });
  await putRebuilt(kv, copyKey(scope, id, format), rendered, now, () => writtenSince(kv, changes.mark));
  return rendered;
}

/** How long a client may keep an archive response: a day for a finished period, minutes otherwise. */
export function archiveMaxAge(period: ArchivePeriod, format: ArchiveFormat, now: number): number {
  if (periodEnd(period) <= now) return 86_400;
  return format === 'html' ? 60 : 300;
}
