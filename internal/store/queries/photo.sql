-- name: CreateEventPhoto
INSERT INTO event_photos (id, event_id, profile_id, file, caption, licence, hidden, created_at)
VALUES (?, ?, ?, ?, ?, ?, FALSE, ?);

-- name: EventPhotoByID
SELECT id, event_id, COALESCE(profile_id, ''), file, caption, licence, hidden, created_at FROM event_photos WHERE id = ?;

-- name: EventPhotos
SELECT id, event_id, COALESCE(profile_id, ''), file, caption, licence, hidden, created_at FROM event_photos
WHERE event_id = ? AND (hidden = FALSE OR ? = TRUE) ORDER BY created_at, id;

-- name: SetEventPhotoHidden
UPDATE event_photos SET hidden = ? WHERE id = ?;

-- name: CountEventPhotosBy
SELECT COUNT(*) FROM event_photos WHERE event_id = ? AND profile_id = ?;

-- name: EventPhotosByProfile
-- Every photo a profile added (the data export), hidden ones too.
SELECT id, event_id, COALESCE(profile_id, ''), file, caption, licence, hidden, created_at FROM event_photos
WHERE profile_id = ? ORDER BY created_at, id;

-- name: DeleteEventPhoto
-- Reports about the photo keep their row; the moderation view finds no
-- photo any more.
DELETE FROM event_photos WHERE id = ?;
