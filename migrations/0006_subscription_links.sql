-- A confirmation link stands for one sign-up. `confirm_version` goes up with every sign-up
-- that is sent a link and with every unsubscribe; a confirmation token carries the version
-- it was signed for and activates the address only while that is still the version, so a
-- link issued before an unsubscribe or a newer sign-up no longer works. Links signed
-- before this column existed carry no version and count as 0, what every row starts with.
ALTER TABLE subscribers ADD COLUMN confirm_version INTEGER NOT NULL DEFAULT 0;

-- When the sign-up whose link is current was made: its link expires 7 days later, and a
-- subscriber still pending then is erased by the hourly cron.
ALTER TABLE subscribers ADD COLUMN signed_up_at INTEGER;
UPDATE subscribers SET signed_up_at = updated_at WHERE status = 'pending';
