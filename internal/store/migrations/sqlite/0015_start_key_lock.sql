-- PostgreSQL only (its start_key trigger takes a lock against concurrent
-- inserts of one millisecond); SQLite has a single writer.
SELECT 1;
