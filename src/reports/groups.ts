import { langOfTag, type Lang } from '../common/i18n/index.ts';
import { inLanguage, type Scope } from '../common/scope.ts';
import type { ReportIndex } from './report-index.ts';
import type { Report } from './schema.ts';
import { getReport, newestVisible, type Visible } from './store.ts';
import { truncate } from './text.ts';

/**
 * Translation groups as readers see them, from the REPORTS namespace: each report with a
 * `translation_key` has a key `tr:<translation_key>:<slug>` whose metadata says its
 * language, time, draft flag and title, so one listing gives a group's versions with no
 * read. D1 (translations-store.ts) keeps the group's rule, one version per language; these
 * keys are written and removed with the report, like every other index.
 */

interface GroupMeta {
  s: string;
  /** The report's language tag. */
  l: string;
  p: number;
  d: boolean;
  t: string;
}

const groupPrefix = (key: string) => `tr:${key}:`;

export const groupIndex: ReportIndex = {
  keysOf(report) {
    const keys = new Map<string, object>();
    if (report.translation_key) {
      const meta: GroupMeta = { s: report.slug, l: report.lang, p: Date.parse(report.published), d: report.draft, t: truncate(report.title, 120) };
      keys.set(`${groupPrefix(report.translation_key)}${report.slug}`, meta);
    }
    return keys;
  },
};

/** One version of a piece. */
export interface Version {
  slug: string;
  /** Its language tag (`zh-Hans`). */
  lang: string;
  /** Publication time, epoch ms. */
  published: number;
  draft: boolean;
  title: string;
}

/** True when a report in language `tag` is in interface language `lang` (`zh-Hans` is `zh`). */
export function sameLanguage(tag: string, lang: Lang): boolean {
  return langOfTag(tag) === lang;
}

/** Every version of the group `key`, drafts included: one listing. */
export async function groupOf(kv: KVNamespace, key: string): Promise<Version[]> {
  const page = await kv.list<GroupMeta>({ prefix: groupPrefix(key), limit: 100 });
  return page.keys.flatMap(({ metadata: m }) => (m ? [{ slug: m.s, lang: m.l, published: m.p, draft: m.d, title: m.t }] : []));
}

const isPublic = (version: Version, now: number) => !version.draft && version.published <= now;

/**
 * The other public versions of each of `reports` (by slug), for the links between versions
 * on pages and in feeds: one listing per group, none for a report without a group.
 */
export async function translationsOf(kv: KVNamespace, reports: Report[], now: number): Promise<Map<string, Version[]>> {
  const keys = [...new Set(reports.flatMap((report) => (report.translation_key ? [report.translation_key] : [])))];
  const groups = new Map(await Promise.all(keys.map(async (key) => [key, await groupOf(kv, key)] as const)));
  const links = new Map<string, Version[]>();
  for (const report of reports) {
    const group = report.translation_key ? (groups.get(report.translation_key) ?? []) : [];
    links.set(report.slug, group.filter((v) => v.slug !== report.slug && isPublic(v, now)));
  }
  return links;
}

/**
 * Decides, report by report in newest-first order, which enter a list in one language:
 * one version per group, the one in `scope.lang` where it is public and in the scope,
 * else (with `fallback` 'mark') the newest public version in another language, marked by
 * the list; with 'omit', none. A report without a group is its own group.
 *
 * @returns a function to call on each public report of the scope, newest first.
 */
export function languageChooser(kv: KVNamespace, scope: Scope & { lang: Lang }, fallback: 'mark' | 'omit', now: number): (report: Report) => Promise<boolean> {
  const seen = new Set<string>();
  return async (report) => {
    const key = report.translation_key;
    const own = sameLanguage(report.lang, scope.lang);
    if (!key) return own || fallback === 'mark';
    if (seen.has(key)) return false;
    if (own) {
      seen.add(key);
      return true;
    }
    if (await hasVersionIn(kv, key, scope, now)) return false;
    seen.add(key);
    return fallback === 'mark';
  };
}

/** True when group `key` has a public version in `scope.lang` listed in the scope (one listing, and one read for a topic). */
async function hasVersionIn(kv: KVNamespace, key: string, scope: Scope & { lang: Lang }, now: number): Promise<boolean> {
  const version = (await groupOf(kv, key)).find((v) => sameLanguage(v.lang, scope.lang) && isPublic(v, now));
  if (!version) return false;
  if (scope.kind === 'all') return true;
  const report = await getReport(kv, version.slug);
  return report !== null && !report.draft && report.topics.includes(scope.topic);
}

/**
 * The newest `limit` reports of a scope at `now`: in every language, or, for a language's
 * scope, one version per group as {@link languageChooser} decides.
 */
export function newestInScope(kv: KVNamespace, scope: Scope, limit: number, now: number, fallback: 'mark' | 'omit'): Promise<Visible> {
  const lang = scope.lang;
  if (!lang) return newestVisible(kv, scope, limit, now);
  return newestVisible(kv, inLanguage(scope, null), limit, now, languageChooser(kv, { ...scope, lang }, fallback, now));
}
