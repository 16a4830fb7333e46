-- Two transactions inserting events that start the same millisecond took
-- the same "next free" start_key (each read MAX under its own snapshot)
-- and the second failed on events_start_key. The trigger now serialises
-- the inserts of one millisecond with a transaction-level advisory lock
-- and reads the keys after taking it (in READ COMMITTED a PL/pgSQL
-- statement takes a fresh snapshot, so it sees the first one's key once
-- it committed). Class 7426018 (migrations use 7426017).
CREATE OR REPLACE FUNCTION events_start_key_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7426018, (NEW.starts_at % 2147483647)::integer);
    SELECT COALESCE(MAX(x.start_key) + 1, NEW.starts_at * 1048576) INTO NEW.start_key FROM events x
    WHERE x.start_key >= NEW.starts_at * 1048576 AND x.start_key < (NEW.starts_at + 1) * 1048576;
    RETURN NEW;
END;
$$;
