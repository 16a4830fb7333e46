-- name: ProfilesByIDs
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT id, COALESCE(account_id, ''), handle, display_name, bio, avatar, deleted, created_at, EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = profiles.account_id AND sa.status = 'suspended')
FROM profiles WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb));
