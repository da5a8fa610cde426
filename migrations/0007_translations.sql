-- Translation groups (issue 13): the reports that are one piece in several languages, at
-- most one per language, and when each version last changed, for the stale flag. KV keeps
-- the reports; what must be unique (one version per language in a group) is kept here.
CREATE TABLE translations (
  slug TEXT PRIMARY KEY,
  translation_key TEXT NOT NULL,
  -- The primary language subtag ('zh' for zh-Hans): a group has one version per language.
  lang TEXT NOT NULL,
  -- Epoch ms of this version's last content change, its creation included.
  saved_at INTEGER NOT NULL,
  -- Epoch ms of its last edit that the other versions have to follow (null: none yet).
  edited_at INTEGER,
  UNIQUE (translation_key, lang)
);
