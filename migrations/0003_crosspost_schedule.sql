-- Cross-posting: retries keep their schedule in D1, and Bluesky sessions are kept.

-- When a delivery's next attempt is due (epoch ms; null: as soon as it is enqueued). The
-- consumer never claims a delivery before it, and the cron enqueues again only what is due,
-- so a restart, a redelivered message or a wait longer than a queue delay (12 h) keeps it.
ALTER TABLE deliveries ADD COLUMN next_attempt_at INTEGER;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- A channel's kept session (Bluesky: access and refresh tokens), sealed like its credentials
-- and bound to its endpoint and account; dropped whenever the channel is written.
CREATE TABLE channel_sessions (
  channel_id TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
