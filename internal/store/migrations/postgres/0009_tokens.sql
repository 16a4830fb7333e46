-- Scoped API tokens (issue 11): what a token may do and when it expires.
-- Tokens made before scopes existed keep what they could do for an
-- ordinary account: read and write (an administrator makes a new token
-- with the admin scope to act as one). expires_at 0 means never; times
-- are integer milliseconds (UTC).
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read,write';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
