-- name: SearchGroups
-- PostgreSQL: full-text search on the folded text, served by the GIN index
-- groups_search; each word becomes a prefix term ("velo:*"), ANDed, so a
-- word matches from the start of a word (cortege.MatchesWords). Newest
-- first, as the directory lists and as SQLite reads its index.
SELECT id, handle, name, description, avatar, banner, kind, tags, address, has_coords, lat, lon,
    visibility, join_mode, public_members, approved, hidden, COALESCE(created_by, ''), created_at, updated_at
FROM groups
WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', replace(NULLIF(?, ''), '%', ':* & ') || ':*')
    AND visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?)
ORDER BY id DESC
LIMIT ? OFFSET ?;

-- name: CountSearchGroups
SELECT COUNT(*) FROM groups
WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', replace(NULLIF(?, ''), '%', ':* & ') || ':*')
    AND visibility = 'public' AND approved = TRUE AND hidden = FALSE AND (? = '' OR kind = ?);
