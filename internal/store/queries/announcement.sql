-- name: CreateAnnouncement
INSERT INTO event_announcements (id, event_id, audience, subject, body, by_profile, sent_to, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: Announcements
SELECT id, event_id, audience, subject, body, by_profile, sent_to, created_at FROM event_announcements
WHERE event_id = ? ORDER BY created_at DESC, id;

-- name: AnnouncementsByProfile
-- Announcements a profile sent as an organiser (the data export).
SELECT id, event_id, audience, subject, body, by_profile, sent_to, created_at FROM event_announcements
WHERE by_profile = ? ORDER BY created_at, id;
