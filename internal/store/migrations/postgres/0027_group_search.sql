-- SQLite's migration of this number gives groups a full-text index under a
-- stable integer key; PostgreSQL's GIN index (groups_search) already
-- serves the search, now read newest first through the primary key.
SELECT 1;
