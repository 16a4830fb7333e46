package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/store"
)

// Job kinds of events.
const (
	eventMailJob      = "event.mail"      // one mail about an event to one person
	eventRemindersJob = "event.reminders" // looks for reminders due, every minute
	eventSeriesJob    = "event.series"    // generates occurrences within the horizon
	eventDigestJob    = "event.digest"    // sends the daily digests
)

// When reminders go out.
const (
	ReminderBefore = 24 * time.Hour
	// OnlineBefore is when the online link is mailed to participants.
	OnlineBefore = 30 * time.Minute
	digestPref   = "digest"
)

// eventMail is the payload of an event mail job. The mail is composed when
// the job runs, from the database as it is then: the current event (so a
// late job never sends stale details), what this recipient may see, and
// links whose secrets are derived at that moment (none sit in the queue).
type eventMail struct {
	Kind            string                 `json:"kind"`
	EventID         string                 `json:"event_id"`
	ParticipationID string                 `json:"participation_id,omitempty"`
	To              string                 `json:"to,omitempty"`
	Lang            string                 `json:"lang,omitempty"`
	Message         string                 `json:"message,omitempty"`
	Subject         string                 `json:"subject,omitempty"`
	ChangeSeq       int                    `json:"change_seq,omitempty"`
	AnnouncementID  string                 `json:"announcement_id,omitempty"`
	Lines           []mail.EventDigestLine `json:"lines,omitempty"`
	Changes         []cortege.EventChange  `json:"changes,omitempty"`
}

// registerEventJobs installs the events' job handlers and schedules.
func (s *Service) registerEventJobs(r *jobs.Runner, m Mailer) {
	r.Register(eventMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runEventMail(ctx, m, p) })
	r.Register(eventRemindersJob, func(ctx context.Context, _ json.RawMessage) error { return s.ScanReminders(ctx) })
	r.Register(eventSeriesJob, func(ctx context.Context, _ json.RawMessage) error { return s.ExtendSeries(ctx) })
	r.Register(eventDigestJob, func(ctx context.Context, _ json.RawMessage) error { return s.RunDigests(ctx) })
	r.Every(eventRemindersJob, time.Minute)
	r.Every(eventSeriesJob, time.Hour)
	r.Every(eventDigestJob, time.Hour)
}

// RegisterEventJobs installs the events' job handlers on r (RegisterJobs
// does it too).
func (s *Service) RegisterEventJobs(r *jobs.Runner, m Mailer) { s.registerEventJobs(r, m) }

func (s *Service) enqueueEventMail(ctx context.Context, q *store.Q, m eventMail, key string) error {
	return enqueue(ctx, q, eventMailJob, m, jobs.Options{Key: key})
}

// notifyParticipants queues a mail of kind to each participant that keep
// selects. Keys make each mail go out once per recipient.
func (s *Service) notifyParticipants(ctx context.Context, q *store.Q, e *cortege.Event, kind string, base eventMail, keep func(*store.Participant) bool) error {
	ps, err := q.Participations(ctx, e.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if !keep(p) {
			continue
		}
		m := base
		m.Kind, m.EventID, m.ParticipationID = kind, e.ID, p.ID
		key := fmt.Sprintf("event:%s:%s:%d:%s", kind, e.ID, base.ChangeSeq, p.ID)
		if kind == mail.EventMailAnnouncement {
			key = "event:announcement:" + base.AnnouncementID + ":" + p.ID
		}
		if err := s.enqueueEventMail(ctx, q, m, key); err != nil {
			return err
		}
	}
	return nil
}

// notifyOrganisers tells the event's creator that someone registered:
// in the daily digest when they chose it, else by mail.
func (s *Service) notifyOrganisers(ctx context.Context, q *store.Q, e *cortege.Event, p *cortege.Participation) error {
	if e.CreatedBy == "" || p.ProfileID == e.CreatedBy {
		return nil
	}
	prof, err := q.ProfileByID(ctx, e.CreatedBy)
	if err != nil || prof.AccountID == "" {
		return nil
	}
	acc, err := q.AccountByID(ctx, prof.AccountID)
	if err != nil || acc.Status != cortege.AccountActive {
		return nil
	}
	prefs, err := q.NotificationPrefs(ctx, acc.ID)
	if err != nil {
		return err
	}
	if on, ok := prefs[digestPref]; ok && on {
		return q.AddDigestItem(ctx, &store.DigestItem{AccountID: acc.ID, Title: e.Title, Body: p.Status, URL: s.eventURL(e.ID)})
	}
	return s.enqueueEventMail(ctx, q, eventMail{Kind: mail.EventMailOrganiserActivity, EventID: e.ID, To: acc.Email, Lang: acc.Lang, Message: p.Status},
		"event:organiser:"+p.ID+":"+p.Status)
}

