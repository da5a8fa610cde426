/**
 * Who is asking, and what they may do. Every admin API request (and, later, every desk page)
 * has one actor: the owner (the `ADMIN_TOKEN`, every scope), an API token (by its name, with
 * the scopes it was made with), or a signed-in editor. Scopes are the units of permission;
 * which one each route needs is the editors capability's route table.
 */
export const SCOPES = ['reports:read', 'reports:write', 'subscribers:read', 'subscribers:write', 'channels:write', 'digests:run', 'audit:read'] as const;

/** One permission an API token (or an editor's role) can hold. */
export type ApiScope = (typeof SCOPES)[number];

export type ActorKind = 'owner' | 'token' | 'editor';

export interface Actor {
  kind: ActorKind;
  /** What the audit log calls them: `owner`, the token's name, the editor's address. */
  name: string;
  /** The token's or editor's id; the owner has none. */
  id?: string;
  /** Every scope held, implied ones included (see {@link withImplied}). */
  scopes: ReadonlySet<ApiScope>;
  /** An editor with the `admin` role: may also call the routes no scope opens (tokens, editors), as the owner may. */
  admin?: boolean;
}

/** A scope that brings another: a writer must read what it replaces (content sync reads before it writes). */
const IMPLIES: Partial<Record<ApiScope, ApiScope[]>> = { 'reports:write': ['reports:read'] };

/** `scopes` with the scopes each one implies. */
export function withImplied(scopes: Iterable<ApiScope>): ReadonlySet<ApiScope> {
  const held = new Set<ApiScope>();
  for (const scope of scopes) {
    held.add(scope);
    for (const implied of IMPLIES[scope] ?? []) held.add(implied);
  }
  return held;
}

/** True for a known scope name. */
export function isScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** The owner: whoever holds `ADMIN_TOKEN`. */
export const OWNER: Actor = { kind: 'owner', name: 'owner', scopes: new Set(SCOPES) };
