/**
 * Which version of a translation group a channel posts (issue 13): the one in the channel's
 * language if it is public when the group is first posted there, else the one that became
 * public first. Decided once per (channel, group); a translation published later posts
 * nothing more (the delivery ledger keeps one delivery per channel and group).
 */

/** A version of a group as the dispatcher sees it: when it became public (null: it is not). */
export interface Candidate {
  slug: string;
  /** Primary language subtag (`zh` for `zh-Hans`). */
  lang: string;
  publicAt: number | null;
  seq: number | null;
}

/** The primary subtag of a BCP 47 tag, lower-cased: how group versions are told apart. */
export const primaryLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** The language a channel prefers for a group's version: its own, or (none set) the site's. */
export function preferredLanguage(channelLang: string | null, siteLang: string): string {
  return primaryLanguage(channelLang || siteLang);
}

const order = (a: Candidate, b: Candidate) => a.publicAt! - b.publicAt! || (a.seq ?? Infinity) - (b.seq ?? Infinity);

/** The public versions, the first to become public first. */
function publicVersions(versions: Candidate[]): Candidate[] {
  return versions.filter((v) => v.publicAt !== null).sort(order);
}

/** When the group first became public (its earliest public version), or null if none is. */
export function groupPublicAt(versions: Candidate[]): number | null {
  return publicVersions(versions)[0]?.publicAt ?? null;
}

/** The version a channel preferring `lang` posts now, or null when none is public. */
export function chooseVersion(versions: Candidate[], lang: string): Candidate | null {
  const open = publicVersions(versions);
  return open.find((v) => v.lang === lang) ?? open[0] ?? null;
}

/**
 * The group's versions as D1 lists them, with `own` (the version being dispatched) in its
 * place: D1's list may not name it yet, or name it as not public while KV and the
 * publication record already show it.
 */
export function withVersion(versions: Candidate[], own: Candidate): Candidate[] {
  return [...versions.filter((v) => v.slug !== own.slug && v.lang !== own.lang), own];
}
