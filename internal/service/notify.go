package service

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Job kinds of group life.
const (
	notifyJob      = "group.notify"
	inviteMailJob  = "group.invite_mail"
	contactMailJob = "group.contact_mail"
	unsubscribeURL = "/unsubscribe?token="
	acceptInvite   = "/invitations/accept?token="
)

// notice is the payload of a notification job. It holds names and paths,
// never addresses or secrets: the job looks the recipient up when it runs,
// checks their preference, and makes the unsubscribe token then.
type notice struct {
	ProfileID string `json:"profile_id"`
	Kind      string `json:"kind"`
	Group     string `json:"group"`
	// GroupHandle names the group beyond doubt in invitations.
	GroupHandle string `json:"group_handle,omitempty"`
	Actor       string `json:"actor,omitempty"`
	Subject     string `json:"subject,omitempty"`
	Text        string `json:"text,omitempty"`
	Path        string `json:"path"`
	Outcome     string `json:"outcome,omitempty"` // join_answer: "approved" or "refused"
}

// queueNotice queues a notification of kind for a profile in q's transaction;
// key makes it idempotent (one notice per event and recipient).
func queueNotice(ctx context.Context, q *store.Q, n notice, key string) error {
	return enqueue(ctx, q, notifyJob, n, jobs.Options{Key: "notify:" + n.Kind + ":" + key + ":" + n.ProfileID, MaxAttempts: 6})
}

// registerGroupJobs installs the group jobs' handlers.
func (s *Service) registerGroupJobs(r *jobs.Runner, m Mailer) {
	r.Register(notifyJob, func(ctx context.Context, p json.RawMessage) error { return s.runNotify(ctx, m, p) })
	r.Register(inviteMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runInviteMail(ctx, m, p) })
	r.Register(contactMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runContactMail(ctx, m, p) })
}

// noticeRecipient returns the active account behind a live profile, or nil when
// there is nobody to write to any more.
func noticeRecipient(ctx context.Context, q *store.Q, profileID string) (*cortege.Account, *cortege.Profile, error) {
	p, err := q.ProfileByID(ctx, profileID)
	if cortege.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if p.Deleted || p.AccountID == "" {
		return nil, nil, nil
	}
	acc, err := q.AccountByID(ctx, p.AccountID)
	if cortege.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil || acc.Status != cortege.AccountActive {
		return nil, nil, err
	}
	return acc, p, nil
}

func (s *Service) runNotify(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var n notice
	if err := json.Unmarshal(raw, &n); err != nil {
		return jobs.Permanent(err)
	}
	if !cortege.ValidNotificationKind(n.Kind) {
		return jobs.Permanent(errors.New("unknown notification kind " + n.Kind))
	}
	q := s.db.Q()
	acc, _, err := noticeRecipient(ctx, q, n.ProfileID)
	if err != nil || acc == nil {
		return err
	}
	prefs, err := q.NotificationPrefs(ctx, acc.ID)
	if err != nil {
		return err
	}
	if !prefs.Email(n.Kind) {
		return nil
	}
	if prefs[digestPref] && (n.Kind == cortege.NotifyNewPost || n.Kind == cortege.NotifyReply) {
		// Group activity waits for the daily digest, with event activity,
		// for those who chose one mail a day; what asks for an answer
		// (invitations, requests, tasks) still comes at once.
		title, body, _ := noticeText(acc.Lang, n)
		return q.AddDigestItem(ctx, &store.DigestItem{AccountID: acc.ID, Title: title, Body: body, URL: s.URL(n.Path)})
	}
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	tok := cortege.NewToken()
	if err := q.CreateUnsubscribeToken(ctx, cortege.HashToken(tok), acc.ID, n.Kind); err != nil {
		return err
	}
	title, body, label := noticeText(acc.Lang, n)
	data := mail.NotificationData{
		InstanceName: set.Name, Title: title, Body: body, ActionURL: s.URL(n.Path), ActionLabel: label,
		UnsubscribeURL: s.URL(unsubscribeURL + tok),
	}
	return s.sendRendered(ctx, m, acc.Lang, acc.Email, data)
}

func (s *Service) sendRendered(ctx context.Context, m Mailer, lang, to string, data mail.NotificationData) error {
	msg, err := m.Renderer.Message(lang, mail.TemplateNotification, mail.Address{Email: to}, data)
	if err != nil {
		return jobs.Permanent(err)
	}
	err = m.Transport.Send(ctx, s.from(ctx), msg)
	if errors.Is(err, mail.ErrInvalidMessage) {
		return jobs.Permanent(err)
	}
	return err
}

// inviteMail is the payload of an invitation mail to an address. The
// token is made when the job runs, so no secret sits in the jobs table.
type inviteMail struct {
	InvitationID string `json:"invitation_id"`
}

