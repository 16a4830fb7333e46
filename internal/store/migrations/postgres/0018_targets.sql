-- Targets of interpellation (issue 13, item 8): representatives,
-- administrations, public bodies and companies a petition's signers may
-- write to, loaded from CSV by `cortege targets import`, with the places
-- they answer for, and how many times signers said they wrote to each
-- about a petition (a number: no text, no signer).
-- Times are integer milliseconds since the epoch (UTC) on both engines.

CREATE TABLE targets (
    id         TEXT PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE, -- the file's identifier: a new import updates the row
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    fediverse  TEXT NOT NULL DEFAULT '',
    form_url   TEXT NOT NULL DEFAULT '',
    area_level TEXT NOT NULL,
    area_name  TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The national targets, found without a place.
CREATE INDEX targets_level ON targets(area_level);

-- The places of a target's area: one row a commune (place = 'commune',
-- code an INSEE code) or a département (place = 'departement'). The
-- primary key serves the lookup by place; national targets have none.
CREATE TABLE target_places (
    place     TEXT NOT NULL,
    code      TEXT NOT NULL,
    target_id TEXT NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    PRIMARY KEY (place, code, target_id)
);
CREATE INDEX target_places_target ON target_places(target_id);

-- Interpellations counted per petition and target.
CREATE TABLE interpellation_counts (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    target_id   TEXT NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    count       BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (petition_id, target_id)
);
CREATE INDEX interpellation_counts_target ON interpellation_counts(target_id);
