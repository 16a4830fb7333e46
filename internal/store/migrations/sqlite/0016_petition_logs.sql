-- The public signature log of each petition (docs/ledger.md): its entries,
-- the state the next append starts from, and the signed heads; each
-- signature keeps the position of its sign entry, for its withdrawal.

-- state is ledger.State.MarshalBinary (size, count, last leaf hash,
-- Merkle frontier); size repeats it for the head job's look-up; headed is
-- the size of the latest signed head.
CREATE TABLE petition_logs (
    petition_id TEXT PRIMARY KEY REFERENCES petitions(id) ON DELETE CASCADE,
    state       BLOB NOT NULL,
    size        INTEGER NOT NULL DEFAULT 0,
    headed      INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);

-- revokes is the position withdrawn by a revoke entry, -1 on sign entries.
CREATE TABLE petition_log_entries (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    prev        BLOB NOT NULL,
    commitment  BLOB NOT NULL,
    revokes     INTEGER NOT NULL DEFAULT -1,
    PRIMARY KEY (petition_id, n)
) WITHOUT ROWID;

-- note is the signed note exactly as published.
CREATE TABLE petition_log_heads (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    size        INTEGER NOT NULL,
    signed_at   INTEGER NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (petition_id, size)
);

-- Position of the signature's sign entry; -1 until it is counted online.
ALTER TABLE signatures ADD COLUMN log_n INTEGER NOT NULL DEFAULT -1;