func (s *Service) runInviteMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job inviteMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	inv, err := q.GroupInvitationByID(ctx, job.InvitationID)
	if cortege.IsNotFound(err) {
		return nil // withdrawn
	}
	if err != nil {
		return err
	}
	if !inv.Pending(s.now()) {
		return nil
	}
	g, err := q.GroupByID(ctx, inv.GroupID)
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
	lang := set.DefaultLang
	switch acc, err := q.AccountByEmail(ctx, inv.Email); {
	case err == nil:
		lang = acc.Lang
	case cortege.IsNotFound(err):
		// Mail to addresses without an account is held past the
		// instance's hourly ceiling.
		if err := s.holdStrangerMail(ctx, q); err != nil {
			return err
		}
	default:
		return err
	}
	actor := ""
	if p, err := q.ProfileByID(ctx, inv.InvitedBy); err == nil {
		actor = personLabel(p)
	}
	// The link is derived from the invitation, so a mail sent again after
	// a crash carries the same working link as the first.
	tok, err := s.linkToken(ctx, q, "invite", inv.ID)
	if err != nil {
		return err
	}
	if err := q.SetGroupInvitationToken(ctx, inv.ID, cortege.HashToken(tok)); err != nil {
		return ignoreNotFound(err)
	}
	title, body, label := noticeText(lang, notice{Kind: "email_invitation", Group: g.Name, GroupHandle: g.Handle, Actor: actor, Text: inv.Message, Subject: set.Name})
	data := mail.NotificationData{InstanceName: set.Name, Title: title, Body: body, ActionURL: s.URL(acceptInvite + tok), ActionLabel: label}
	return s.sendRendered(ctx, m, lang, inv.Email, data)
}

// contactMail is the payload of a message to one administrator of a group.
type contactMail struct {
	AdminID string `json:"admin_id"`
	FromID  string `json:"from_id"`
	GroupID string `json:"group_id"`
	Message string `json:"message"`
}

func (s *Service) runContactMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job contactMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	acc, _, err := noticeRecipient(ctx, q, job.AdminID)
	if err != nil || acc == nil {
		return err
	}
	g, err := q.GroupByID(ctx, job.GroupID)
	if cortege.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	from, err := q.ProfileByID(ctx, job.FromID)
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
	title, body, label := noticeText(acc.Lang, notice{Kind: "contact", Group: g.Name, Actor: from.Name() + " (@" + from.Handle + ")", Text: job.Message})
	data := mail.NotificationData{InstanceName: set.Name, Title: title, Body: body, ActionURL: s.URL("/@" + from.Handle), ActionLabel: label}
	return s.sendRendered(ctx, m, acc.Lang, acc.Email, data)
}

// noticeText writes a notification's title, body and button label in lang.
func noticeText(lang string, n notice) (title, body, label string) {
	fr := lang != "en"
	pick := func(f, e string) string {
		if fr {
			return f
		}
		return e
	}
	r := strings.NewReplacer("{actor}", n.Actor, "{group}", n.Group, "{handle}", n.GroupHandle, "{subject}", n.Subject)
	t := func(f, e string) string { return r.Replace(pick(f, e)) }
	body = n.Text
	switch n.Kind {
	case cortege.NotifyInvitation, "email_invitation":
		title, body, label = invitationText(n, t, pick)
	case cortege.NotifyJoinRequest:
		title = t("{actor} demande à rejoindre {group}", "{actor} asks to join {group}")
		label = pick("Répondre à la demande", "Answer the request")
	case cortege.NotifyJoinAnswer:
		if n.Outcome == "approved" {
			title = t("Bienvenue dans {group} : votre demande est acceptée", "Welcome to {group}: your request was approved")
		} else {
			title = t("Votre demande pour rejoindre {group} n'a pas été acceptée", "Your request to join {group} was not approved")
		}
		label = pick("Voir le groupe", "See the group")
	case cortege.NotifyNewPost:
		title = t("{group} : {subject}", "{group}: {subject}")
		label = pick("Lire la publication", "Read the post")
	case cortege.NotifyReply:
		title = t("{actor} a répondu dans « {subject} » ({group})", "{actor} replied in “{subject}” ({group})")
		label = pick("Voir la discussion", "See the discussion")
	case cortege.NotifyTaskAssigned:
		title = t("{actor} vous a confié une tâche : {subject}", "{actor} assigned you a task: {subject}")
		body = joinText(t("Groupe : {group}", "Group: {group}"), n.Text)
		label = pick("Voir la tâche", "See the task")
	case cortege.NotifyCoOrganise:
		title = t("{actor} invite {group} à co-organiser « {subject} »", "{actor} invites {group} to co-organise “{subject}”")
		body = joinText(n.Text, pick("Acceptez ou déclinez depuis la page des invitations à co-organiser.", "Accept or decline from the co-organising invitations page."))
		label = pick("Voir l'invitation", "See the invitation")
	case "contact":
		title = t("Message aux administrateurs de {group}", "Message to the administrators of {group}")
		body = joinText(t("{actor} vous écrit :", "{actor} writes:"), n.Text) + "\n\n" +
			pick("Son adresse ne vous est pas communiquée, ni la vôtre à cette personne.", "Their address is not shared with you, nor yours with them.")
		label = pick("Voir son profil", "See their profile")
	}
	return title, body, label
}

