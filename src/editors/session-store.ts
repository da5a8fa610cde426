import type { Role } from './editors-store.ts';

/** The `desk_sessions` table: sessions by the SHA-256 of their id, joined to their editor. */

export interface StoredSession {
  idHash: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

/** How long a session whose time is up is kept: then it goes, with the next sign-in. */
const KEEP_ENDED_MS = 86_400_000;

/** Stores a new session (its editor is seen now), and drops sessions that ended over a day ago. */
export async function insertSession(db: D1Database, session: { idHash: string; email: string; now: number; expiresAt: number }): Promise<void> {
  await db.batch([
    db.prepare('INSERT INTO desk_sessions (id_hash, email, created_at, expires_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?3)').bind(session.idHash, session.email, session.now, session.expiresAt),
    db.prepare('DELETE FROM desk_sessions WHERE expires_at < ?1').bind(session.now - KEEP_ENDED_MS),
    db.prepare('UPDATE editors SET last_seen_at = ?2 WHERE email = ?1').bind(session.email, session.now),
  ]);
}

/**
 * The live session with this id hash and its editor's current name and role: null when it is
 * unknown, revoked, past its time, or its editor was removed (a role change applies at once).
 */
export async function liveSession(db: D1Database, idHash: string, now: number): Promise<StoredSession | null> {
  const row = await db
    .prepare(
      `SELECT s.id_hash, s.email, e.name, e.role, s.created_at, s.expires_at, s.last_seen_at
         FROM desk_sessions s JOIN editors e ON e.email = s.email
        WHERE s.id_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2`,
    )
    .bind(idHash, now)
    .first<{ id_hash: string; email: string; name: string; role: Role; created_at: number; expires_at: number; last_seen_at: number }>();
  if (!row) return null;
  return { idHash: row.id_hash, email: row.email, name: row.name, role: row.role, createdAt: row.created_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at };
}

/** Ends a session for good (sign-out). */
export async function revokeSession(db: D1Database, idHash: string, now: number): Promise<void> {
  await db.prepare('UPDATE desk_sessions SET revoked_at = ?2 WHERE id_hash = ?1 AND revoked_at IS NULL').bind(idHash, now).run();
}

/** Records that the session (and its editor) was seen now. */
export async function touchSession(db: D1Database, idHash: string, email: string, now: number): Promise<void> {
  await db.batch([
    db.prepare('UPDATE desk_sessions SET last_seen_at = ?2 WHERE id_hash = ?1').bind(idHash, now),
    db.prepare('UPDATE editors SET last_seen_at = ?2 WHERE email = ?1').bind(email, now),
  ]);
}
