import { type Actor, SCOPES, withImplied } from '../common/actor.ts';
import type { Role } from './editors-store.ts';

/**
 * A signed-in editor as an actor of the admin API and the audit log, known by their address.
 * An `editor` holds `reports:*` only; an `admin` every scope, and may manage tokens and editors.
 */
export function editorActor(editor: { email: string; role: Role }): Actor {
  if (editor.role === 'admin') return { kind: 'editor', name: editor.email, id: editor.email, scopes: new Set(SCOPES), admin: true };
  return { kind: 'editor', name: editor.email, id: editor.email, scopes: withImplied(['reports:write']) };
}
