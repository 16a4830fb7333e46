-- Full-text search of listed groups (issue 12). Before, a search read
-- every listed group and looked for each word in its folded text with
-- instr (114 ms for a common word at 20,000 groups), then sorted the
-- matches by name. Groups now have an FTS5 index like events, whose rowid
-- is search_key: an integer given once, in order of creation, that no
-- VACUUM renumbers (a rowid table without an INTEGER PRIMARY KEY may get
-- new rowids). The search reads matches newest first, as the directory
-- lists, and stops at the page. The words of listed groups join the words
-- of events in search_terms, so that SearchMatch expands a word typed into
-- the whole words it begins for both.
ALTER TABLE groups ADD COLUMN search_key INTEGER;
UPDATE groups SET search_key = (SELECT n FROM (
    SELECT id AS gid, row_number() OVER (ORDER BY id) AS n FROM groups) WHERE gid = groups.id);
CREATE UNIQUE INDEX groups_search_key ON groups(search_key);

-- The kind is a column of the index too, so that a search by kind and its
-- count are answered by the index alone (SearchGroups restricts the words
-- typed to search_text).
CREATE VIRTUAL TABLE groups_fts USING fts5(search_text, kind, content = '', contentless_delete = 1,
    prefix = '2 3', tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO groups_fts (rowid, search_text, kind)
SELECT search_key, search_text, kind FROM groups
WHERE visibility = 'public' AND approved = TRUE AND hidden = FALSE;

INSERT INTO search_terms (term)
SELECT DISTINCT w.value FROM groups g, json_each('["' || replace(g.search_text, ' ', '","') || '"]') w
WHERE g.visibility = 'public' AND g.approved = TRUE AND g.hidden = FALSE AND length(w.value) >= 4
ON CONFLICT (term) DO NOTHING;

-- A new group takes the next key; a listed one enters the index and gives
-- its words.
CREATE TRIGGER groups_search_new AFTER INSERT ON groups
BEGIN
    UPDATE groups SET search_key = (SELECT COALESCE(MAX(search_key), 0) + 1 FROM groups)
    WHERE id = new.id AND new.search_key IS NULL;
    INSERT INTO groups_fts (rowid, search_text, kind)
    SELECT search_key, search_text, kind FROM groups
    WHERE id = new.id AND visibility = 'public' AND approved = TRUE AND hidden = FALSE;
    INSERT INTO search_terms (term)
    SELECT value FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]')
    WHERE length(value) >= 4 AND new.visibility = 'public' AND new.approved = TRUE AND new.hidden = FALSE
    ON CONFLICT (term) DO NOTHING;
END;

CREATE TRIGGER groups_search_change AFTER UPDATE OF search_text, kind, visibility, approved, hidden ON groups
BEGIN
    DELETE FROM groups_fts WHERE rowid = old.search_key;
    INSERT INTO groups_fts (rowid, search_text, kind)
    SELECT new.search_key, new.search_text, new.kind
    WHERE new.visibility = 'public' AND new.approved = TRUE AND new.hidden = FALSE;
    INSERT INTO search_terms (term)
    SELECT value FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]')
    WHERE length(value) >= 4 AND new.visibility = 'public' AND new.approved = TRUE AND new.hidden = FALSE
    ON CONFLICT (term) DO NOTHING;
END;

CREATE TRIGGER groups_search_gone AFTER DELETE ON groups
BEGIN
    DELETE FROM groups_fts WHERE rowid = old.search_key;
END;