// SetEventDigest chooses whether the actor's event activity comes as one
// daily digest rather than one mail each.
func (s *Service) SetEventDigest(ctx context.Context, a cortege.Actor, on bool) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.db.Q().PutNotificationPref(ctx, a.Account.ID, digestPref, on)
}

// alwaysSent are the kinds that go out even to people who turned off
// updates: reminders, change and cancellation notices, and what answers
// their own action.
func alwaysSent(kind string) bool { return kind != mail.EventMailAnnouncement }

// stillRelevant reports whether a mail of kind still makes sense for a
// participation now in status.
func stillRelevant(kind, status string) bool {
	switch kind {
	case mail.EventMailReminder, mail.EventMailOnline:
		return cortege.HoldsSeat(status)
	case mail.EventMailParticipationConfirm:
		return status == cortege.PartUnconfirmed
	case mail.EventMailChanged, mail.EventMailCancelled, mail.EventMailAnnouncement:
		return status != cortege.PartCancelled && status != cortege.PartRefused && status != cortege.PartUnconfirmed
	}
	return true
}

// withAdmission lists kinds whose mail carries the ticket and the .ics.
func withAdmission(kind string) bool {
	switch kind {
	case mail.EventMailJoined, mail.EventMailApproved, mail.EventMailPromoted, mail.EventMailReminder, mail.EventMailChanged:
		return true
	}
	return false
}

