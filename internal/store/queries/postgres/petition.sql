-- name: LockPetition
-- PostgreSQL: lock the petition's row so two changes of state (publish,
-- close, answer) cannot interleave.
SELECT id FROM petitions WHERE id = ? FOR UPDATE;
