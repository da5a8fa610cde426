-- A subscriber can follow a search by email (issue 15): `query` holds the words they follow,
-- checked as the search's `q` is (src/search/params.ts checkQuery: at most 200 characters,
-- letters or digits, no control characters) and stored as checkQuery writes it (whitespace
-- collapsed). NULL: no query, every report on their topics and in their language. With a
-- query, an instant, daily or weekly email carries only the reports matching it as well.
-- One per subscriber; the preferences page changes or clears it.
ALTER TABLE subscribers ADD COLUMN query TEXT;
