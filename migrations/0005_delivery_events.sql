-- Delivery events: Email Service's sending events (delivered, bounced, complained, ...)
-- arrive on the herald-email-events queue and move a send on from 'sent':
--   sent -> delivered   the recipient's server accepted it
--   sent -> bounced     refused for good (bounce_type 'hard'), or retried until the service
--                       gave up ('soft')
--   sent -> complained  the recipient marked it as spam
--   sent -> failed      the service could not deliver it (an internal error, or a rejection)
-- An outcome is only ever replaced by a stronger one (delivered < bounced < complained), so a
-- repeated or late event never moves a send back.
--
-- SQLite cannot change a CHECK constraint in place. Rather than rebuild `sends` (and lose
-- columns other migrations may add to it), the status column is replaced by a new one with
-- the wider CHECK, under the same name; its values are copied over.
DROP INDEX sends_run;
ALTER TABLE sends ADD COLUMN status_next TEXT NOT NULL DEFAULT 'claimed'
  CHECK (status_next IN ('claimed', 'sending', 'sent', 'failed', 'unknown', 'cancelled', 'delivered', 'bounced', 'complained'));
UPDATE sends SET status_next = status;
ALTER TABLE sends DROP COLUMN status;
ALTER TABLE sends RENAME COLUMN status_next TO status;
CREATE INDEX sends_run ON sends (run_id, status);

-- 'hard' or 'soft' for a bounced send: a hard bounce suppresses the subscriber at once,
-- soft bounces only in a streak (see src/digests/outcome-store.ts).
ALTER TABLE sends ADD COLUMN bounce_type TEXT CHECK (bounce_type IN ('hard', 'soft'));
-- When the event that gave the send its outcome happened (epoch ms, the event's own time).
ALTER TABLE sends ADD COLUMN outcome_at INTEGER;

-- Events name the send by the message id the service returned when it was handed over.
CREATE INDEX sends_message_id ON sends (message_id) WHERE message_id IS NOT NULL;
