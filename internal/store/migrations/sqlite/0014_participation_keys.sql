-- A person's registrations in order of start (the dashboard, the personal
-- calendar), read through their own rows: participations carry their
-- event's start_key, kept in step by triggers, as the organiser rows do
-- (0012), so the list costs a page, not the person's whole history.
ALTER TABLE participations ADD COLUMN start_key INTEGER;
UPDATE participations SET start_key = (SELECT e.start_key FROM events e WHERE e.id = participations.event_id);
CREATE INDEX participations_profile_start ON participations(profile_id, start_key) WHERE profile_id IS NOT NULL;

CREATE TRIGGER participations_start_key AFTER INSERT ON participations WHEN new.start_key IS NULL
BEGIN
    UPDATE participations SET start_key = (SELECT e.start_key FROM events e WHERE e.id = new.event_id)
    WHERE id = new.id;
END;

CREATE TRIGGER events_start_key_participations AFTER UPDATE OF start_key ON events
BEGIN
    UPDATE participations SET start_key = new.start_key WHERE event_id = new.id;
END;
