-- SQLite's migration of this number keeps the words of listed events to
-- expand a search's prefixes; PostgreSQL's GIN index (events_search)
-- expands prefix terms itself, so there is nothing to add here.
SELECT 1;
