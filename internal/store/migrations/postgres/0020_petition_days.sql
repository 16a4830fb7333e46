-- Petitions' organiser tools (issue 13): the counter by day, kept by the
-- transaction that moves petition_counts (service.countDays), so the
-- chart by day never scans the signatures. day is the calendar day in
-- Europe/Paris, written YYYY-MM-DD. added_* are the confirmed signatures
-- gained that day, removed those that left the count (withdrawn,
-- invalidated) that day, whatever day they had been counted.
CREATE TABLE petition_day_counts (
    petition_id  TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    added_online INTEGER NOT NULL DEFAULT 0,
    added_paper  INTEGER NOT NULL DEFAULT 0,
    removed      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (petition_id, day)
);
