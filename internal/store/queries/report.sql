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
SELECT id, actor_id, group_id, action, target_kind, target_id, report_id, note, created_at
FROM moderation_log WHERE group_id = ?
ORDER BY created_at DESC, id DESC
LIMIT ? OFFSET ?;
