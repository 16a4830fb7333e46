-- name: CreateOutboxMail
-- Written (and committed) before a job's mail is handed to the transport.
INSERT INTO mail_outbox (job_id, message_id, date_us, sent_at, created_at)
VALUES (?, ?, ?, 0, ?)
ON CONFLICT (job_id) DO NOTHING;

-- name: OutboxMailByJob
SELECT message_id, date_us, sent_at FROM mail_outbox WHERE job_id = ?;

-- name: MarkOutboxMailSent
UPDATE mail_outbox SET sent_at = ? WHERE job_id = ?;

-- name: PurgeOutbox
-- Kept longer than finished jobs (a week), so no job can run again
-- without finding its record.
DELETE FROM mail_outbox WHERE created_at < ?;
