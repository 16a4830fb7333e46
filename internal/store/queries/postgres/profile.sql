-- name: ProfilesByIDs
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at
FROM profiles WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb));
