-- Groups: memberships, invitations, blocks, posts, discussions, tasks,
-- resources, reports and moderation log, notification preferences.
-- Times are integer milliseconds since the epoch (UTC) on both engines.

CREATE TABLE groups (
    id             TEXT PRIMARY KEY,
    handle         TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    avatar         TEXT NOT NULL DEFAULT '',
    banner         TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL DEFAULT 'local',
    tags           TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    has_coords     BOOLEAN NOT NULL DEFAULT FALSE,
    lat            DOUBLE PRECISION NOT NULL DEFAULT 0,
    lon            DOUBLE PRECISION NOT NULL DEFAULT 0,
    visibility     TEXT NOT NULL,
    join_mode      TEXT NOT NULL,
    public_members BOOLEAN NOT NULL DEFAULT FALSE,
    approved       BOOLEAN NOT NULL DEFAULT FALSE,
    hidden         BOOLEAN NOT NULL DEFAULT FALSE,
    -- search_text is name, handle, tags, address and description folded
    -- (lower case, no accents) in Go, so search is accent-insensitive on
    -- both engines.
    search_text    TEXT NOT NULL DEFAULT '',
    created_by     TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX groups_listed ON groups(visibility, approved, hidden, created_at);
CREATE INDEX groups_coords ON groups(lat, lon) WHERE has_coords = TRUE;
CREATE INDEX groups_pending ON groups(approved, created_at);
-- Full-text search on the folded text (PostgreSQL only; SQLite uses LIKE).
CREATE INDEX groups_search ON groups USING GIN (to_tsvector('simple', search_text));

CREATE TABLE memberships (
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    status     TEXT NOT NULL,
    invited_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    message    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, profile_id)
);
CREATE INDEX memberships_profile ON memberships(profile_id, status);
CREATE INDEX memberships_group ON memberships(group_id, status, role);

-- Invitations by email: the mail carries a secret token, only its hash is
-- kept (empty until the mail job made it).
CREATE TABLE group_invitations (
    id          TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    invited_by  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    message     TEXT NOT NULL DEFAULT '',
    token_hash  TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT NOT NULL DEFAULT 0,
    accepted_by TEXT REFERENCES profiles(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX group_invitations_token ON group_invitations(token_hash);
CREATE INDEX group_invitations_group ON group_invitations(group_id, created_at);
CREATE INDEX group_invitations_email ON group_invitations(email_key, accepted_at);

CREATE TABLE group_blocks (
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    blocked_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, profile_id)
);

CREATE TABLE posts (
    id           TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    author_id    TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    visibility   TEXT NOT NULL,
    status       TEXT NOT NULL,
    hidden       BOOLEAN NOT NULL DEFAULT FALSE,
    published_at BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX posts_group ON posts(group_id, status, published_at);

CREATE TABLE discussions (
    id              TEXT PRIMARY KEY,
    group_id        TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    author_id       TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    pinned          BOOLEAN NOT NULL DEFAULT FALSE,
    locked          BOOLEAN NOT NULL DEFAULT FALSE,
    hidden          BOOLEAN NOT NULL DEFAULT FALSE,
    message_count   INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL
);
CREATE INDEX discussions_group ON discussions(group_id, pinned, last_message_at);
CREATE INDEX discussions_recent ON discussions(last_message_at);

CREATE TABLE discussion_messages (
    id            TEXT PRIMARY KEY,
    discussion_id TEXT NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    group_id      TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    author_id     TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    edited_at     BIGINT NOT NULL DEFAULT 0,
    deleted_at    BIGINT NOT NULL DEFAULT 0,
    deleted_by    TEXT REFERENCES profiles(id) ON DELETE SET NULL
);
CREATE INDEX discussion_messages_thread ON discussion_messages(discussion_id, created_at);

-- Who follows a thread (its participants, and whoever chose to): they are
-- told of new replies.
CREATE TABLE discussion_follows (
    discussion_id TEXT NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    profile_id    TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    PRIMARY KEY (discussion_id, profile_id)
);

CREATE TABLE task_lists (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    created_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_lists_group ON task_lists(group_id, created_at);

CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    list_id     TEXT NOT NULL REFERENCES task_lists(id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    assignee_id TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    due_at      BIGINT NOT NULL DEFAULT 0,
    done        BOOLEAN NOT NULL DEFAULT FALSE,
    done_at     BIGINT NOT NULL DEFAULT 0,
    created_by  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX tasks_list ON tasks(list_id, done, created_at);
CREATE INDEX tasks_assignee ON tasks(assignee_id, done, due_at);

CREATE TABLE resources (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    parent_id  TEXT REFERENCES resources(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX resources_group ON resources(group_id, parent_id);

CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    reporter_id TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    group_id    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    created_at  BIGINT NOT NULL,
    resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at BIGINT NOT NULL DEFAULT 0,
    resolution  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_queue ON reports(status, created_at);

-- The moderation log: who did what to what, at instance level (actor is an
-- account) or in a group (actor is a profile, group_id set).
CREATE TABLE moderation_log (
    id          TEXT PRIMARY KEY,
    actor_id    TEXT NOT NULL,
    group_id    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    report_id   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX moderation_log_time ON moderation_log(created_at);
CREATE INDEX moderation_log_group ON moderation_log(group_id, created_at);

CREATE TABLE notification_prefs (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    email      BOOLEAN NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- One-click unsubscribe links: only the token's hash is kept.
CREATE TABLE unsubscribe_tokens (
    hash       TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX unsubscribe_tokens_account ON unsubscribe_tokens(account_id);
