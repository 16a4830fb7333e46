package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// outbox is the transport every mail job sends through. Before the first
// try it records (and commits) the message's Message-ID and Date against
// the job; a job run again after a crash finds the record and either sends
// nothing (the mail was accepted and so marked) or sends the very same
// message again (the crash fell between the transport's acceptance and
// the mark). A crash thus costs at most one duplicate per message in
// flight, with the same Message-ID, and none with the directory
// transport, which names its files by it.
type outbox struct {
	db   *store.DB
	next mail.Transport
}

// NewOutbox wraps next so that mail sent from a job is idempotent per job
// (one job sends one mail); mail sent outside a job goes straight through.
func NewOutbox(db *store.DB, next mail.Transport) mail.Transport {
	return &outbox{db: db, next: next}
}

func (o *outbox) Send(ctx context.Context, from mail.Address, m *mail.Message) error {
	jobID, ok := jobs.JobID(ctx)
	if !ok || m == nil {
		return o.next.Send(ctx, from, m)
	}
	q := o.db.Q()
	rec, err := q.OutboxMailByJob(ctx, jobID)
	if cortege.IsNotFound(err) {
		id, err := mail.NewMessageID(from.Email)
		if err != nil {
			return err
		}
		// The Date is the wall clock's, as a transport's own would be.
		rec, err = q.CreateOutboxMail(ctx, &store.OutboxMail{JobID: jobID, MessageID: id, Date: time.Now().UTC().Truncate(time.Microsecond)})
		if err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if !rec.SentAt.IsZero() {
		return nil // accepted before the crash: nothing to send again
	}
	c := *m
	c.ID, c.Date = rec.MessageID, rec.Date
	if err := o.next.Send(ctx, from, &c); err != nil {
		return err
	}
	return q.MarkOutboxMailSent(ctx, jobID)
}
