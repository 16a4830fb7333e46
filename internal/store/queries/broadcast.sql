-- name: Broadcast
-- Tells the other nodes over the same database that something changed
-- (channel, payload). SQLite serves one node: Q.Broadcast never runs it.
SELECT CAST(? AS TEXT) || CAST(? AS TEXT);
