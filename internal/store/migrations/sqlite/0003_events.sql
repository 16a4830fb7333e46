-- Events: series, events, organising groups, change history, registration
-- questions, participations, announcements, comments, photos, calendar
-- feed tokens, and the reminders already sent.
-- Times are integer milliseconds since the epoch (UTC) on both engines.

-- A recurring event's rule; each occurrence is an ordinary event.
CREATE TABLE event_series (
    id              TEXT PRIMARY KEY,
    freq            TEXT NOT NULL,
    interval_n      INTEGER NOT NULL DEFAULT 1,
    weekday         INTEGER NOT NULL DEFAULT 0,
    week            INTEGER NOT NULL DEFAULT 0,
    month_day       INTEGER NOT NULL DEFAULT 0,
    tz              TEXT NOT NULL,
    first_start     INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    until_at        INTEGER NOT NULL DEFAULT 0,
    template_id     TEXT NOT NULL DEFAULT '',
    generated_until INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX event_series_generate ON event_series(generated_until);

CREATE TABLE events (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    starts_at            INTEGER NOT NULL,
    ends_at              INTEGER NOT NULL,
    tz                   TEXT NOT NULL,
    -- place_area (the town) is public; place (the exact address), the
    -- coordinates and online_url may be reserved to approved participants.
    place_area           TEXT NOT NULL DEFAULT '',
    place                TEXT NOT NULL DEFAULT '',
    has_coords           INTEGER NOT NULL DEFAULT FALSE,
    lat                  REAL NOT NULL DEFAULT 0,
    lon                  REAL NOT NULL DEFAULT 0,
    online_url           TEXT NOT NULL DEFAULT '',
    place_tba            INTEGER NOT NULL DEFAULT FALSE,
    online_tba           INTEGER NOT NULL DEFAULT FALSE,
    hide_place           INTEGER NOT NULL DEFAULT FALSE,
    hide_online          INTEGER NOT NULL DEFAULT FALSE,
    category             TEXT NOT NULL DEFAULT '',
    tags                 TEXT NOT NULL DEFAULT '',
    picture              TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'confirmed',
    published            INTEGER NOT NULL DEFAULT FALSE,
    visibility           TEXT NOT NULL DEFAULT 'public',
    join_mode            TEXT NOT NULL DEFAULT 'free',
    capacity             INTEGER NOT NULL DEFAULT 0,
    hide_count           INTEGER NOT NULL DEFAULT FALSE,
    participants_visible INTEGER NOT NULL DEFAULT FALSE,
    conduct              TEXT NOT NULL DEFAULT '',
    conduct_required     INTEGER NOT NULL DEFAULT FALSE,
    comments_closed      INTEGER NOT NULL DEFAULT FALSE,
    report               TEXT NOT NULL DEFAULT '',
    report_at            INTEGER NOT NULL DEFAULT 0,
    series_id            TEXT REFERENCES event_series(id) ON DELETE SET NULL,
    occurrence           INTEGER NOT NULL DEFAULT 0,
    sequence             INTEGER NOT NULL DEFAULT 0,
    created_by           TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    -- An event created without an account: the hash of the creator's
    -- address (to attach it to an account later), the hash of the private
    -- management link's token, and whether the creator confirmed by mail.
    anon_email_hash      TEXT NOT NULL DEFAULT '',
    manage_token_hash    TEXT,
    confirmed            INTEGER NOT NULL DEFAULT TRUE,
    lang                 TEXT NOT NULL DEFAULT 'fr',
    -- search_text is folded in Go (lower case, no accents) so search is
    -- accent-insensitive on both engines.
    search_text          TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    cancelled_at         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX events_manage_token ON events(manage_token_hash);
CREATE UNIQUE INDEX events_series_occurrence ON events(series_id, occurrence);
CREATE INDEX events_listed ON events(visibility, published, confirmed, ends_at, starts_at);
CREATE INDEX events_start ON events(starts_at);
CREATE INDEX events_coords ON events(lat, lon) WHERE has_coords = TRUE;
CREATE INDEX events_creator ON events(created_by, starts_at);

-- Groups organising an event; an invited group accepts through its
-- administrators.
CREATE TABLE event_organizers (
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    invited_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, group_id)
);
CREATE INDEX event_organizers_group ON event_organizers(group_id, status);

-- What moved from what to what, and when: shown on the page.
CREATE TABLE event_changes (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    by_profile TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX event_changes_event ON event_changes(event_id, created_at);

CREATE TABLE event_questions (
    id        TEXT PRIMARY KEY,
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    label     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    choices   TEXT NOT NULL DEFAULT '',
    required  INTEGER NOT NULL DEFAULT FALSE,
    position  INTEGER NOT NULL
);
CREATE INDEX event_questions_event ON event_questions(event_id, position);

CREATE TABLE participations (
    id                TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    profile_id        TEXT REFERENCES profiles(id) ON DELETE CASCADE,
    -- An anonymous participant: a name and an address, no account.
    name              TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    email_key         TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    position          INTEGER NOT NULL,
    answers           TEXT NOT NULL DEFAULT '',
    conduct_accepted  INTEGER NOT NULL DEFAULT FALSE,
    message           TEXT NOT NULL DEFAULT '',
    -- Hashes of the secrets in the participant's links and ticket.
    confirm_hash      TEXT NOT NULL,
    cancel_hash       TEXT NOT NULL,
    ticket_hash       TEXT NOT NULL,
    ticket_short      TEXT NOT NULL,
    checked_in_at     INTEGER NOT NULL DEFAULT 0,
    no_updates        INTEGER NOT NULL DEFAULT FALSE,
    lang              TEXT NOT NULL DEFAULT 'fr',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX participations_profile ON participations(event_id, profile_id);
CREATE INDEX participations_event ON participations(event_id, status, position);
CREATE INDEX participations_by_profile ON participations(profile_id, status);
CREATE UNIQUE INDEX participations_confirm ON participations(confirm_hash);
CREATE UNIQUE INDEX participations_cancel ON participations(cancel_hash);
CREATE UNIQUE INDEX participations_ticket ON participations(event_id, ticket_hash);
CREATE INDEX participations_email ON participations(event_id, email_key);

CREATE TABLE event_announcements (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    audience   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    by_profile TEXT NOT NULL DEFAULT '',
    sent_to    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX event_announcements_event ON event_announcements(event_id, created_at);

CREATE TABLE event_comments (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    profile_id TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT FALSE,
    deleted_by TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX event_comments_event ON event_comments(event_id, created_at);

CREATE TABLE event_photos (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    profile_id TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    file       TEXT NOT NULL,
    caption    TEXT NOT NULL DEFAULT '',
    licence    TEXT NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL
);
CREATE INDEX event_photos_event ON event_photos(event_id, created_at);

-- Secret URLs of personal calendar feeds; only the hash is kept.
CREATE TABLE ics_feed_tokens (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ics_feed_tokens_profile ON ics_feed_tokens(profile_id);

-- Reminders and notices already mailed, one row per (kind, participation,
-- occasion): the guard that makes each go out once, whatever the number of
-- workers and restarts.
CREATE TABLE event_mail_log (
    key        TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX event_mail_log_event ON event_mail_log(event_id);

-- Daily digest subscribers and what is waiting for them.
CREATE TABLE digest_items (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    sent_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX digest_items_pending ON digest_items(sent_at, account_id);