// invitationText writes the invitations, by handle (waiting on the
// dashboard) or by email (a link): who invites, to which group (its
// handle too, since names repeat), their message, and what to do.
func invitationText(n notice, t, pick func(f, e string) string) (title, body, label string) {
	by := t("{actor} vous invite à rejoindre le groupe « {group} »", "{actor} invites you to join the group “{group}”")
	if n.Actor == "" { // the inviter's profile is gone
		by = t("Vous êtes invité·e à rejoindre le groupe « {group} »", "You are invited to join the group “{group}”")
	}
	if n.GroupHandle != "" {
		by += t(" (@{handle})", " (@{handle})")
	}
	message := ""
	if n.Text != "" {
		message = joinText(pick("Son message :", "Their message:"), n.Text)
	}
	if n.Kind == cortege.NotifyInvitation {
		title = t("{actor} vous invite à rejoindre {group}", "{actor} invites you to join {group}")
		if n.Actor == "" {
			title = t("Invitation à rejoindre {group}", "An invitation to join {group}")
		}
		body = joinText(by+".", message, pick("Acceptez ou refusez l'invitation depuis votre tableau de bord.", "Accept or decline the invitation from your dashboard."))
		return title, body, pick("Voir l'invitation", "See the invitation")
	}
	title = t("{actor} vous invite à rejoindre {group} sur {subject}", "{actor} invites you to join {group} on {subject}")
	if n.Actor == "" {
		title = t("Invitation à rejoindre {group} sur {subject}", "An invitation to join {group} on {subject}")
	}
	body = joinText(by+t(" sur {subject}.", " on {subject}."), message, pick("Le lien ci-dessous vous permet d'accepter l'invitation. Si vous n'avez pas encore de compte, vous en créerez un en vous connectant avec cette adresse. Personne n'est ajouté au groupe sans avoir accepté.",
		"The link below lets you accept the invitation. If you have no account yet, you will create one by signing in with this address. Nobody is added to the group without accepting."))
	return title, body, pick("Accepter l'invitation", "Accept the invitation")
}

// personLabel is how a mail names someone: "Marie Dupont (@marie)", or
// "@marie" for a profile without a public name; "" for a profile deleted
// or suspended, which mails do not name.
func personLabel(p *cortege.Profile) string {
	switch {
	case p == nil || p.Deleted || p.Suspended || p.Handle == "":
		return ""
	case p.Name() == "":
		return "@" + p.Handle
	}
	return p.Name() + " (@" + p.Handle + ")"
}

func joinText(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// NotificationPrefs returns the actor's email preference for every kind.
func (s *Service) NotificationPrefs(ctx context.Context, a cortege.Actor) (cortege.NotificationPrefs, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	saved, err := s.db.Q().NotificationPrefs(ctx, a.Account.ID)
	if err != nil {
		return nil, err
	}
	out := cortege.NotificationPrefs{}
	for _, k := range cortege.NotificationKinds {
		out[k] = saved.Email(k)
	}
	return out, nil
}

// SetNotificationPref turns the emails of one kind on or off for the actor.
func (s *Service) SetNotificationPref(ctx context.Context, a cortege.Actor, kind string, email bool) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if !cortege.ValidNotificationKind(kind) {
		return cortege.Invalid("kind", "err.notification.kind")
	}
	return s.db.Q().PutNotificationPref(ctx, a.Account.ID, kind, email)
}

// CheckUnsubscribe returns the kind a one-click unsubscribe link stops,
// without acting (the page a GET shows).
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (string, error) {
	if !cortege.ValidTokenShape(token) {
		return "", cortege.Invalid("token", "err.token.invalid")
	}
	_, kind, err := s.db.Q().UnsubscribeTokenByHash(ctx, cortege.HashToken(token))
	if cortege.IsNotFound(err) {
		return "", cortege.Invalid("token", "err.token.invalid")
	}
	return kind, err
}

// Unsubscribe turns off the emails of the kind a link was made for (RFC
// 8058 one-click: no sign-in needed, the token is the authority). It
// returns that kind; using a link twice is harmless.
func (s *Service) Unsubscribe(ctx context.Context, token string) (string, error) {
	if !cortege.ValidTokenShape(token) {
		return "", cortege.Invalid("token", "err.token.invalid")
	}
	q := s.db.Q()
	accountID, kind, err := q.UnsubscribeTokenByHash(ctx, cortege.HashToken(token))
	if cortege.IsNotFound(err) {
		return "", cortege.Invalid("token", "err.token.invalid")
	}
	if err != nil {
		return "", err
	}
	return kind, q.PutNotificationPref(ctx, accountID, kind, false)
}
