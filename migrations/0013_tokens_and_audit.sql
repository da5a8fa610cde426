-- API tokens and the audit log (issue 16): each purpose gets its own token with only the
-- scopes it needs, and every change made through the admin API says who made it.

-- A token is shown once, when it is made; only its SHA-256 hash is kept, and a request's
-- token is looked up by that hash. `scopes` is space-separated (`reports:write digests:run`).
-- A revoked or expired token is refused as a wrong one would be; the row stays, so the audit
-- log's token names keep their meaning. `last_used_at` is written at most once an hour.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);

-- One row per successful change through the admin API (or the desk): who (the owner, a token
-- by its name, an editor by address), what (`report.update`), to which target (`report`,
-- its slug), when. `detail` is JSON of named, secret-free fields, or null. Newest-first paging
-- walks the integer primary key (`WHERE id < ?before ORDER BY id DESC`), which needs no other
-- index; the one below serves a target's own history (a report's page in the desk).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('owner', 'token', 'editor')),
  actor_name TEXT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  target_kind TEXT,
  target_id TEXT,
  detail TEXT
);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, id DESC);
