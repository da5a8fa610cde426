import { type ApiScope, isScope } from '../common/actor.ts';

/** An API token as stored: everything but its secret, which is kept only as a hash. */
export interface ApiToken {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  createdBy: string;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

interface Row {
  id: string;
  name: string;
  scopes: string;
  created_at: number;
  created_by: string;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

const COLUMNS = 'id, name, scopes, created_at, created_by, expires_at, revoked_at, last_used_at';

function toToken(row: Row): ApiToken {
  return {
    id: row.id,
    name: row.name,
    // A scope a later version dropped is no longer held.
    scopes: row.scopes.split(' ').filter(isScope),
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Stores a new token by the hash of its secret. */
export async function insertToken(db: D1Database, token: Omit<ApiToken, 'revokedAt' | 'lastUsedAt'>, hash: string): Promise<void> {
  await db
    .prepare('INSERT INTO api_tokens (id, name, scopes, token_hash, created_at, created_by, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
    .bind(token.id, token.name, token.scopes.join(' '), hash, token.createdAt, token.createdBy, token.expiresAt)
    .run();
}

/** The token whose secret hashes to `hash`, revoked and expired ones included; null when none does. */
export async function tokenByHash(db: D1Database, hash: string): Promise<ApiToken | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?1`).bind(hash).first<Row>();
  return row ? toToken(row) : null;
}

/** Every token, newest first (there are a handful: one per purpose). */
export async function listTokens(db: D1Database): Promise<ApiToken[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`).all<Row>();
  return results.map(toToken);
}

/** Revokes the token `id` (a second revocation keeps the first time); false when no token has that id. */
export async function revokeToken(db: D1Database, id: string, now: number): Promise<boolean> {
  const result = await db.prepare('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1').bind(id, now).run();
  return result.meta.changes > 0;
}

/** Notes that the token was used now, unless that was noted within the last `within` ms: one write an hour, not one a request. */
export async function touchToken(db: D1Database, id: string, now: number, within: number): Promise<void> {
  await db.prepare('UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at <= ?3)').bind(id, now, now - within).run();
}
