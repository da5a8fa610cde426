-- The editors' desk (issue 16): the people who may sign in, the one-time sign-in links sent
-- to them, their sessions, and the counters that keep the sign-in form from being a mail
-- cannon or a guessing machine.

-- An editor is a person known by their address (lower-cased when stored): `editor` writes
-- reports and media; `admin` also manages subscribers, channels, tokens and editors.
CREATE TABLE editors (
  email TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER
);

-- A sign-in link: only the SHA-256 of its random token is kept, so a copy of the database
-- signs no one in. Valid 15 minutes, used once (`used_at` is set by the one request whose
-- conditional update claims it). Rows are also what the per-address limit counts.
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX sign_in_links_email ON sign_in_links (email, created_at);
CREATE INDEX sign_in_links_expiry ON sign_in_links (expires_at);

-- A desk session: the cookie holds a random id (and its HMAC); D1 holds the id's SHA-256, so
-- a session can be revoked (sign-out, an editor removed) and a stolen table is no cookie.
-- `last_seen_at` is written at most every few minutes, not on every request.
CREATE TABLE desk_sessions (
  id_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX desk_sessions_email ON desk_sessions (email);
CREATE INDEX desk_sessions_expiry ON desk_sessions (expires_at);

-- Sign-in posts per client (IPv4 address or IPv6 /64) per 10-minute window: the Rate
-- Limiting binding counts only 10 s or 60 s periods. Old windows are deleted as new ones open.
CREATE TABLE sign_in_attempts (
  client TEXT NOT NULL,
  window INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (client, window)
);
