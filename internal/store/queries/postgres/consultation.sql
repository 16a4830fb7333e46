-- name: LockConsultation
-- PostgreSQL: lock the consultation's row so two changes of state (open,
-- close, publish) cannot interleave.
SELECT id FROM consultations WHERE id = ? FOR UPDATE;
