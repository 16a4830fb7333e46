-- A job claim probes two indexes, each to its first row: the jobs whose
-- lease ran out, and the queue in order of due time (ClaimJob).
DROP INDEX jobs_claim;
CREATE INDEX jobs_queue ON jobs(state, run_at, id);
CREATE INDEX jobs_lease ON jobs(state, locked_until);
