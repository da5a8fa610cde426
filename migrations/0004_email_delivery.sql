-- Email that fails told apart from email that may have gone; reports that KV has not shown
-- everywhere yet.

-- When a recorded report stopped being public (deleted, made a draft again, moved to a later
-- time), or NULL while it is public; and when it was last made public again after that. D1
-- is strongly consistent where KV is not: a digest that cannot read a report from KV yet
-- tells "not there yet" (a write minutes old: wait for it) from "withdrawn" (leave it out)
-- by these, and leaves out a withdrawn report that KV still shows.
ALTER TABLE publications ADD COLUMN withdrawn_at INTEGER;
ALTER TABLE publications ADD COLUMN returned_at INTEGER;

-- Email Service's daily quota belongs to the account, not to one run: when a send is refused
-- with E_DAILY_LIMIT_EXCEEDED, every sender (digest consumers, the crons' fan-outs, and any
-- other sender that checks it) holds off until `until` (the next midnight UTC). One row.
CREATE TABLE email_pause (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  until INTEGER NOT NULL,
  reason TEXT NOT NULL,
  paused_at INTEGER NOT NULL
);
