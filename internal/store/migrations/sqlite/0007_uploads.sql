-- Uploaded files by name (content hash and extension) with the time they
-- were last written or sent again: the collector of orphans leaves an
-- upload alone for a grace period after that, while the row that will
-- name it may not be committed yet. Times are integer milliseconds (UTC).
CREATE TABLE uploads (
    name       TEXT PRIMARY KEY,
    touched_at INTEGER NOT NULL
);

-- Finding the rows that name an upload (its access check, and whether a
-- file may be deleted) must not scan these tables.
CREATE INDEX events_picture ON events(picture);
CREATE INDEX event_photos_file ON event_photos(file);
CREATE INDEX groups_avatar ON groups(avatar);
CREATE INDEX groups_banner ON groups(banner);
CREATE INDEX profiles_avatar ON profiles(avatar);
