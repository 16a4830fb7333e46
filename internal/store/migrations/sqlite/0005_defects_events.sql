-- Codes of conduct of groups, inherited by the events they organise that
-- have none of their own. Times are integer milliseconds (UTC).
CREATE TABLE group_conducts (
    group_id   TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    required   INTEGER NOT NULL DEFAULT FALSE,
    updated_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);
