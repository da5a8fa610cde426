/** Sign-in links and the sign-in form's counters (`sign_in_links`, `sign_in_attempts`). */

/** How long a link is kept after it expired: long enough to say "expired", then it goes. */
const KEEP_EXPIRED_MS = 86_400_000;

/** How many links `email` was sent since `since`: what the per-address limit counts. */
export async function linksSentSince(db: D1Database, email: string, since: number): Promise<number> {
  const row = await db.prepare('SELECT COUNT(*) AS n FROM sign_in_links WHERE email = ?1 AND created_at > ?2').bind(email, since).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Stores a new link by its token's hash, and drops links that expired over a day ago. */
export async function insertLink(db: D1Database, link: { hash: string; email: string; now: number; expiresAt: number }): Promise<void> {
  await db.batch([
    db.prepare('INSERT INTO sign_in_links (token_hash, email, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)').bind(link.hash, link.email, link.now, link.expiresAt),
    db.prepare('DELETE FROM sign_in_links WHERE expires_at < ?1').bind(link.now - KEEP_EXPIRED_MS),
  ]);
}

export type Claim = { ok: true; email: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Uses the link whose token hashes to `hash`, once: the conditional update lets exactly one
 * request claim it, however many press the button at once.
 */
export async function claimLink(db: D1Database, hash: string, now: number): Promise<Claim> {
  const claimed = await db
    .prepare('UPDATE sign_in_links SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING email')
    .bind(hash, now)
    .first<{ email: string }>();
  if (claimed) return { ok: true, email: claimed.email };
  const row = await db.prepare('SELECT used_at, expires_at FROM sign_in_links WHERE token_hash = ?1').bind(hash).first<{ used_at: number | null; expires_at: number }>();
  if (!row) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: row.used_at !== null ? 'used' : 'expired' };
}

/** True when a link with this hash exists, unused and unexpired (the confirm page's GET changes nothing). */
export async function linkIsOpen(db: D1Database, hash: string, now: number): Promise<boolean> {
  const row = await db.prepare('SELECT 1 AS ok FROM sign_in_links WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2').bind(hash, now).first();
  return row !== null;
}

/**
 * Counts one sign-in post by `client` in `window` and answers the count so far; the first
 * post of a window also drops the counters of windows before the previous one.
 */
export async function countAttempt(db: D1Database, client: string, window: number): Promise<number> {
  const row = await db
    .prepare('INSERT INTO sign_in_attempts (client, window, count) VALUES (?1, ?2, 1) ON CONFLICT (client, window) DO UPDATE SET count = count + 1 RETURNING count')
    .bind(client, window)
    .first<{ count: number }>();
  const count = row?.count ?? 1;
  if (count === 1) await db.prepare('DELETE FROM sign_in_attempts WHERE window < ?1').bind(window - 1).run();
  return count;
}
