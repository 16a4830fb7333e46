-- name: CreateReport
INSERT INTO reports (id, reporter_id, target_kind, target_id, group_id, reason, status, created_at)
VALUES (?, ?, ?, ?, ?, ?, 'open', ?);

-- name: ReportByID
SELECT id, COALESCE(reporter_id, ''), target_kind, target_id, group_id, reason, status, created_at, resolved_by, resolved_at, resolution
FROM reports WHERE id = ?;

-- name: ReportsByStatus
SELECT id, COALESCE(reporter_id, ''), target_kind, target_id, group_id, reason, status, created_at, resolved_by, resolved_at, resolution
FROM reports WHERE status = ?
ORDER BY created_at, id
LIMIT ? OFFSET ?;

-- name: CountReportsByStatus
SELECT COUNT(*) FROM reports WHERE status = ?;

-- name: ResolveReport
UPDATE reports SET status = ?, resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ? AND status = 'open';

-- name: AddModerationEntry
INSERT INTO moderation_log (id, actor_id, group_id, action, target_kind, target_id, report_id, note, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ModerationLog
-- The instance log (group_id '') or one group's.
-- Who acted and what was targeted are read in the same statement.
SELECT m.id, m.actor_id, m.group_id, m.action, m.target_kind, m.target_id, m.report_id, m.note, m.created_at,
    COALESCE(a.email, '@' || ap.handle, ''),
    COALESCE(tg.name, '@' || tp.handle, ''), COALESCE(tg.handle, tp.handle, '')
FROM moderation_log m
LEFT JOIN accounts a ON a.id = m.actor_id
LEFT JOIN profiles ap ON ap.id = m.actor_id
LEFT JOIN groups tg ON m.target_kind = 'group' AND tg.id = m.target_id
LEFT JOIN profiles tp ON m.target_kind = 'profile' AND tp.id = m.target_id AND tp.deleted = FALSE
WHERE m.group_id = ?
ORDER BY m.created_at DESC, m.id DESC
LIMIT ? OFFSET ?;

-- name: ReportsByReporter
-- Reports a profile filed (the data export).
SELECT id, COALESCE(reporter_id, ''), target_kind, target_id, group_id, reason, status, created_at, resolved_by, resolved_at, resolution
FROM reports WHERE reporter_id = ? ORDER BY created_at, id;
