package store

import (
	"context"
	"time"
)

// OutboxMail is the record of the one mail a job sends: its Message-ID
// and Date, chosen before the first try, and when it was handed over.
type OutboxMail struct {
	JobID     string
	MessageID string
	Date      time.Time // kept to the microsecond
	SentAt    time.Time // zero until the transport accepted it
}

// CreateOutboxMail records m unless the job has a record already; either
// way it returns the job's record as stored.
func (q *Q) CreateOutboxMail(ctx context.Context, m *OutboxMail) (*OutboxMail, error) {
	if _, err := q.exec(ctx, "CreateOutboxMail", m.JobID, m.MessageID, m.Date.UnixMicro(), ms(q.db.now())); err != nil {
		return nil, err
	}
	return q.OutboxMailByJob(ctx, m.JobID)
}

// OutboxMailByJob returns a job's record, or ENOTFOUND.
func (q *Q) OutboxMailByJob(ctx context.Context, jobID string) (*OutboxMail, error) {
	m := &OutboxMail{JobID: jobID}
	var date, sent int64
	if err := q.get(ctx, "OutboxMailByJob", []any{jobID}, &m.MessageID, &date, &sent); err != nil {
		return nil, err
	}
	m.Date, m.SentAt = time.UnixMicro(date).UTC(), fromMS(sent)
	return m, nil
}

// MarkOutboxMailSent notes that the transport accepted the job's mail.
func (q *Q) MarkOutboxMailSent(ctx context.Context, jobID string) error {
	_, err := q.exec(ctx, "MarkOutboxMailSent", ms(q.db.now()), jobID)
	return err
}

// PurgeOutbox deletes the records written before t.
func (q *Q) PurgeOutbox(ctx context.Context, before time.Time) error {
	_, err := q.exec(ctx, "PurgeOutbox", ms(before))
	return err
}
