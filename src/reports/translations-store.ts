import type { Report } from './schema.ts';

/**
 * Translation groups in D1 (table `translations`): which report holds each language of a
 * piece, and what the stale flag needs. Only this module reads or writes the table.
 *
 * Stale: a version is stale when another version of its group was edited after this one
 * was last saved. Creating a version (adding a translation) or moving one into a group is
 * not an edit, and an edit of a version that was stale is taken as bringing it up to date:
 * it clears its own flag without flagging the others, so two versions never keep flagging
 * each other.
 */

/** A group holds one version per primary language: `zh-Hans` and `zh-CN` are both `zh`. */
export const groupLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** Another report already holds this language of the group. */
export interface TranslationConflict {
  slug: string;
}

const IS_STALE = `EXISTS (SELECT 1 FROM translations w WHERE w.translation_key = v.translation_key AND w.slug <> v.slug AND w.edited_at > v.saved_at)`;

/**
 * Records `after` (about to be stored at `slug`, replacing `before`) in its group before
 * KV is written, so a second version in one language is refused with nothing changed.
 * Writing the same content again only makes sure the record exists. Returns the report
 * that holds the language already, or null when the place is this report's.
 */
export async function claimTranslation(db: D1Database, slug: string, after: Report, before: Report | null, now: number): Promise<TranslationConflict | null> {
  const key = after.translation_key;
  if (!key) {
    if (before?.translation_key) await db.prepare('DELETE FROM translations WHERE slug = ?1').bind(slug).run();
    return null;
  }
  const lang = groupLanguage(after.lang);
  const unchanged = before !== null && before.hash === after.hash;
  const sameGroup = before !== null && before.translation_key === key && groupLanguage(before.lang) === lang;
  try {
    if (unchanged) {
      await db
        .prepare('INSERT INTO translations (slug, translation_key, lang, saved_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (slug) DO NOTHING')
        .bind(slug, key, lang, Date.parse(after.updated))
        .run();
    } else {
      // An edit inside the group stales the others unless this version was stale itself.
      await db
        .prepare(
          `INSERT INTO translations (slug, translation_key, lang, saved_at) VALUES (?1, ?2, ?3, ?4)
           ON CONFLICT (slug) DO UPDATE SET translation_key = excluded.translation_key, lang = excluded.lang, saved_at = excluded.saved_at,
             edited_at = CASE
               WHEN ?5 = 0 THEN NULL
               WHEN EXISTS (SELECT 1 FROM translations w WHERE w.translation_key = translations.translation_key AND w.slug <> translations.slug AND w.edited_at > translations.saved_at) THEN translations.edited_at
               ELSE excluded.saved_at END`,
        )
        .bind(slug, key, lang, now, sameGroup ? 1 : 0)
        .run();
    }
    return null;
  } catch (error) {
    if (!/UNIQUE/i.test(String(error))) throw error;
    const holder = await db.prepare('SELECT slug FROM translations WHERE translation_key = ?1 AND lang = ?2').bind(key, lang).first<{ slug: string }>();
    if (holder && holder.slug !== slug) return { slug: holder.slug };
    throw error;
  }
}

/** Forgets a deleted report's place in its group. */
export async function releaseTranslation(db: D1Database, slug: string): Promise<void> {
  await db.prepare('DELETE FROM translations WHERE slug = ?1').bind(slug).run();
}

/** Which of `slugs` are stale translations. One query. */
export async function staleSlugs(db: D1Database, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const { results } = await db
    .prepare(`SELECT v.slug FROM translations v WHERE v.slug IN (SELECT value FROM json_each(?1)) AND ${IS_STALE}`)
    .bind(JSON.stringify(slugs))
    .all<{ slug: string }>();
  return new Set(results.map((row) => row.slug));
}

/** One version of a group, as D1 knows it: with when it became public (null: not public). */
export interface GroupVersion {
  slug: string;
  /** Primary language subtag. */
  lang: string;
  publicAt: number | null;
  seq: number | null;
  stale: boolean;
}

/**
 * The versions of each group in `keys`, with when each became public (publications still
 * in force only) and its stale flag. One query.
 */
export async function groupPublications(db: D1Database, keys: string[]): Promise<Map<string, GroupVersion[]>> {
  const groups = new Map<string, GroupVersion[]>();
  if (keys.length === 0) return groups;
  const { results } = await db
    .prepare(
      `SELECT v.translation_key AS k, v.slug, v.lang, p.public_at, p.seq, ${IS_STALE} AS stale
       FROM translations v LEFT JOIN publications p ON p.slug = v.slug AND p.withdrawn_at IS NULL
       WHERE v.translation_key IN (SELECT value FROM json_each(?1)) ORDER BY v.lang`,
    )
    .bind(JSON.stringify([...new Set(keys)]))
    .all<{ k: string; slug: string; lang: string; public_at: number | null; seq: number | null; stale: number }>();
  for (const row of results) {
    const list = groups.get(row.k) ?? [];
    list.push({ slug: row.slug, lang: row.lang, publicAt: row.public_at, seq: row.seq, stale: row.stale === 1 });
    groups.set(row.k, list);
  }
  return groups;
}
