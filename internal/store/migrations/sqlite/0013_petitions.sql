-- Petitions (issue 13): petitions, their co-signing groups, signatures with
-- their consents and confirmation tokens, and the counters kept in the
-- same transaction as each signature, so a page never recounts.
-- Times are integer milliseconds since the epoch (UTC) on both engines.

CREATE TABLE petitions (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    addressee       TEXT NOT NULL,
    goal            INTEGER NOT NULL,
    picture         TEXT NOT NULL DEFAULT '',
    scope           TEXT NOT NULL,
    place_insee     TEXT NOT NULL DEFAULT '',
    departement     TEXT NOT NULL DEFAULT '',
    tags            TEXT NOT NULL DEFAULT '',
    ends_at         INTEGER NOT NULL DEFAULT 0,
    fundraising_url TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    answer          TEXT NOT NULL DEFAULT '',
    answered_at     INTEGER NOT NULL DEFAULT 0,
    published_at    INTEGER NOT NULL DEFAULT 0,
    closed_at       INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    lang            TEXT NOT NULL DEFAULT 'fr',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- The sweep that closes petitions at their end date.
CREATE INDEX petitions_due ON petitions(state, ends_at);
-- The retention sweep: petitions closed before a time.
CREATE INDEX petitions_closed ON petitions(state, closed_at);
CREATE INDEX petitions_creator ON petitions(created_by, created_at);

-- Groups co-signing (and co-editing) a petition; an invited group accepts
-- through its administrators, as for co-organised events.
CREATE TABLE petition_organizers (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    invited_by  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (petition_id, group_id)
);
CREATE INDEX petition_organizers_group ON petition_organizers(group_id, status);

-- One row a signature. email_key is the canonical address: one signature
-- per mailbox among those not withdrawn (a withdrawn signature is erased
-- and keeps no key, so its signer may sign again). net_prefix is a keyed
-- hash of the /24 or /48, never the address.
CREATE TABLE signatures (
    id            TEXT PRIMARY KEY,
    petition_id   TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    profile_id    TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    email_key     TEXT NOT NULL DEFAULT '',
    email_domain  TEXT NOT NULL DEFAULT '',
    postal        TEXT NOT NULL,
    insee         TEXT NOT NULL DEFAULT '',
    departement   TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    show_name     INTEGER NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    source        TEXT NOT NULL,
    net_prefix    TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'fr',
    withdraw_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER NOT NULL DEFAULT 0,
    withdrawn_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX signatures_email ON signatures(petition_id, email_key)
WHERE email_key <> '' AND status <> 'withdrawn';
CREATE UNIQUE INDEX signatures_withdraw ON signatures(withdraw_hash);
-- Signatures by status in order of ID (ULIDs: order of signing).
CREATE INDEX signatures_petition ON signatures(petition_id, status, id);
-- The bursts of the last hours, then the signatures of one burst.
CREATE INDEX signatures_recent ON signatures(petition_id, created_at);
CREATE INDEX signatures_net ON signatures(petition_id, net_prefix, created_at);
CREATE INDEX signatures_domain ON signatures(petition_id, email_domain, created_at);
CREATE INDEX signatures_profile ON signatures(profile_id);
-- The sweep deletes signatures never confirmed.
CREATE INDEX signatures_unconfirmed ON signatures(created_at) WHERE status = 'unconfirmed';

-- What each signer agreed to, with the exact wording shown and when.
CREATE TABLE signature_consents (
    signature_id TEXT NOT NULL REFERENCES signatures(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    given        INTEGER NOT NULL,
    wording      TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (signature_id, purpose)
);

-- Hashes of the 256-bit confirmation tokens mailed to signers; each is
-- consumed once.
CREATE TABLE signature_tokens (
    hash         TEXT PRIMARY KEY,
    signature_id TEXT NOT NULL REFERENCES signatures(id) ON DELETE CASCADE,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signature_tokens_signature ON signature_tokens(signature_id);
CREATE INDEX signature_tokens_expiry ON signature_tokens(expires_at);

-- The counter: confirmed signatures online and on paper, kept by every
-- change of a signature's status in its own transaction.
CREATE TABLE petition_counts (
    petition_id TEXT PRIMARY KEY REFERENCES petitions(id) ON DELETE CASCADE,
    online      INTEGER NOT NULL DEFAULT 0,
    paper       INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);

-- The same by département (online and paper).
CREATE TABLE petition_departement_counts (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    departement TEXT NOT NULL,
    online      INTEGER NOT NULL DEFAULT 0,
    paper       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (petition_id, departement)
);
