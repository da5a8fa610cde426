-- Reach: who follows the site, by email and through feed readers (helper 16f).

-- The latest subscriber count each feed aggregator stated (in its User-Agent) for a feed of
-- this site: one row per aggregator and feed, rewritten at most once a UTC day. No address,
-- no User-Agent text: only the aggregator's name from a closed list (src/reach/user-agent.ts).
CREATE TABLE feed_readers (
  aggregator TEXT NOT NULL,
  -- The feed's path (with the query for a search feed).
  feed TEXT NOT NULL,
  subscribers INTEGER NOT NULL CHECK (subscribers >= 0),
  -- The UTC day (YYYY-MM-DD) the count was stated.
  day TEXT NOT NULL,
  PRIMARY KEY (aggregator, feed)
);

-- Active email subscribers per UTC day, frequency and reports language, as the hourly cron
-- last counted them that day. A snapshot because the history cannot be rebuilt from the
-- subscriber rows: frequency and language change in place, suppression keeps no time, and a
-- returning subscriber's confirmation time is overwritten.
CREATE TABLE subscriber_days (
  day TEXT NOT NULL,
  frequency TEXT NOT NULL,
  lang TEXT NOT NULL,
  active INTEGER NOT NULL,
  counted_at INTEGER NOT NULL,
  PRIMARY KEY (day, frequency, lang)
);
