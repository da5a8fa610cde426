import type { Digest } from './compose.ts';

/** The web archive's editions (table `editions`): each run's all-topics daily or weekly digest. */
export interface Edition {
  id: number;
  runId: number;
  frequency: 'daily' | 'weekly';
  since: number;
  until: number;
  subject: string;
  count: number;
  digest: Digest;
  /** The same edition in other interface languages (editions kept before there were any: none). */
  localized: Record<string, Digest>;
  createdAt: number;
}

/** The edition as readers of `lang` read it: in their language where it was kept in it. */
export function editionIn(edition: Edition, lang: string): Digest {
  return edition.localized[lang] ?? edition.digest;
}

interface EditionRow {
  id: number;
  run_id: number;
  frequency: 'daily' | 'weekly';
  since: number;
  until: number;
  subject: string;
  count: number;
  digest: string;
  localized: string | null;
  created_at: number;
}

const toEdition = (row: EditionRow): Edition => ({
  id: row.id,
  runId: row.run_id,
  frequency: row.frequency,
  since: row.since,
  until: row.until,
  subject: row.subject,
  count: row.count,
  digest: JSON.parse(row.digest) as Digest,
  localized: row.localized ? (JSON.parse(row.localized) as Record<string, Digest>) : {},
  createdAt: row.created_at,
});

/** Keeps a run's edition (`digest`, and the same in other languages); a second call for the same run changes nothing. */
export async function saveEdition(db: D1Database, e: { runId: number; frequency: 'daily' | 'weekly'; since: number; until: number; digest: Digest; localized?: Record<string, Digest>; now: number }): Promise<void> {
  const localized = e.localized && Object.keys(e.localized).length > 0 ? JSON.stringify(e.localized) : null;
  await db
    .prepare('INSERT INTO editions (run_id, frequency, since, until, subject, count, digest, created_at, localized) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (run_id) DO NOTHING')
    .bind(e.runId, e.frequency, e.since, e.until, e.digest.subject, e.digest.items.length, JSON.stringify(e.digest), e.now, localized)
    .run();
}

/** True when the edition of `frequency` whose window closed at `until` is kept. */
export async function editionKept(db: D1Database, frequency: 'daily' | 'weekly', until: number): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM editions WHERE until = ?1 AND frequency = ?2').bind(until, frequency).first()) !== null;
}

/** The newest editions, before `beforeId` when paging. */
export async function listEditions(db: D1Database, limit: number, beforeId?: number): Promise<Edition[]> {
  const { results } = await db.prepare('SELECT * FROM editions WHERE id < ?1 ORDER BY id DESC LIMIT ?2').bind(beforeId ?? Number.MAX_SAFE_INTEGER, limit).all<EditionRow>();
  return results.map(toEdition);
}

/** One kept edition, or null: what /digests/:id shows, rendered from its digest as kept. */
export async function getEdition(db: D1Database, id: number): Promise<Edition | null> {
  const row = await db.prepare('SELECT * FROM editions WHERE id = ?1').bind(id).first<EditionRow>();
  return row ? toEdition(row) : null;
}
