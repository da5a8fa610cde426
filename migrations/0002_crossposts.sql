-- Cross-posting: the institute's channels, and one delivery per (channel, report).

-- A channel: its type, its settings (JSON, no secrets) and its credentials, encrypted with
-- AES-GCM under a key derived from the CHANNELS_KEY secret (never stored in plain text).
CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  settings TEXT NOT NULL,
  secret TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  -- Why the channel was switched off by Herald itself (a 410 from a webhook), or null.
  disabled_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A delivery: claimed atomically before it is sent, so each (channel, report) is posted once.
-- status: queued → sending → sent | retrying → … | failed | cancelled | unknown
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  claim TEXT,
  last_status INTEGER,
  last_error TEXT,
  remote_url TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (channel_id, slug)
);
CREATE INDEX deliveries_by_status ON deliveries (status, updated_at);
CREATE INDEX deliveries_by_slug ON deliveries (slug);

-- How far the dispatcher has read `publications` (by seq): what is at or below it has had
-- its deliveries created.
CREATE TABLE crosspost_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
-- Reports public before cross-posting existed are not announced: start after them.
INSERT INTO crosspost_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM publications;
