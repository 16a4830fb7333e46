-- Consultations whose answers are linked (issue 14, item 8): responses,
-- the ideas of an ideas box and their supports. Nothing here is a vote:
-- a secret vote's answers live in vote_ballots, apart from any name.

-- A number question's rule (bounds, decimals) as JSON; '' for none.
ALTER TABLE consultation_questions ADD COLUMN number_rule TEXT NOT NULL DEFAULT '';

-- One response per participant: exactly one of profile_id (signed in:
-- stored with the name), browser_key (SHA-256 of the random key of an
-- anonymous browser's cookie, audience "link") and code_hash (the
-- invitation code that answered) is set. answers is the JSON of the
-- response's []cortege.ResponseAnswer.
CREATE TABLE consultation_responses (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    profile_id      TEXT REFERENCES profiles(id) ON DELETE CASCADE,
    browser_key     TEXT,
    code_hash       TEXT,
    answers         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (consultation_id, profile_id),
    UNIQUE (consultation_id, browser_key),
    UNIQUE (consultation_id, code_hash)
);
CREATE INDEX consultation_responses_list ON consultation_responses(consultation_id, created_at, id);

-- Ideas of an ideas box (a question of kind "ideas"); supports counts
-- the rows of consultation_idea_supports, kept in the same transaction.
CREATE TABLE consultation_ideas (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL,
    profile_id      TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    supports        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX consultation_ideas_rank ON consultation_ideas(consultation_id, question_id, supports DESC, created_at);
CREATE INDEX consultation_ideas_author ON consultation_ideas(consultation_id, profile_id);

-- One support per member and idea.
CREATE TABLE consultation_idea_supports (
    idea_id    TEXT NOT NULL REFERENCES consultation_ideas(id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (idea_id, profile_id)
);
CREATE INDEX consultation_idea_supports_profile ON consultation_idea_supports(profile_id);
