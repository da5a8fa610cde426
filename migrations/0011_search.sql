-- Search (src/search): derived from the reports in KV, rebuilt by POST /api/search/reindex.
-- `search_documents` holds what results show and filter on; `search_index` (FTS5) the
-- tokens of each field (see src/search/tokens.ts), under the document's id as its rowid.
-- Contentless: the token text is not stored twice; contentless_delete lets a row go.
-- `wrangler d1 export` refuses a database with a virtual table: drop both tables before an
-- export and run the reindex after (README, "Backups").
CREATE TABLE search_documents (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  lang TEXT NOT NULL,
  published INTEGER NOT NULL,
  kind TEXT,
  -- The report's topics between spaces (' a b '), so one is found with instr().
  topics TEXT NOT NULL,
  title TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  event TEXT,
  hash TEXT NOT NULL,
  -- When this row was last written (epoch ms): a reindex removes the rows it did not reach.
  indexed_at INTEGER NOT NULL
);

CREATE INDEX search_documents_published ON search_documents (published);

CREATE VIRTUAL TABLE search_index USING fts5 (
  title, summary, people, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
