import type { Lang } from '../common/i18n/index.ts';
import { type GroupVersion as Version, groupPublications, type PublicReport, sameLanguage } from '../reports/index.ts';
import type { Report } from '../reports/schema.ts';

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

/**
 * What a reader gets of some public reports: those on their topics and in their language;
 * for a reader of both languages, one version per new translation group (see
 * {@link oneVersionEach}, with `wasPublicBefore` marking the versions already out before the
 * window; a null `lang` takes every report, choosing none); each with the other versions
 * readers can open at `now`. `cache` keeps the groups
 * read (one D1 query for the keys not in it), so a batch of readers reads each group once.
 */
export async function chooseReports(
  db: D1Database,
  reports: PublicReport[],
  reader: { topics: string[]; lang: Lang | 'both' | null; uiLang: Lang },
  wasPublicBefore: (version: Version) => boolean,
  now: number,
  cache: Groups = new Map(),
): Promise<(PublicReport & { versions: { slug: string; lang: string }[] })[]> {
  const matching = reports.filter((r) => matchesPreferences(r.report, reader));
  if (matching.length === 0) return [];
  const missing = keysOf(matching).filter((key) => !cache.has(key));
  if (missing.length > 0) for (const [key, versions] of await groupPublications(db, missing)) cache.set(key, versions);
  const chosen = reader.lang === 'both' ? oneVersionEach(matching, cache, reader.uiLang, wasPublicBefore) : matching;
  return chosen.map((entry) => ({ ...entry, versions: otherVersions(entry, cache, now) }));
}
