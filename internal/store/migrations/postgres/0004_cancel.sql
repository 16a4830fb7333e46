-- Cancellations: the reason organisers give when they call an event off.
-- A table of its own rather than a column of events: only cancelled
-- events have one, and the events' column lists stay as they are.
-- Times are integer milliseconds since the epoch (UTC) on both engines.
CREATE TABLE event_cancellations (
    event_id   TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
