-- A person's registrations in order of start (the dashboard, the personal
-- calendar), read through their own rows: participations carry their
-- event's start_key, kept in step by triggers, as the organiser rows do
-- (0012), so the list costs a page, not the person's whole history.
ALTER TABLE participations ADD COLUMN start_key BIGINT;
UPDATE participations SET start_key = e.start_key FROM events e WHERE e.id = participations.event_id;
CREATE INDEX participations_profile_start ON participations(profile_id, start_key) WHERE profile_id IS NOT NULL;

CREATE FUNCTION participations_start_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.start_key INTO NEW.start_key FROM events e WHERE e.id = NEW.event_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER participations_start_key BEFORE INSERT ON participations
FOR EACH ROW WHEN (NEW.start_key IS NULL) EXECUTE FUNCTION participations_start_key();

CREATE FUNCTION events_start_key_participations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE participations SET start_key = NEW.start_key WHERE event_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_start_key_participations AFTER UPDATE OF start_key ON events
FOR EACH ROW WHEN (OLD.start_key IS DISTINCT FROM NEW.start_key) EXECUTE FUNCTION events_start_key_participations();

ANALYZE participations;
