-- Digests and subscriptions. Reports stay in KV; what must be unique, atomic or queried
-- lives here. Times are epoch milliseconds (UTC).

-- When each report first became visible to readers. `seq` orders the records as they were
-- committed: a digest covers the publications with seq in (a subscriber's last_seq, the
-- run's to_seq], so a report recorded while a run is under way falls in the next window,
-- never in none. A report is recorded once; later edits, a draft round-trip or a delete
-- never move it.
CREATE TABLE publications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  slug TEXT NOT NULL UNIQUE,
  public_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  -- 1 for a report found public long after it became so (stored before this table existed):
  -- its moment is kept, but no digest or cross-post announces it as new.
  quiet INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX publications_public_at ON publications (public_at);

-- Reports stored with a future `published`: the frequent cron records each one when it
-- comes due, without listing KV.
CREATE TABLE scheduled (
  slug TEXT PRIMARY KEY,
  due_at INTEGER NOT NULL
);
CREATE INDEX scheduled_due_at ON scheduled (due_at);

CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'suppressed')),
  frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
  -- JSON array of topics; empty means every topic.
  topics TEXT NOT NULL DEFAULT '[]',
  -- Only reports in this language; NULL means every language.
  lang TEXT,
  timezone TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  -- Publications up to this seq have been covered (or predate the confirmation).
  last_seq INTEGER NOT NULL DEFAULT 0,
  -- The attempt that last claimed a window (a random token): the ledger rows of a claim are
  -- written only in the transaction whose token it is.
  claim_token TEXT,
  -- When the next daily or weekly digest is due; NULL for instant subscribers.
  next_due_at INTEGER,
  -- Confirmation emails sent on `confirm_day` (YYYY-MM-DD, UTC): at most 3 a day.
  confirm_day TEXT,
  confirm_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX subscribers_due ON subscribers (status, frequency, next_due_at);

-- Site-wide counters with a daily reset (confirmation emails sent today, all addresses).
CREATE TABLE counters (
  name TEXT NOT NULL,
  day TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (name, day)
);

-- One run of a digest job: a frequency and a cut-off. The same cron firing twice for the
-- same scheduled time finds the run it made the first time.
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
  cutoff INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Subscribers enqueued for this run, and those of them who turned out to have nothing
  -- new (or had left) when their message was handled.
  due INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  -- Sending paused (daily quota of the email service reached) until this time.
  paused_until INTEGER,
  UNIQUE (frequency, cutoff)
);

-- The send ledger: one row per email. (subscriber, edition) is unique: an edition is
-- 'run:<run id>' for a digest or 'report:<seq>' for an instant email, so no subscriber
-- ever gets the same digest or the same instant report twice.
--   claimed  -> in the ledger, not yet handed to the email service (safe to send)
--   sending  -> being handed over; found in this state after a crash, the outcome is unknown
--   sent     -> the service accepted it (message_id)
--   failed   -> the service refused it for good, or retries ran out
--   unknown  -> the call may or may not have sent it; never resent blindly
--   cancelled -> the subscriber left before it was handed over
CREATE TABLE sends (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subscriber_id INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  edition TEXT NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  message_id TEXT,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (subscriber_id, edition)
);
CREATE INDEX sends_run ON sends (run_id, status);
CREATE INDEX sends_subscriber_run ON sends (subscriber_id, run_id);

-- Each run's all-topics daily and weekly editions, for the web archive (/digests).
CREATE TABLE editions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL UNIQUE,
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  since INTEGER NOT NULL,
  until INTEGER NOT NULL,
  subject TEXT NOT NULL,
  count INTEGER NOT NULL,
  -- The composed digest (JSON), rendered on request.
  digest TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX editions_until ON editions (until);
