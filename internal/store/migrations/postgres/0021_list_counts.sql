-- Lists and counts whose cost does not grow with the instance (issue 12),
-- second part: the SQLite migration of the same number explains each.

ALTER TABLE events ADD COLUMN span_class SMALLINT GENERATED ALWAYS AS (
    CASE WHEN ends_at - starts_at <= 10800000 THEN 0
         WHEN ends_at - starts_at <= 43200000 THEN 1
         WHEN ends_at - starts_at <= 259200000 THEN 2
         ELSE 3 END) STORED;
CREATE INDEX events_listed_span ON events(span_class, start_key, ends_at)
WHERE visibility = 'public' AND published = TRUE AND confirmed = TRUE;

DROP INDEX groups_listed;
CREATE INDEX groups_listed ON groups(visibility, approved, hidden, created_at, id);

CREATE TABLE group_counts (
    kind TEXT PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO group_counts (kind, n)
SELECT '*', COUNT(*) FROM groups WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE;
INSERT INTO group_counts (kind, n)
SELECT kind, COUNT(*) FROM groups WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE GROUP BY kind;

CREATE FUNCTION groups_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.visibility = 'public' AND OLD.approved AND NOT OLD.hidden THEN
        UPDATE group_counts SET n = n - 1 WHERE kind IN ('*', OLD.kind);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.visibility = 'public' AND NEW.approved AND NOT NEW.hidden THEN
        INSERT INTO group_counts (kind, n) VALUES ('*', 1), (NEW.kind, 1)
        ON CONFLICT (kind) DO UPDATE SET n = group_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER groups_count_new AFTER INSERT ON groups FOR EACH ROW EXECUTE FUNCTION groups_count();
CREATE TRIGGER groups_count_change AFTER UPDATE OF visibility, approved, hidden, kind ON groups
FOR EACH ROW EXECUTE FUNCTION groups_count();
CREATE TRIGGER groups_count_gone AFTER DELETE ON groups FOR EACH ROW EXECUTE FUNCTION groups_count();

CREATE TABLE group_member_counts (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    class    TEXT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (group_id, class)
);
INSERT INTO group_member_counts (group_id, class, n)
SELECT m.group_id, CASE WHEN m.role = 'follower' THEN 'follower' ELSE 'member' END, COUNT(*)
FROM memberships m JOIN profiles p ON p.id = m.profile_id AND p.deleted = FALSE
WHERE m.status = 'active'
GROUP BY 1, 2;

CREATE FUNCTION memberships_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active'
        AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = OLD.profile_id AND NOT p.deleted) THEN
        UPDATE group_member_counts SET n = n - 1
        WHERE group_id = OLD.group_id AND class = CASE WHEN OLD.role = 'follower' THEN 'follower' ELSE 'member' END;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active'
        AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = NEW.profile_id AND NOT p.deleted) THEN
        INSERT INTO group_member_counts (group_id, class, n)
        VALUES (NEW.group_id, CASE WHEN NEW.role = 'follower' THEN 'follower' ELSE 'member' END, 1)
        ON CONFLICT (group_id, class) DO UPDATE SET n = group_member_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER memberships_count_new AFTER INSERT ON memberships FOR EACH ROW EXECUTE FUNCTION memberships_count();
CREATE TRIGGER memberships_count_change AFTER UPDATE OF status, role, group_id, profile_id ON memberships
FOR EACH ROW EXECUTE FUNCTION memberships_count();
CREATE TRIGGER memberships_count_gone AFTER DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION memberships_count();

CREATE FUNCTION profiles_count_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE group_member_counts c SET n = c.n + CASE WHEN NEW.deleted THEN -1 ELSE 1 END
    FROM memberships m
    WHERE m.profile_id = NEW.id AND m.status = 'active' AND c.group_id = m.group_id
        AND c.class = CASE WHEN m.role = 'follower' THEN 'follower' ELSE 'member' END;
    RETURN NULL;
END;
$$;
CREATE TRIGGER profiles_count_erased AFTER UPDATE OF deleted ON profiles
FOR EACH ROW WHEN (OLD.deleted <> NEW.deleted) EXECUTE FUNCTION profiles_count_erased();

ANALYZE events;
ANALYZE groups;
ANALYZE group_counts;
ANALYZE group_member_counts;
