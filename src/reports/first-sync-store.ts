import { listIndex } from './store.ts';

/**
 * The first content sync into an empty store (D1 table `first_sync`, one row at most): the
 * site's back catalogue, or the seeds, written all at once. Every report such a sync makes
 * public is recorded quietly (see publications-store.ts): readers are not told that years of
 * reports are new. The sync opens it, passes its token with each write, and closes it; only
 * this module and the publicity record read the table.
 */

/** How long an open first sync stays open after its last write (a sync that died ends by itself). */
export const FIRST_SYNC_IDLE_MS = 3_600_000;

/** What a first sync's token looks like: 32 lower-case hex digits. */
export const FIRST_SYNC_TOKEN = /^[0-9a-f]{32}$/;

export interface FirstSync {
  token: string;
  expiresAt: number;
}

function newToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens the first sync when the store is empty: no report in KV (drafts included), none ever
 * recorded public or scheduled in D1, and no other first sync open. Null otherwise. The D1
 * part is one statement on a one-row table, so of two syncs that race only one opens it; the
 * other writes as any client does.
 */
export async function openFirstSync(db: D1Database, kv: KVNamespace, now: number): Promise<FirstSync | null> {
  if ((await listIndex(kv, { limit: 1 })).entries.length > 0) return null;
  const token = newToken();
  const expiresAt = now + FIRST_SYNC_IDLE_MS;
  const opened = await db
    .prepare(
      `INSERT INTO first_sync (id, token, opened_at, expires_at)
       SELECT 1, ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM publications) AND NOT EXISTS (SELECT 1 FROM scheduled)
       ON CONFLICT (id) DO UPDATE SET token = excluded.token, opened_at = excluded.opened_at, expires_at = excluded.expires_at
       WHERE first_sync.expires_at <= excluded.opened_at`,
    )
    .bind(token, now, expiresAt)
    .run();
  return (opened.meta.changes ?? 0) > 0 ? { token, expiresAt } : null;
}

/**
 * True when `token` is the open first sync's, whose time it then extends: a write carrying
 * it is part of that sync. False for any other token, or once it was closed or idle too long.
 */
export async function continueFirstSync(db: D1Database, token: string, now: number): Promise<boolean> {
  const touched = await db.prepare('UPDATE first_sync SET expires_at = ?3 WHERE token = ?1 AND expires_at > ?2').bind(token, now, now + FIRST_SYNC_IDLE_MS).run();
  return (touched.meta.changes ?? 0) > 0;
}

/** Closes the first sync of `token` (nothing when it is not the open one). */
export async function closeFirstSync(db: D1Database, token: string): Promise<void> {
  await db.prepare('DELETE FROM first_sync WHERE token = ?1').bind(token).run();
}
