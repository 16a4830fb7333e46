-- Words of listed events, so that a search expands each word typed into
-- the words it begins (issue 12). FTS5 answers a prefix query ("quart"*)
-- by merging the lists of every word with that prefix in memory before it
-- reads one row — 60 ms for a word in most events of a million — while an
-- OR of whole words ("quartier" OR "quartiers") is read in order of start
-- and stops at the page. The statement SearchMatch builds that OR from
-- this table; short prefixes keep the prefix indexes (2 and 3 letters).
-- Words are those of the folded text (cortege.NormalizeSearch: letters
-- and digits between single spaces); a word is never removed (one no
-- longer in any event matches nothing).
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO search_terms (term)
SELECT DISTINCT w.value FROM events e, json_each('["' || replace(e.search_text, ' ', '","') || '"]') w
WHERE e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE AND length(w.value) >= 4
ON CONFLICT (term) DO NOTHING;

-- The triggers that keep events_fts keep the words too (a bulk load
-- suspends both and fills both at its end, store/bulk.go).
DROP TRIGGER events_fts_new;
CREATE TRIGGER events_fts_new AFTER INSERT ON events
WHEN new.start_key IS NOT NULL AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE
BEGIN
    INSERT INTO events_fts (rowid, search_text) VALUES (new.start_key, new.search_text);
    INSERT INTO search_terms (term)
    SELECT value FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]') WHERE length(value) >= 4
    ON CONFLICT (term) DO NOTHING;
END;

DROP TRIGGER events_fts_change;
CREATE TRIGGER events_fts_change AFTER UPDATE OF start_key, search_text, visibility, published, confirmed ON events
BEGIN
    DELETE FROM events_fts WHERE rowid = old.start_key;
    INSERT INTO events_fts (rowid, search_text)
    SELECT new.start_key, new.search_text
    WHERE new.start_key IS NOT NULL AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE;
    INSERT INTO search_terms (term)
    SELECT value FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]')
    WHERE length(value) >= 4 AND new.start_key IS NOT NULL AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE
    ON CONFLICT (term) DO NOTHING;
END;
