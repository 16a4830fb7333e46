package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Re-sending an event's private links ("send me my link again").
const (
	manageLinkJob = "mail.event_manage_link"
	// At most this many asks per address and IP, and per IP, an hour;
	// whatever the number of asks, one mail per link every resendWindow.
	linksPerAddressIP = 5
	linksPerIP        = 30
	resendWindow      = 10 * time.Minute
)

// ResendEventLinks mails again, to an address given on the event's page,
// what that address is owed: the management link when it created the
// event without an account, its registration (link and ticket) when it
// registered without one. The answer is the same whether the address is
// known or not; limits count per address and IP (so nobody can exhaust
// someone else's), and a link goes out at most once every ten minutes
// however many ask (so nobody can flood someone with it).
func (s *Service) ResendEventLinks(ctx context.Context, a cortege.Actor, eventID, email string) error {
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return err
	}
	if err := s.limit(ctx, "event:links:ip:"+a.IP, linksPerIP, time.Hour); err != nil {
		return err
	}
	key := strings.ToLower(email)
	if err := s.limit(ctx, "event:links:"+key+":"+a.IP, linksPerAddressIP, time.Hour); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		e, err := q.EventByID(ctx, eventID)
		if err != nil {
			return err
		}
		if e.AnonEmailHash != "" && e.AnonEmailHash == cortege.HashToken(key) {
			if err := s.resendManageLink(ctx, q, e, email); err != nil {
				return err
			}
		}
		p, err := q.ParticipationByEmail(ctx, e.ID, email)
		if cortege.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if !p.Active() && p.Status != cortege.PartRefused {
			return nil
		}
		return s.resendRegistration(ctx, q, e, p.Participation)
	})
}

// resendManageLink queues the management link of an event created without
// an account, unless it was attached to an account since: the creation
// mail again while unconfirmed, else a mail with the link alone.
func (s *Service) resendManageLink(ctx context.Context, q *store.Q, e *cortege.Event, email string) error {
	tok, err := s.linkToken(ctx, q, "manage", e.ID)
	if err != nil {
		return err
	}
	if _, err := q.EventByManageToken(ctx, cortege.HashToken(tok)); cortege.IsNotFound(err) {
		return nil // claimed: the creator signs in instead
	} else if err != nil {
		return err
	}
	key := fmt.Sprintf("event:manage:resend:%s:%d", e.ID, s.now().Unix()/int64(resendWindow/time.Second))
	if !e.Confirmed {
		return s.enqueueEventMail(ctx, q, eventMail{Kind: mail.EventMailCreationConfirm, EventID: e.ID, To: email, Lang: e.Lang}, key)
	}
	return enqueue(ctx, q, manageLinkJob, eventMail{EventID: e.ID, To: email, Lang: e.Lang}, jobs.Options{Key: key, MaxAttempts: 5})
}

// resendRegistration queues again the mail of where a registration
// without an account stands (the confirmation link while unconfirmed,
// else its status with the private link, the ticket once admitted and the
// calendar file), at most once every ten minutes.
func (s *Service) resendRegistration(ctx context.Context, q *store.Q, e *cortege.Event, p *cortege.Participation) error {
	kind := statusMail(p.Status)
	window := s.now().Unix() / int64(resendWindow/time.Second)
	key := fmt.Sprintf("event:resend:%s:%d", p.ID, window)
	if kind == mail.EventMailParticipationConfirm {
		key = fmt.Sprintf("event:confirm:%s:%d", p.ID, window)
	}
	return s.enqueueEventMail(ctx, q, eventMail{Kind: kind, EventID: e.ID, ParticipationID: p.ID, Message: p.Message}, key)
}

// runManageLinkMail mails the management link of an event; the link is
// made when the job runs, so it never sits in the jobs table.
func (s *Service) runManageLinkMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job eventMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	e, err := q.EventByID(ctx, job.EventID)
	if cortege.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	tok, err := s.linkToken(ctx, q, "manage", e.ID)
	if err != nil {
		return err
	}
	title, body, label := manageLinkText(job.Lang, e.Title)
	data := mail.NotificationData{InstanceName: set.Name, Title: title, Body: body, ActionURL: s.URL(manageEventPath + "?token=" + tok), ActionLabel: label}
	return s.sendRendered(ctx, m, job.Lang, job.To, data)
}

// manageLinkText is the management link mail in lang.
func manageLinkText(lang, title string) (subject, body, label string) {
	if lang == "en" {
		return "The management link of “" + title + "”",
			"Someone asked, on the event's page, for the management link of this event to be sent again to this address, which created it. Whoever holds the link can edit or cancel the event: do not forward this mail. If you did not ask for it, you can ignore it; nothing changed.",
			"Manage the event"
	}
	return "Le lien de gestion de « " + title + " »",
		"Quelqu’un a demandé, sur la page de l’événement, que son lien de gestion soit renvoyé à cette adresse, qui l’a créé. Quiconque détient ce lien peut modifier ou annuler l’événement : ne transférez pas ce message. Si vous n’avez rien demandé, vous pouvez l’ignorer ; rien n’a changé.",
		"Gérer l’événement"
}
