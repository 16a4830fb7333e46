package service

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Job kinds of the service.
const (
	sendMailJob = "mail.send"
	purgeJob    = "maintenance.purge"
)

// Mailer is what the mail jobs need: a transport and the templates.
type Mailer struct {
	Transport mail.Transport
	Renderer  *mail.Renderer
}

// sendMail is the payload of a generic mail job.
type sendMail struct {
	To       string            `json:"to"`
	Lang     string            `json:"lang"`
	Template string            `json:"template"`
	Data     json.RawMessage   `json:"data"`
	Headers  map[string]string `json:"headers,omitempty"`
}

// emailChangeMail is the payload of the job that mails a confirmation link
// to a new address.
type emailChangeMail struct {
	AccountID string `json:"account_id"`
	NewEmail  string `json:"new_email"`
	Lang      string `json:"lang"`
}

// RegisterJobs installs the service's job handlers on r. Their mail goes
// through the outbox (NewOutbox), so a job run again after a crash does not
// send its mail twice.
func (s *Service) RegisterJobs(r *jobs.Runner, m Mailer) {
	m.Transport = NewOutbox(s.db, m.Transport)
	r.Register(loginLinkJobKind, func(ctx context.Context, p json.RawMessage) error { return s.runLoginMail(ctx, m, p) })
	r.Register(emailChangeJob, func(ctx context.Context, p json.RawMessage) error { return s.runEmailChangeMail(ctx, m, p) })
	r.Register(sendMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runSendMail(ctx, m, p) })
	r.Register(manageLinkJob, func(ctx context.Context, p json.RawMessage) error { return s.runManageLinkMail(ctx, m, p) })
	r.Register(purgeJob, func(ctx context.Context, _ json.RawMessage) error { return s.purge(ctx) })
	r.Every(purgeJob, 6*time.Hour)
	s.registerGroupJobs(r, m)
	s.registerUploadJobs(r)
	s.registerEventJobs(r, m)
	s.registerPetitionJobs(r, m)
	s.registerPetitionUpdateJobs(r, m)
	s.registerVoteJobs(r)
}

// purge deletes what has served its time: expired secrets and windows
// (store.Purge), invitations counted more than two days ago (the caps
// look back a day), outbox records older than a fortnight (finished jobs
// go after a week, so no job can run again without its record).
func (s *Service) purge(ctx context.Context) error {
	q := s.db.Q()
	if err := q.Purge(ctx); err != nil {
		return err
	}
	if err := q.PurgeInvitationSends(ctx, s.now().Add(-48*time.Hour)); err != nil {
		return err
	}
	return q.PurgeOutbox(ctx, s.now().Add(-14*24*time.Hour))
}

// from is the sender of every mail: the instance name at the configured or
// derived address.
func (s *Service) from(ctx context.Context) mail.Address {
	set, _ := s.db.Q().InstanceSettings(ctx)
	addr := s.cfg.MailFrom
	if addr == "" {
		host := "localhost"
		if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" && net.ParseIP(u.Hostname()) == nil {
			host = u.Hostname()
		}
		addr = "noreply@" + host
	}
	return mail.Address{Name: set.Name, Email: addr}
}

func (s *Service) runLoginMail(ctx context.Context, m Mailer, p json.RawMessage) error {
	var job loginMailJob
	if err := json.Unmarshal(p, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	acc, err := q.AccountByEmail(ctx, job.Email)
	accountID, lang := "", job.Lang
	switch {
	case err == nil && acc.Status == cortege.AccountSuspended:
		return nil // a suspended account gets no link
	case err == nil:
		accountID, lang = acc.ID, acc.Lang
	case cortege.IsNotFound(err) && set.Registrations == cortege.RegistrationsClosed:
		return nil // no account, none can be made: send nothing
	case !cortege.IsNotFound(err):
		return err
	}
	link, err := s.issueLoginToken(ctx, q, cortege.TokenLogin, job.Email, accountID, job.Lang)
	if err != nil {
		return err
	}
	if next := cortege.SafeLocalPath(job.Next); next != "" {
		link += "&next=" + url.QueryEscape(next)
	}
	if s.cfg.LogLinks {
		s.log.Info("sign-in link (mail is written to files: no SMTP configured)", "email", job.Email, "url", link)
	}
	msg, err := m.Renderer.Message(lang, mail.TemplateLogin, mail.Address{Email: job.Email}, mail.LoginData{InstanceName: set.Name, URL: link, Email: job.Email})
	if err != nil {
		return jobs.Permanent(err)
	}
	return m.Transport.Send(ctx, s.from(ctx), msg)
}

func (s *Service) runEmailChangeMail(ctx context.Context, m Mailer, p json.RawMessage) error {
	var job emailChangeMail
	if err := json.Unmarshal(p, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	if _, err := q.AccountByID(ctx, job.AccountID); cortege.IsNotFound(err) {
		return nil // the account is gone
	} else if err != nil {
		return err
	}
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	link, err := s.issueLoginToken(ctx, q, cortege.TokenEmailChange, job.NewEmail, job.AccountID, job.Lang)
	if err != nil {
		return err
	}
	msg, err := m.Renderer.Message(job.Lang, mail.TemplateEmailChange, mail.Address{Email: job.NewEmail}, mail.EmailChangeData{InstanceName: set.Name, URL: link, NewEmail: job.NewEmail})
	if err != nil {
		return jobs.Permanent(err)
	}
	return m.Transport.Send(ctx, s.from(ctx), msg)
}

// templateData returns an empty value of the data type a template takes.
func templateData(name string) any {
	switch name {
	case mail.TemplateAccountDeleted:
		return &mail.AccountDeletedData{}
	case mail.TemplateNotification:
		return &mail.NotificationData{}
	}
	return nil
}

func (s *Service) runSendMail(ctx context.Context, m Mailer, p json.RawMessage) error {
	var job sendMail
	if err := json.Unmarshal(p, &job); err != nil {
		return jobs.Permanent(err)
	}
	data := templateData(job.Template)
	if data == nil {
		return jobs.Permanent(cortege.Errorf(cortege.EINVALID, "unknown mail template "+job.Template))
	}
	if err := json.Unmarshal(job.Data, data); err != nil {
		return jobs.Permanent(err)
	}
	msg, err := m.Renderer.Message(job.Lang, job.Template, mail.Address{Email: job.To}, data)
	if err != nil {
		return jobs.Permanent(err)
	}
	for k, v := range job.Headers {
		if msg.Headers == nil {
			msg.Headers = map[string]string{}
		}
		msg.Headers[k] = v
	}
	err = m.Transport.Send(ctx, s.from(ctx), msg)
	if errors.Is(err, mail.ErrInvalidMessage) {
		return jobs.Permanent(err)
	}
	return err
}

// enqueueMail queues a templated mail in q's transaction.
func enqueueMail(ctx context.Context, q *store.Q, to, lang, template string, data any, key string) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return enqueue(ctx, q, sendMailJob, sendMail{To: to, Lang: lang, Template: template, Data: b}, jobs.Options{Key: key})
}
