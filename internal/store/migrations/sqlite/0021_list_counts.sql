-- Lists and counts whose cost does not grow with the instance (issue 12),
-- second part.
--
-- Events by span: a list of events not over at a time T walked the
-- listed events from T minus the longest duration allowed (31 days),
-- skipping the tens of thousands over since. Each event now has a span
-- class (how long it lasts: up to 3 hours, 12 hours, 3 days, 31 days)
-- and each class is walked from T minus its own longest duration, so a
-- list reads the events of the last few hours, not of the last month
-- (store.spanClasses holds the same bounds).
ALTER TABLE events ADD COLUMN span_class INTEGER GENERATED ALWAYS AS (
    CASE WHEN ends_at - starts_at <= 10800000 THEN 0
         WHEN ends_at - starts_at <= 43200000 THEN 1
         WHEN ends_at - starts_at <= 259200000 THEN 2
         ELSE 3 END) VIRTUAL;
CREATE INDEX events_listed_span ON events(span_class, start_key, ends_at)
WHERE visibility = 'public' AND published = TRUE AND confirmed = TRUE;

-- The directory in order of creation, newest first, the ID breaking ties
-- in the index (it sorted every group created the same millisecond).
DROP INDEX groups_listed;
CREATE INDEX groups_listed ON groups(visibility, approved, hidden, created_at, id);

-- Listed groups counted as they change, by kind ('*' for all kinds).
CREATE TABLE group_counts (
    kind TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO group_counts (kind, n)
SELECT '*', COUNT(*) FROM groups WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE;
INSERT INTO group_counts (kind, n)
SELECT kind, COUNT(*) FROM groups WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE GROUP BY kind;

CREATE TRIGGER groups_count_new AFTER INSERT ON groups
WHEN new.visibility = 'public' AND new.approved = TRUE AND new.hidden = FALSE
BEGIN
    INSERT INTO group_counts (kind, n) VALUES ('*', 1), (new.kind, 1)
    ON CONFLICT (kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER groups_count_change AFTER UPDATE OF visibility, approved, hidden, kind ON groups
BEGIN
    UPDATE group_counts SET n = n - 1
    WHERE kind IN ('*', old.kind) AND old.visibility = 'public' AND old.approved = TRUE AND old.hidden = FALSE;
    INSERT INTO group_counts (kind, n)
    SELECT k, 1 FROM (SELECT '*' AS k UNION ALL SELECT new.kind)
    WHERE new.visibility = 'public' AND new.approved = TRUE AND new.hidden = FALSE
    ON CONFLICT (kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER groups_count_gone AFTER DELETE ON groups
WHEN old.visibility = 'public' AND old.approved = TRUE AND old.hidden = FALSE
BEGIN
    UPDATE group_counts SET n = n - 1 WHERE kind IN ('*', old.kind);
END;

-- A group's active members and followers counted as they change: a
-- membership counts while it is active and its profile not erased
-- (profiles are erased, never deleted). class is 'member' (any role but
-- follower) or 'follower'.
CREATE TABLE group_member_counts (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    class    TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (group_id, class)
);
INSERT INTO group_member_counts (group_id, class, n)
SELECT m.group_id, CASE WHEN m.role = 'follower' THEN 'follower' ELSE 'member' END, COUNT(*)
FROM memberships m JOIN profiles p ON p.id = m.profile_id AND p.deleted = FALSE
WHERE m.status = 'active'
GROUP BY 1, 2;

CREATE TRIGGER memberships_count_new AFTER INSERT ON memberships
WHEN new.status = 'active'
BEGIN
    INSERT INTO group_member_counts (group_id, class, n)
    SELECT new.group_id, CASE WHEN new.role = 'follower' THEN 'follower' ELSE 'member' END, 1
    WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.id = new.profile_id AND p.deleted = FALSE)
    ON CONFLICT (group_id, class) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER memberships_count_change AFTER UPDATE OF status, role, group_id, profile_id ON memberships
BEGIN
    UPDATE group_member_counts SET n = n - 1
    WHERE group_id = old.group_id AND class = CASE WHEN old.role = 'follower' THEN 'follower' ELSE 'member' END
        AND old.status = 'active'
        AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = old.profile_id AND p.deleted = FALSE);
    INSERT INTO group_member_counts (group_id, class, n)
    SELECT new.group_id, CASE WHEN new.role = 'follower' THEN 'follower' ELSE 'member' END, 1
    WHERE new.status = 'active' AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = new.profile_id AND p.deleted = FALSE)
    ON CONFLICT (group_id, class) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER memberships_count_gone AFTER DELETE ON memberships
WHEN old.status = 'active'
BEGIN
    UPDATE group_member_counts SET n = n - 1
    WHERE group_id = old.group_id AND class = CASE WHEN old.role = 'follower' THEN 'follower' ELSE 'member' END
        AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = old.profile_id AND p.deleted = FALSE);
END;

CREATE TRIGGER profiles_count_erased AFTER UPDATE OF deleted ON profiles
WHEN old.deleted <> new.deleted
BEGIN
    UPDATE group_member_counts SET n = n + CASE WHEN new.deleted THEN -1 ELSE 1 END
    WHERE (group_id, class) IN (
        SELECT m.group_id, CASE WHEN m.role = 'follower' THEN 'follower' ELSE 'member' END
        FROM memberships m WHERE m.profile_id = new.id AND m.status = 'active');
END;

ANALYZE events;
ANALYZE groups;
ANALYZE group_counts;
ANALYZE group_member_counts;
