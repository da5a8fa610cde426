import type { Lang } from '../common/i18n/index.ts';
import type { Scope } from '../common/scope.ts';
import { groupOf, sameLanguage, type Version } from '../reports/index.ts';
import type { ArchiveMeta } from './keys.ts';

/** An archive entry as a language's page lists it: marked when shown in another language than the page's. */
export interface Listed extends ArchiveMeta {
  marked?: boolean;
}

/** Group listings one rebuild may make; past them, a version in another language is shown (marked) unchecked. */
export const GROUP_LOOKUPS = 200;

export interface Chosen {
  items: Listed[];
  /** The earliest time after `now` a version this choice depends on becomes public, or null. */
  nextChange: number | null;
  /** The latest change (epoch ms) among the versions looked up: an entry that left the page moves it. */
  changed: number;
  /** Group listings made. */
  lookups: number;
}

/**
 * One entry per translation group, in the page's language, among a period's reports (from
 * their month keys, oldest first): the same rule as a language's feeds (reports, groups.ts).
 * A report in the page's language is listed. One in another language is listed, marked,
 * under `mark` only, and only when its group has no public version in the page's language
 * in the scope and it is the group's newest public version in another language. The
 * month keys say each report's language and group, so this costs nothing for groups whose
 * version in the page's language is in the same period, nothing under `omit`, and one group
 * listing otherwise (plus, for a topic, one read to learn whether that version is in it).
 *
 * @param inScope whether a version is listed in the scope (always, for every report's scope)
 */
export async function chooseInLanguage(
  kv: KVNamespace,
  scope: Scope & { lang: Lang },
  items: ArchiveMeta[],
  fallback: 'mark' | 'omit',
  now: number,
  inScope: (version: Version) => Promise<boolean>,
): Promise<Chosen> {
  const own = (item: { l: string }) => sameLanguage(item.l, scope.lang);
  const here = new Set(items.map((item) => item.s));
  const covered = new Set(items.flatMap((item) => (own(item) && item.k ? [item.k] : [])));
  let nextChange: number | null = null;
  let changed = 0;
  let lookups = 0;
  const later = (at: number) => (nextChange = nextChange === null ? at : Math.min(nextChange, at));

  /** The slug of the version the group shows in this language's lists, if it is not in the page's language; undefined when unchecked. */
  async function shownOf(key: string): Promise<string | null | undefined> {
    if (lookups >= GROUP_LOOKUPS) return undefined;
    lookups++;
    const versions = (await groupOf(kv, key)).filter((v) => !v.draft);
    for (const v of versions) changed = Math.max(changed, v.published <= now ? v.published : 0);
    const ownVersion = versions.find((v) => own({ l: v.lang }));
    if (ownVersion) {
      if (ownVersion.published > now) later(ownVersion.published);
      else if (await inScope(ownVersion)) return null;
    }
    const others = versions.filter((v) => !own({ l: v.lang }) && v.published <= now).sort((a, b) => b.published - a.published);
    for (const v of others) if (here.has(v.slug) || (await inScope(v))) return v.slug;
    return null;
  }

  const pending = fallback === 'mark' ? [...new Set(items.flatMap((item) => (!own(item) && item.k && !covered.has(item.k) ? [item.k] : [])))] : [];
  const shown = new Map(await Promise.all(pending.map(async (key) => [key, await shownOf(key)] as const)));
  const chosen: Listed[] = [];
  for (const item of items) {
    if (own(item)) chosen.push(item);
    else if (fallback === 'omit' || (item.k && covered.has(item.k))) continue;
    else if (!item.k) chosen.push({ ...item, marked: true });
    else {
      const slug = shown.get(item.k);
      if (slug === undefined || slug === item.s) chosen.push({ ...item, marked: true });
    }
  }
  return { items: chosen, nextChange, changed, lookups };
}
