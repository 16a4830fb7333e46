-- name: Broadcast
-- NOTIFY channel, payload: every node LISTENing hears it (Listen).
SELECT pg_notify(CAST(? AS text), CAST(? AS text));
