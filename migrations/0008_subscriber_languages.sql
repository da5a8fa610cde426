-- Subscribers read English, Chinese or both, and read Herald's own words (pages and emails)
-- in English or Chinese.
--
-- `lang` was a free BCP 47 tag (NULL: every language); it becomes one of 'en', 'zh', 'both':
-- NULL -> both, en and en-* -> en, zh and zh-* -> zh, anything else -> both (Herald
-- publishes in English and Chinese only, so a reader of another language is best served
-- by everything).
--
-- `ui_lang` is the language of the pages and emails the subscriber sees: recorded at
-- sign-up from the page they subscribed on (/subscribe: en, /zh/subscribe: zh), changeable
-- in their preferences. Existing subscribers who asked for Chinese reports get Chinese
-- (the digests already used their report language for the interface); the others English.
--
-- SQLite cannot add a CHECK to an existing column, so the table is rebuilt with both
-- columns constrained: no code path can store another value.
CREATE TABLE subscribers_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'suppressed')),
  frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
  topics TEXT NOT NULL DEFAULT '[]',
  -- Which reports: English ones, Chinese ones, or both (one per translation group).
  lang TEXT NOT NULL DEFAULT 'both' CHECK (lang IN ('en', 'zh', 'both')),
  -- The language of the subscriber's pages and emails.
  ui_lang TEXT NOT NULL DEFAULT 'en' CHECK (ui_lang IN ('en', 'zh')),
  timezone TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  last_seq INTEGER NOT NULL DEFAULT 0,
  claim_token TEXT,
  next_due_at INTEGER,
  confirm_day TEXT,
  confirm_count INTEGER NOT NULL DEFAULT 0,
  confirm_version INTEGER NOT NULL DEFAULT 0,
  signed_up_at INTEGER
);

INSERT INTO subscribers_new (id, email, status, frequency, topics, lang, ui_lang, timezone, created_at, updated_at, confirmed_at, unsubscribed_at, last_seq, claim_token, next_due_at, confirm_day, confirm_count, confirm_version, signed_up_at)
SELECT id, email, status, frequency, topics,
  CASE
    WHEN lang IS NULL THEN 'both'
    WHEN lower(lang) = 'en' OR lower(lang) LIKE 'en-%' THEN 'en'
    WHEN lower(lang) = 'zh' OR lower(lang) LIKE 'zh-%' THEN 'zh'
    ELSE 'both'
  END,
  CASE WHEN lower(lang) = 'zh' OR lower(lang) LIKE 'zh-%' THEN 'zh' ELSE 'en' END,
  timezone, created_at, updated_at, confirmed_at, unsubscribed_at, last_seq, claim_token, next_due_at, confirm_day, confirm_count, confirm_version, signed_up_at
FROM subscribers;

-- Ids are never reused: unsubscribe and preferences links name a subscriber by id and never
-- expire, so an erased subscriber's id must not come back for someone else. The new
-- table's counter takes the old one's (which may be past the largest id still stored).
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'subscribers_new', seq FROM sqlite_sequence WHERE name = 'subscribers'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'subscribers_new');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'subscribers'), 0)) WHERE name = 'subscribers_new';

DROP TABLE subscribers;
ALTER TABLE subscribers_new RENAME TO subscribers;
CREATE INDEX subscribers_due ON subscribers (status, frequency, next_due_at);

-- The web archive's editions in each interface language: `digest` keeps the English one (as
-- before), `localized` a JSON object of the others by language ({"zh": {…}}). Editions kept
-- before have none, and are shown as they were kept.
ALTER TABLE editions ADD COLUMN localized TEXT;
