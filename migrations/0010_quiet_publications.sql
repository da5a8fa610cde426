-- Quiet publications (issue 14): a report that became public without being news is recorded
-- quietly, with the reason, when it first becomes public; the reason is never changed after.
-- Digests (email and web, editions), instant emails and cross-posts leave quiet reports out;
-- feeds, pages, the archive and the events list still show them.
--   back-catalogue: its `published` is more than 30 days before it was first stored (an old
--                   report imported now), and it does not say `announce: true`;
--   first-sync:     written by the first content sync into an empty store (a site's back
--                   catalogue, the seeds), and it does not say `announce: true`;
--   unrecorded:     found public long after it became so, stored before `publications`
--                   existed (the rows with quiet = 1 until now).
ALTER TABLE publications ADD COLUMN quiet_reason TEXT CHECK (quiet_reason IN ('back-catalogue', 'first-sync', 'unrecorded'));
UPDATE publications SET quiet_reason = 'unrecorded' WHERE quiet = 1;

-- The readers that announce (a run's window by seq, the cross-post cursor, the web digest's
-- window by time) read only the announced rows: a back catalogue of thousands of quiet rows
-- costs them nothing, and the newest announced seq is one index step.
CREATE INDEX publications_announced ON publications (seq) WHERE quiet = 0;
CREATE INDEX publications_announced_public_at ON publications (public_at) WHERE quiet = 0;

-- The first content sync into an empty store, while it runs: `POST /api/first-sync` opens it
-- only when no report has ever been recorded or scheduled (one row at most, so of two syncs
-- that race only one opens it), and each write that carries its token is recorded quietly.
-- It ends when the sync closes it, or an hour after its last use.
CREATE TABLE first_sync (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