func (s *Service) runEventMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job eventMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	if job.Kind == mail.EventMailDigest {
		d := mail.EventNoticeData{InstanceName: set.Name, Kind: job.Kind, Lines: job.Lines, ActionURL: s.URL("/")}
		return s.sendEventMail(ctx, m, job.To, job.Lang, d, nil, nil)
	}
	e, err := q.EventByID(ctx, job.EventID)
	if cortege.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if e.Cancelled() && (job.Kind == mail.EventMailReminder || job.Kind == mail.EventMailOnline) {
		return nil // queued before the cancellation: its notice says all
	}
	d := mail.EventNoticeData{InstanceName: set.Name, Kind: job.Kind, EventTitle: e.Title, Message: job.Message, Subject: job.Subject, ActionURL: s.eventURL(e.ID)}
	to, lang := job.To, job.Lang
	viewer := cortege.EventViewer{}
	var attach []mail.Attachment
	if job.Kind == mail.EventMailCreationConfirm {
		tok, err := s.linkToken(ctx, q, "manage", e.ID)
		if err != nil {
			return err
		}
		d.ActionURL = s.URL(manageEventPath + "?token=" + tok)
		viewer.Organiser = true
	}
	if job.Kind == mail.EventMailOrganiserActivity {
		viewer.Organiser = true
		d.Message = ""
	}
	if job.ParticipationID != "" {
		p, err := q.ParticipationByID(ctx, job.ParticipationID)
		if cortege.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if p.MailTo == "" || !stillRelevant(job.Kind, p.Status) || p.NoUpdates && !alwaysSent(job.Kind) {
			return nil
		}
		to, lang, d.Name = p.MailTo, p.MailLang, p.DisplayName
		viewer.Status = p.Status
		if err := s.participantLinks(ctx, q, &d, p); err != nil {
			return err
		}
		if job.Kind == mail.EventMailParticipationConfirm {
			tok, err := s.linkToken(ctx, q, "confirm", p.ID)
			if err != nil {
				return err
			}
			d.ActionURL = s.URL(confirmParticipationPath + "?token=" + tok)
		}
		if p.Admitted() && withAdmission(job.Kind) && e.Ticketed() {
			t, err := s.ticket(ctx, q, p.ID)
			if err != nil {
				return err
			}
			d.TicketCode = t.Code
			attach = append(attach, mail.Attachment{Filename: "ticket.png", ContentType: "image/png", Data: t.QRPNG})
		}
	}
	if to == "" {
		return nil
	}
	r := e.Redacted(viewer)
	d.When = formatWhen(lang, r)
	d.Where = strings.TrimSpace(strings.Trim(r.Place+" — "+r.PlaceArea, " —"))
	d.PlaceHidden = e.Place != "" && r.Place == ""
	if job.Kind == mail.EventMailOnline || job.Kind == mail.EventMailReminder || withAdmission(job.Kind) {
		d.OnlineURL = r.OnlineURL
	}
	for _, c := range job.Changes {
		d.Changes = append(d.Changes, changeLine(lang, c, e, r, viewer))
	}
	if job.Kind == mail.EventMailChanged && len(d.Changes) == 0 {
		cs, err := q.EventChanges(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.At.Before(e.UpdatedAt.Add(-time.Second)) {
				continue
			}
			d.Changes = append(d.Changes, changeLine(lang, *c, e, r, viewer))
		}
	}
	if err := s.eventMailText(ctx, q, &d, job, e, lang); err != nil {
		return err
	}
	var cal *mail.Calendar
	switch {
	case job.Kind == mail.EventMailCancelled:
		b, err := s.mailCalendar(ctx, q, r, ics.MethodCancel, mail.Address{Name: d.Name, Email: to})
		if err != nil {
			return err
		}
		cal = &mail.Calendar{Method: ics.MethodCancel, Data: b}
	case withAdmission(job.Kind):
		b, err := s.mailCalendar(ctx, q, r, ics.MethodPublish, mail.Address{Name: d.Name, Email: to})
		if err != nil {
			return err
		}
		attach = append(attach, mail.Attachment{Filename: "event.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: b})
	}
	return s.sendEventMail(ctx, m, to, lang, d, attach, cal)
}

// eventMailText fills what a mail's kind adds to the common lines: the
// cancellation reason, an announcement's Markdown, the start in relative
// words ("tomorrow at 10:00") as seen from the moment the mail is written.
func (s *Service) eventMailText(ctx context.Context, q *store.Q, d *mail.EventNoticeData, job eventMail, e *cortege.Event, lang string) error {
	switch job.Kind {
	case mail.EventMailCancelled:
		if err := loadCancelReason(ctx, q, e); err != nil {
			return err
		}
		d.Reason, d.ReasonHTML = e.CancelReason, markdown.HTML(e.CancelReason)
		d.CancelURL = "" // nothing left to withdraw from
	case mail.EventMailAnnouncement:
		d.MessageHTML = markdown.HTML(job.Message)
	case mail.EventMailReminder, mail.EventMailOnline:
		d.Relative = formatRelative(lang, e.Start, s.now(), e.Location())
	}
	return nil
}

// sendEventMail renders and sends one event mail, with its attachments
// and its iTIP calendar part (nil for none).
func (s *Service) sendEventMail(ctx context.Context, m Mailer, to, lang string, d mail.EventNoticeData, attach []mail.Attachment, cal *mail.Calendar) error {
	msg, err := m.Renderer.Message(lang, mail.TemplateEventNotice, mail.Address{Name: d.Name, Email: to}, d)
	if err != nil {
		return jobs.Permanent(err)
	}
	msg.Attachments, msg.Calendar = attach, cal
	err = m.Transport.Send(ctx, s.from(ctx), msg)
	if errors.Is(err, mail.ErrInvalidMessage) {
		return jobs.Permanent(err)
	}
	return err
}

// participantLinks fills the cancel and unsubscribe links of a
// participant's mail.
func (s *Service) participantLinks(ctx context.Context, q *store.Q, d *mail.EventNoticeData, p *store.Participant) error {
	if p.Active() {
		tok, err := s.linkToken(ctx, q, "cancel", p.ID)
		if err != nil {
			return err
		}
		d.CancelURL = s.URL(cancelParticipationPath + "?token=" + tok)
	}
	tok, err := s.linkToken(ctx, q, "unsubscribe", p.ID)
	if err != nil {
		return err
	}
	d.UnsubscribeURL = s.URL(unsubscribeEventPath + "?id=" + url.QueryEscape(p.ID) + "&token=" + tok)
	return nil
}

// ScanReminders queues the reminders now due: 24 hours before each event
// and, for online events, the link shortly before the start. Each is
// recorded in the mail log in the same transaction as its mail jobs, so
// however many workers on however many nodes scan at once, and whatever
// restarts happen, each participant gets each reminder once. A moved event
// gets a new reminder for its new date.
func (s *Service) ScanReminders(ctx context.Context) error {
	now := s.now()
	evs, err := s.db.Q().EventsStartingBetween(ctx, now, now.Add(ReminderBefore), 500)
	if err != nil {
		return err
	}
	for _, e := range evs {
		kinds := []string{mail.EventMailReminder}
		if e.OnlineURL != "" && !e.Start.After(now.Add(OnlineBefore)) {
			kinds = append(kinds, mail.EventMailOnline)
		}
		for _, kind := range kinds {
			key := fmt.Sprintf("%s:%s:%d", kind, e.ID, e.Start.UnixMilli())
			err := s.inTx(ctx, func(q *store.Q) error {
				first, err := q.MarkMailed(ctx, key, e.ID)
				if err != nil || !first {
					return err
				}
				ps, err := q.Participations(ctx, e.ID)
				if err != nil {
					return err
				}
				for _, p := range ps {
					if !p.HoldsSeat() {
						continue
					}
					if err := s.enqueueEventMail(ctx, q, eventMail{Kind: kind, EventID: e.ID, ParticipationID: p.ID}, key+":"+p.ID); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// RunDigests queues the daily digest of each account whose oldest
// waiting line is a day old: everything waiting, in one mail. The lines
// are marked sent in the same transaction as the mail job, so a digest is
// queued once however many nodes run this.
func (s *Service) RunDigests(ctx context.Context) error {
	now := s.now()
	ids, err := s.db.Q().DigestAccounts(ctx, now.Add(-24*time.Hour), 200)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.inTx(ctx, func(q *store.Q) error {
			acc, err := q.AccountByID(ctx, id)
			if err != nil {
				return err
			}
			items, err := q.DigestItems(ctx, id)
			if err != nil {
				return err
			}
			if err := q.MarkDigestSent(ctx, id, now); err != nil {
				return err
			}
			if len(items) == 0 || acc.Status != cortege.AccountActive {
				return nil
			}
			job := eventMail{Kind: mail.EventMailDigest, To: acc.Email, Lang: acc.Lang}
			for _, it := range items {
				job.Lines = append(job.Lines, mail.EventDigestLine{Title: it.Title, Body: it.Body, URL: it.URL})
			}
			return enqueue(ctx, q, eventMailJob, job, jobs.Options{Key: fmt.Sprintf("event:digest:%s:%d", id, now.UnixMilli())})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

var (
	frDays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// formatDay writes a date in the reader's language: "vendredi 17 avril
// 2026" or "Friday 17 April 2026".
func formatDay(lang string, t time.Time) string {
	if strings.HasPrefix(lang, "en") {
		return t.Format("Monday 2 January 2006")
	}
	return fmt.Sprintf("%s %d %s %d", frDays[t.Weekday()], t.Day(), frMonths[t.Month()-1], t.Year())
}

// formatWhen writes an event's dates in its zone: one day with its hours,
// or the first and last day of a multi-day event, and the zone's name.
func formatWhen(lang string, e *cortege.Event) string {
	s, end := e.LocalStart(), e.LocalEnd()
	zone := fmt.Sprintf(" (%s)", e.TZ)
	if !e.MultiDay() {
		return fmt.Sprintf("%s, %s – %s%s", formatDay(lang, s), s.Format("15:04"), end.Format("15:04"), zone)
	}
	if strings.HasPrefix(lang, "en") {
		return fmt.Sprintf("from %s %s to %s %s%s", formatDay(lang, s), s.Format("15:04"), formatDay(lang, end), end.Format("15:04"), zone)
	}
	return fmt.Sprintf("du %s %s au %s %s%s", formatDay(lang, s), s.Format("15:04"), formatDay(lang, end), end.Format("15:04"), zone)
}

// formatChange writes a recorded change value: times (RFC 3339 in the
// event's zone) as a day and an hour, anything else as it is.
func formatChange(lang, v string) string {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return formatDay(lang, t) + " " + t.Format("15:04")
	}
	return v
}

// EventDigest reports whether the actor chose the daily digest of their
// events' activity (see SetEventDigest).
func (s *Service) EventDigest(ctx context.Context, a cortege.Actor) (bool, error) {
	if err := requireSignedIn(a); err != nil {
		return false, err
	}
	prefs, err := s.db.Q().NotificationPrefs(ctx, a.Account.ID)
	if err != nil {
		return false, err
	}
	on, ok := prefs[digestPref]
	return ok && on, nil
}

// FormatWhen writes an event's dates in its own zone, in lang ("samedi 3
// mai 2026, 19:00 – 21:00 (Europe/Paris)"), as mails do.
func FormatWhen(lang string, e *cortege.Event) string { return formatWhen(lang, e) }

// FormatChange writes a recorded change value (a time as a day and an
// hour, anything else as it is), as mails do.
func FormatChange(lang, v string) string { return formatChange(lang, v) }
