-- Consultations and secret votes (issue 14, DESIGN §5): the consultation
-- and its questions; the sign-in sheet (who took part); the ballot box
-- (what was chosen); the invitation codes; the board's signed heads.
-- The sheet and the box share no key, no time and no sequence, and the
-- box's rows reveal no arrival order (docs/votes.md).

-- token_private is the vote's RSA blind-signing key (PKCS #8 DER), made
-- when it opens; token_key its public key in the board's form.
-- board_signoffs is the sign-offs the board states, frozen at closing.
CREATE TABLE consultations (
    id             TEXT PRIMARY KEY,
    group_id       TEXT REFERENCES groups(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    secret         INTEGER NOT NULL,
    state          TEXT NOT NULL,
    opens_at       INTEGER NOT NULL,
    closes_at      INTEGER NOT NULL,
    tz             TEXT NOT NULL,
    revote         INTEGER NOT NULL DEFAULT FALSE,
    audience       TEXT NOT NULL,
    min_role       TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT 'fr',
    created_by     TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    opened_at      INTEGER NOT NULL DEFAULT 0,
    closed_at      INTEGER NOT NULL DEFAULT 0,
    published_at   INTEGER NOT NULL DEFAULT 0,
    token_private  BLOB,
    token_key      TEXT NOT NULL DEFAULT '',
    board_signoffs INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consultations_group ON consultations(group_id, created_at);
CREATE INDEX consultations_closing ON consultations(state, closes_at);

-- options and grades are JSON arrays of strings.
CREATE TABLE consultation_questions (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    help            TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    method          TEXT NOT NULL DEFAULT '',
    options         TEXT NOT NULL DEFAULT '[]',
    grades          TEXT NOT NULL DEFAULT '[]',
    min_choices     INTEGER NOT NULL DEFAULT 0,
    max_choices     INTEGER NOT NULL DEFAULT 0,
    seats           INTEGER NOT NULL DEFAULT 0,
    blank           INTEGER NOT NULL DEFAULT FALSE,
    show_if_q       TEXT NOT NULL DEFAULT '',
    show_if_option  INTEGER NOT NULL DEFAULT -1,
    PRIMARY KEY (consultation_id, id)
);

-- The sign-in sheet: one line per voter and vote, the day only. Keyed
-- (no rowid) so its file order is the key's, not the order of arrival.
CREATE TABLE vote_signoffs (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    voter_key       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    day             TEXT NOT NULL,
    PRIMARY KEY (consultation_id, voter_key)
) WITHOUT ROWID;

-- The ballot box. Rows are allocated empty, with their random ID and a
-- random pick key, before anyone votes; a cast fills a random free row
-- (pick set to NULL). No time, no address, no sequence. slot is
-- tally.SlotOf(token) for token ballots (a token works once, or with
-- re-voting its slot is overwritten); code_hash the invitation code's.
-- answers is the JSON of the ballot's []tally.Answer.
CREATE TABLE vote_ballots (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    pick            INTEGER,
    answers         TEXT,
    token           TEXT,
    signature       TEXT,
    slot            TEXT,
    code_hash       TEXT,
    PRIMARY KEY (consultation_id, id)
) WITHOUT ROWID;
CREATE INDEX vote_ballots_free ON vote_ballots(consultation_id, pick) WHERE pick IS NOT NULL;
CREATE UNIQUE INDEX vote_ballots_slot ON vote_ballots(consultation_id, slot) WHERE slot IS NOT NULL;
CREATE UNIQUE INDEX vote_ballots_code ON vote_ballots(consultation_id, code_hash) WHERE code_hash IS NOT NULL;

-- Invitation codes: the hash only (the code is shown once, to print).
-- batch and slip number a printed slip, to reprint or void it; a reprint
-- voids the old hash and issues a new one for the same slip.
CREATE TABLE vote_codes (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL,
    batch           INTEGER NOT NULL,
    slip            INTEGER NOT NULL,
    state           TEXT NOT NULL,
    PRIMARY KEY (consultation_id, code_hash)
) WITHOUT ROWID;
CREATE INDEX vote_codes_slip ON vote_codes(consultation_id, batch, slip);

-- The board's signed heads (the opening's when the vote opens, the
-- closing's when it closes): note is the signed note as published.
CREATE TABLE vote_heads (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    size            INTEGER NOT NULL,
    signed_at       INTEGER NOT NULL,
    note            TEXT NOT NULL,
    PRIMARY KEY (consultation_id, size)
);
