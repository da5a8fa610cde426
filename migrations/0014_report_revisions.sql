-- Report revisions (issue 16, "No edit is ever lost"): every write that changes a report is
-- a row here, numbered from 1 per slug, holding the whole report as the editor wrote it (the
-- input fields, never the server-kept ones), so any earlier version can be read and restored,
-- a deleted report included. KV keeps the current report; this table is its history and the
-- atomic point of a write: a write claims revision n + 1 (the primary key) before it touches
-- KV, so of two writers that read the same head exactly one gets it (If-Match, see
-- src/reports/revisions.ts).
CREATE TABLE report_revisions (
  slug TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 1),
  -- Epoch ms of the write.
  at INTEGER NOT NULL,
  -- Who wrote it: 'owner' (ADMIN_TOKEN), 'token:<name>', 'editor:<address>', 'content:sync'
  -- (the local sync), 'unknown' (the version stored before revisions existed).
  author TEXT NOT NULL,
  --   save:     a write through the API or the sync;
  --   restore:  a write of revision `restored_from`'s report;
  --   delete:   the report was deleted; `content` is the report as it was;
  --   baseline: the report stored before this table existed, kept when it is first changed.
  kind TEXT NOT NULL CHECK (kind IN ('save', 'restore', 'delete', 'baseline')),
  restored_from INTEGER,
  -- The report's content hash (its ETag): equal to the stored report's while it is current.
  hash TEXT NOT NULL,
  title TEXT NOT NULL,
  -- 'file' or 'desk': where this version came from.
  source TEXT NOT NULL CHECK (source IN ('file', 'desk')),
  -- The input fields as JSON, gzip-compressed: a 1 MiB body whose JSON escapes double it
  -- still fits D1's 2 MB row, and a history of many saves costs a quarter of the space.
  content BLOB NOT NULL,
  PRIMARY KEY (slug, n)
);
