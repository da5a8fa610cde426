import type { Lang } from '../common/i18n/index.ts';
import { type GroupVersion as Version, groupPublications, type PublicReport, sameLanguage } from '../reports/index.ts';
import type { Report } from '../reports/schema.ts';
import { reportsMatching } from '../search/index.ts';

/** A report's primary language (`zh` for `zh-Hans`), as groups record versions. */
const groupLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** Each translation key's versions, as D1 records them (publications still in force only). */
export type Groups = Map<string, Version[]>;

/**
 * True when a report is for a reader with these topics (none: all) and language: `en` and
 * `zh` take the reports in that language (`zh-Hans` is `zh`); `both` (or null) takes every
 * one, and one version per translation group is chosen afterwards.
 */
export function matchesPreferences(report: Report, prefs: { topics: string[]; lang: Lang | 'both' | null }): boolean {
  if (prefs.topics.length > 0 && !report.topics.some((topic) => prefs.topics.includes(topic))) return false;
  if (!prefs.lang || prefs.lang === 'both') return true;
  return sameLanguage(report.lang, prefs.lang);
}

/** Which slugs match each followed query, as far as a batch has asked: query → slug → matched. */
export type QueryMatches = Map<string, Map<string, boolean>>;

/**
 * The reports that match a followed search (`query`; null: every one), as the search index
 * holds them now: a report is matched by its current text, the text the email shows. The
 * index is asked only about slugs `cache` does not know for this query, so the readers of a
 * batch who follow the same search (one run's window, whatever their topics) cost one query
 * between them (one D1 statement per 90 slugs).
 */
export async function matchingQuery(db: D1Database, reports: PublicReport[], query: string | null | undefined, now: number, cache: QueryMatches = new Map()): Promise<PublicReport[]> {
  if (!query || reports.length === 0) return reports;
  let known = cache.get(query);
  if (!known) cache.set(query, (known = new Map()));
  const asked = [...new Set(reports.map((r) => r.report.slug))].filter((slug) => !known.has(slug));
  if (asked.length > 0) {
    const found = await reportsMatching(db, query, asked, now);
    for (const slug of asked) known.set(slug, found.has(slug));
  }
  return reports.filter((r) => known.get(r.report.slug) === true);
}

/** The translation keys of some reports, each once. */
export function keysOf(reports: PublicReport[]): string[] {
  return [...new Set(reports.flatMap((r) => (r.report.translation_key ? [r.report.translation_key] : [])))];
}

/**
 * The reports of a window for a reader of both languages: one per translation group, and
 * only for groups that are new in the window. A group is new when its first public version
 * is in the window: a translation that becomes public after its group's first version was
 * already out (`wasPublicBefore` says of a version whether it was public before the window)
 * brings nothing new. Of a new group's versions in the window, the one in the reader's
 * interface language `uiLang` is taken, else the one that became public first. A report
 * without a translation key is a group of its own. The order of `reports` is kept.
 */
export function oneVersionEach(reports: PublicReport[], groups: Groups, uiLang: Lang, wasPublicBefore: (version: Version) => boolean): PublicReport[] {
  const byKey = new Map<string, PublicReport[]>();
  for (const entry of reports) {
    const key = entry.report.translation_key;
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  const chosen = new Set<PublicReport>();
  for (const [key, inWindow] of byKey) {
    const versions = groups.get(key) ?? [];
    const inWindowSlugs = new Set(inWindow.map((e) => e.report.slug));
    if (versions.some((v) => !inWindowSlugs.has(v.slug) && wasPublicBefore(v))) continue;
    const first = [...inWindow].sort((a, b) => a.seq - b.seq)[0]!;
    chosen.add(inWindow.find((e) => sameLanguage(e.report.lang, uiLang)) ?? first);
  }
  return reports.filter((entry) => !entry.report.translation_key || chosen.has(entry));
}

/** A report's other versions that readers can open at `now`: what a digest links as "also in". */
export function otherVersions(entry: PublicReport, groups: Groups, now: number): { slug: string; lang: string }[] {
  const key = entry.report.translation_key;
  if (!key) return [];
  return (groups.get(key) ?? [])
    .filter((v) => v.slug !== entry.report.slug && v.publicAt !== null && v.publicAt <= now && v.lang !== groupLanguage(entry.report.lang))
    .map((v) => ({ slug: v.slug, lang: v.lang }))
    .sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0));
}

/** Caches a batch of readers shares: translation groups by key, and the slugs each followed query matched. */
export interface ChoiceCache {
  groups?: Groups;
  matches?: QueryMatches;
}

/**
 * What a reader gets of some public reports: those on their topics, in their language and
 * matching their followed search (a version that does not match is not chosen: for a
 * reader of both languages, the matching version of a group is, whatever its language);
 * for a reader of both languages, one version per new translation group (see
 * {@link oneVersionEach}, with `wasPublicBefore` marking the versions already out before the
 * window; a null `lang` takes every report, choosing none); each with the other versions
 * readers can open at `now`. `cache` keeps the groups
 * read (one D1 query for the keys not in it) and the queries' matches, so a batch of
 * readers reads each group, and asks each followed search about each report, once.
 */
export async function chooseReports(
  db: D1Database,
  reports: PublicReport[],
  reader: { topics: string[]; lang: Lang | 'both' | null; uiLang: Lang; query?: string | null },
  wasPublicBefore: (version: Version) => boolean,
  now: number,
  caches: ChoiceCache = {},
): Promise<(PublicReport & { versions: { slug: string; lang: string }[] })[]> {
  const onChoices = reports.filter((r) => matchesPreferences(r.report, reader));
  const matching = await matchingQuery(db, onChoices, reader.query, now, (caches.matches ??= new Map()));
  if (matching.length === 0) return [];
  const cache = (caches.groups ??= new Map());
  const missing = keysOf(matching).filter((key) => !cache.has(key));
  if (missing.length > 0) for (const [key, versions] of await groupPublications(db, missing)) cache.set(key, versions);
  const chosen = reader.lang === 'both' ? oneVersionEach(matching, cache, reader.uiLang, wasPublicBefore) : matching;
  return chosen.map((entry) => ({ ...entry, versions: otherVersions(entry, cache, now) }));
}
