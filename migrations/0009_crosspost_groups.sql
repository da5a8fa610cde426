-- Cross-posting of translation groups (issue 13): a channel posts each group once, in one
-- of its versions. A delivery of a report in a group carries the group's key, and D1 keeps
-- one delivery per (channel, group), so two dispatchers that pick different versions of one
-- group (one saw the translation public, the other not yet) cannot both post it.
ALTER TABLE deliveries ADD COLUMN translation_key TEXT;

-- Deliveries made before this, of reports now in a group: the first per (channel, group)
-- stands for the group (channels without a language may have posted two versions before).
UPDATE deliveries SET translation_key = (SELECT t.translation_key FROM translations t WHERE t.slug = deliveries.slug)
WHERE id IN (
  SELECT MIN(d.id) FROM deliveries d JOIN translations t ON t.slug = d.slug GROUP BY d.channel_id, t.translation_key
);

CREATE UNIQUE INDEX deliveries_one_per_group ON deliveries (channel_id, translation_key) WHERE translation_key IS NOT NULL;
