/** The `editors` table: who may sign in to the desk, and with which role. Addresses are stored lower-cased. */

export type Role = 'editor' | 'admin';

export interface Editor {
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  lastSeenAt: number | null;
}

interface Row {
  email: string;
  name: string;
  role: Role;
  created_at: number;
  last_seen_at: number | null;
}

const editorOf = (row: Row): Editor => ({ email: row.email, name: row.name, role: row.role, createdAt: row.created_at, lastSeenAt: row.last_seen_at });

/** The editor with address `email` (already normalised), or null. */
export async function editorByEmail(db: D1Database, email: string): Promise<Editor | null> {
  const row = await db.prepare('SELECT * FROM editors WHERE email = ?1').bind(email).first<Row>();
  return row ? editorOf(row) : null;
}

/** Every editor, admins first, then by address. */
export async function listEditors(db: D1Database): Promise<Editor[]> {
  const { results } = await db.prepare("SELECT * FROM editors ORDER BY role = 'admin' DESC, email").all<Row>();
  return results.map(editorOf);
}

/**
 * Creates the editor or changes their name and role; answers whether the row was new. Taking
 * the admin role from the last admin is refused (`last-admin`) in the same statement, so two
 * admins demoting each other at once cannot leave the desk without one.
 */
export async function upsertEditor(db: D1Database, editor: { email: string; name: string; role: Role }, now: number): Promise<'created' | 'updated' | 'last-admin'> {
  const existing = await editorByEmail(db, editor.email);
  if (!existing) {
    const inserted = await db
      .prepare('INSERT INTO editors (email, name, role, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO NOTHING')
      .bind(editor.email, editor.name, editor.role, now)
      .run();
    if (inserted.meta.changes === 1) return 'created';
  }
  const updated = await db
    .prepare(
      `UPDATE editors SET name = ?2, role = ?3 WHERE email = ?1
         AND (?3 = 'admin' OR role <> 'admin' OR (SELECT COUNT(*) FROM editors WHERE role = 'admin') > 1)`,
    )
    .bind(editor.email, editor.name, editor.role)
    .run();
  return updated.meta.changes === 1 ? 'updated' : 'last-admin';
}

/**
 * Removes the editor and revokes every session of theirs, in one transaction; refuses to
 * remove the last admin. Answers `missing` when there was no such editor.
 */
export async function deleteEditor(db: D1Database, email: string, now: number): Promise<'deleted' | 'missing' | 'last-admin'> {
  const [removed] = await db.batch([
    db.prepare(`DELETE FROM editors WHERE email = ?1 AND (role <> 'admin' OR (SELECT COUNT(*) FROM editors WHERE role = 'admin') > 1)`).bind(email),
    db.prepare('UPDATE desk_sessions SET revoked_at = ?2 WHERE email = ?1 AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM editors WHERE email = ?1)').bind(email, now),
  ]);
  if (removed!.meta.changes === 1) return 'deleted';
  return (await editorByEmail(db, email)) ? 'last-admin' : 'missing';
}

/** Adds the editor unless the address is already one (whatever its name and role now): true when added. */
export async function addEditorIfMissing(db: D1Database, editor: { email: string; name: string; role: Role }, now: number): Promise<boolean> {
  const result = await db.prepare('INSERT INTO editors (email, name, role, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO NOTHING').bind(editor.email, editor.name, editor.role, now).run();
  return result.meta.changes === 1;
}
