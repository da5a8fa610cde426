import type { ActorKind } from '../common/actor.ts';

/** One change as the audit log keeps it. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: { kind: ActorKind; name: string; id: string | null };
  action: string;
  target: { kind: string; id: string } | null;
  detail: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

interface Row {
  id: number;
  at: number;
  actor_kind: ActorKind;
  actor_name: string;
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  detail: string | null;
}

/** Appends one entry. */
export async function insertAuditEntry(db: D1Database, entry: NewAuditEntry): Promise<void> {
  await db
    .prepare('INSERT INTO audit_log (at, actor_kind, actor_name, actor_id, action, target_kind, target_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
    .bind(entry.at, entry.actor.kind, entry.actor.name, entry.actor.id, entry.action, entry.target?.kind ?? null, entry.target?.id ?? null, entry.detail ? JSON.stringify(entry.detail) : null)
    .run();
}

/** Up to `limit` entries, newest first, older than the entry `before` when given. */
export async function listAuditEntries(db: D1Database, { limit, before }: { limit: number; before?: number }): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare('SELECT id, at, actor_kind, actor_name, actor_id, action, target_kind, target_id, detail FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT ?2')
    .bind(before ?? Number.MAX_SAFE_INTEGER, limit)
    .all<Row>();
  return results.map((row) => ({
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, name: row.actor_name, id: row.actor_id },
    action: row.action,
    target: row.target_kind !== null && row.target_id !== null ? { kind: row.target_kind, id: row.target_id } : null,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  }));
}
