-- Hidden details in an event's history (issue 11, found by the
-- authorisation crawler): whether the old and the new place (or online
-- link) of a recorded change were hidden when it was made, so that making
-- a hidden place public never shows the old address to everyone. Rows
-- written before keep false: they follow the event's current setting, as
-- before.
ALTER TABLE event_changes ADD COLUMN old_hidden BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE event_changes ADD COLUMN new_hidden BOOLEAN NOT NULL DEFAULT FALSE;
