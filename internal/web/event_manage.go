package web

import (
	"net/http"
	"sort"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// manageData is the view model of the organisers' pages about one event.
type manageData struct {
	V             *service.EventView
	Ref           evRef
	When          string
	Participants  []service.ParticipantView
	Filter        string // participants shown: "" for all, or a status
	Announcements []*cortege.Announcement
	Groups        []*cortege.Group // the actor's groups that may organise
	Result        *service.CheckInResult
	OffDay        bool
	Arrived       int // participants shown as arrived on the check-in page
	questions     map[string]string
	ranks         map[string]int // place on the waiting list, by participation
}

// Rank is a participant's place on the waiting list (1 is next).
func (d *manageData) Rank(id string) int { return d.ranks[id] }

// Question returns the label of a registration question.
func (d *manageData) Question(id string) string { return d.questions[id] }

// Shown reports whether a participant passes the page's status filter.
func (d *manageData) Shown(status string) bool {
	switch d.Filter {
	case "":
		return true
	case cortege.PartApproved:
		return cortege.HoldsSeat(status)
	}
	return status == d.Filter
}

// managed loads an event for its organisers' pages (EFORBIDDEN for others).
func (w *Web) managed(r *http.Request) (*manageData, service.EventRef, error) {
	ref, er := eventRef(r)
	v, err := w.svc.Event(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return nil, ref, err
	}
	if !v.CanEdit {
		return nil, ref, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	er.ID = v.Event.ID
	d := &manageData{V: v, Ref: er, When: service.FormatWhen(info(r).lang, v.Event), questions: map[string]string{}}
	for _, q := range v.Questions {
		d.questions[q.ID] = q.Label
	}
	return d, ref, nil
}

func (w *Web) renderManage(rw http.ResponseWriter, r *http.Request, status int, name, titleKey string, d *manageData, f *form) error {
	rw.Header().Set("Cache-Control", "private, no-store")
	p, err := w.newPage(r, titleKey, d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = w.cat.T(p.Lang, titleKey) + " · " + d.V.Event.Title
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, name, p)
}

// handleEventPublish publishes a draft or takes it back to draft.
func (w *Web) handleEventPublish(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "publish", "published")
	if err != nil {
		return err
	}
	on := f.V("published") == "1"
	if _, err := w.svc.SetPublished(r.Context(), httpx.Actor(r.Context()), ref, on); err != nil {
		return err
	}
	key := "event_draft"
	if on {
		key = "event_published"
	}
	return w.redirect(rw, r, okPath(er.Path(""), key))
}

// handleEventCancelForm asks to confirm calling the event off (and, for a
// series, whether the following occurrences too).
func (w *Web) handleEventCancelForm(rw http.ResponseWriter, r *http.Request) error {
	d, _, err := w.managed(r)
	if err != nil {
		return err
	}
	return w.renderManage(rw, r, http.StatusOK, "event_cancel", "event.cancel.title", d, nil)
}

// handleEventCancel cancels with the organisers' reason; everyone
// registered is told, the page stays. A reason too long comes back in
// the form with the message, nothing lost.
func (w *Web) handleEventCancel(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "cancel", "scope", "reason")
	if err == nil {
		scope := service.ScopeThis
		if f.V("scope") == "following" {
			scope = service.ScopeFollowing
		}
		_, err = w.svc.CancelEvent(r.Context(), httpx.Actor(r.Context()), ref, scope, f.V("reason"))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderManage(rw, r, status, "event_cancel", "event.cancel.title", d, f)
	}
	return w.redirect(rw, r, okPath(d.Ref.Path(""), "event_cancelled"))
}

// handleEventDelete deletes an event nobody registered for (a mistake);
// one people count on must be cancelled instead.
func (w *Web) handleEventDelete(rw http.ResponseWriter, r *http.Request) error {
	_, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	if _, err := parseForm(rw, r, "delete"); err != nil {
		return err
	}
	if err := w.svc.DeleteEvent(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath("/events", "event_deleted"))
}

// handleCommentsClose closes or reopens the comments.
func (w *Web) handleCommentsClose(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "close", "closed")
	if err != nil {
		return err
	}
	if err := w.svc.SetCommentsClosed(r.Context(), httpx.Actor(r.Context()), ref, f.V("closed") == "1"); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_saved")+"#comments")
}

// handleEventReport publishes the report (compte-rendu).
func (w *Web) handleEventReport(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseTextForm(rw, r, "report", "report")
	if err == nil {
		_, err = w.svc.PublishReport(r.Context(), httpx.Actor(r.Context()), ref, f.V("report"))
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_report")+"#report")
}

// handlePhotoHide hides or shows a photo (organisers).
func (w *Web) handlePhotoHide(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "hide", "hidden")
	if err != nil {
		return err
	}
	if err := w.svc.SetPhotoHidden(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("pid"), f.V("hidden") == "1"); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_saved")+"#photos")
}

// handleParticipants lists the participants for the organisers, with
// their answers, approval buttons and the CSV export.
func (w *Web) handleParticipants(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	return w.participantsPage(rw, r, http.StatusOK, d, ref, nil)
}

func (w *Web) participantsPage(rw http.ResponseWriter, r *http.Request, status int, d *manageData, ref service.EventRef, f *form) error {
	var err error
	if d.Participants, err = w.svc.Participants(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	var waiting []service.ParticipantView
	for _, p := range d.Participants {
		if p.Status == cortege.PartWaitlisted {
			waiting = append(waiting, p)
		}
	}
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].Position < waiting[j].Position })
	d.ranks = map[string]int{}
	for i, p := range waiting {
		d.ranks[p.ID] = i + 1
	}
	switch fl := r.URL.Query().Get("status"); fl {
	case cortege.PartApproved, cortege.PartPending, cortege.PartWaitlisted, cortege.PartAttended, cortege.PartRefused, cortege.PartCancelled, cortege.PartUnconfirmed, cortege.PartInvited:
		d.Filter = fl
	}
	return w.renderManage(rw, r, status, "event_participants", "event.participants.title", d, f)
}

// handleParticipantsCSV downloads the participants as CSV.
func (w *Web) handleParticipantsCSV(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	b, err := w.svc.ExportParticipants(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="participants-`+safeFile(er.ID)+`.csv"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = rw.Write(b)
	return err
}

// safeFile keeps the characters a file name may safely hold.
func safeFile(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, s)
}

// handleParticipantAnswer approves or refuses a registration, with an
// optional message the person receives.
func (w *Web) handleParticipantAnswer(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "answer", "message")
	if err == nil {
		a, pid := httpx.Actor(r.Context()), r.PathValue("pid")
		switch r.PathValue("verb") {
		case "approve":
			_, err = w.svc.Approve(r.Context(), a, ref, pid, f.V("message"))
		case "refuse":
			_, err = w.svc.Refuse(r.Context(), a, ref, pid, f.V("message"))
		default:
			return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
		}
	}
	if err != nil {
		if w.formFail(f, info(r).lang, err) == 0 {
			return err
		}
		return w.participantsPage(rw, r, httpx.Status(cortege.ErrorCode(err)), d, ref, f)
	}
	return w.redirect(rw, r, okPath(d.Ref.Path("/participants"), "event_answered"))
}

// handleEventInvite invites a profile by handle (invitation-only events).
func (w *Web) handleEventInvite(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "invite", "handle")
	if err == nil {
		_, err = w.svc.InviteToEvent(r.Context(), httpx.Actor(r.Context()), ref, f.V("handle"))
	}
	if err != nil {
		if w.formFail(f, info(r).lang, err) == 0 {
			return err
		}
		return w.participantsPage(rw, r, httpx.Status(cortege.ErrorCode(err)), d, ref, f)
	}
	return w.redirect(rw, r, okPath(d.Ref.Path("/participants"), "event_invited"))
}

// handleAnnounceForm shows the announcement form and those already sent.
func (w *Web) handleAnnounceForm(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	if d.Announcements, err = w.svc.Announcements(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	f := &form{Name: "announce", Values: map[string]string{"audience": cortege.AudienceApproved}}
	return w.renderManage(rw, r, http.StatusOK, "event_announce", "event.announce.title", d, f)
}

// handleAnnounce sends an announcement to the chosen participants.
func (w *Web) handleAnnounce(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	f, err := parseTextForm(rw, r, "announce", "audience", "subject", "body")
	if err == nil {
		_, err = w.svc.Announce(r.Context(), a, ref, f.V("audience"), f.V("subject"), f.V("body"))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		if d.Announcements, err = w.svc.Announcements(r.Context(), a, ref); err != nil {
			return err
		}
		return w.renderManage(rw, r, status, "event_announce", "event.announce.title", d, f)
	}
	return w.redirect(rw, r, okPath(d.Ref.Path("/announce"), "event_announced"))
}

// handleOrganisers shows the organising groups, with forms to add one of
// the actor's groups or invite another group to co-organise.
func (w *Web) handleOrganisers(rw http.ResponseWriter, r *http.Request) error {
	d, _, err := w.managed(r)
	if err != nil {
		return err
	}
	if d.Groups, err = w.svc.OrganisableGroups(r.Context(), httpx.Actor(r.Context())); err != nil {
		return err
	}
	return w.renderManage(rw, r, http.StatusOK, "event_organisers", "event.organisers.title", d, nil)
}

// handleOrganiserAdd adds one of the actor's groups (group=ID) or invites
// another by its handle (handle=@name).
func (w *Web) handleOrganiserAdd(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	f, err := parseTextForm(rw, r, "organiser", "group", "handle")
	key := "event_group_added"
	if err == nil {
		if f.V("group") != "" {
			err = w.svc.AddGroupOrganiser(r.Context(), a, ref, f.V("group"))
		} else {
			var g *cortege.Group
			g, err = w.svc.GroupByHandle(r.Context(), a, strings.TrimPrefix(strings.TrimSpace(f.V("handle")), "@"))
			if cortege.IsNotFound(err) || err == nil && g == nil {
				err = invalid("handle", "err.group.not_found")
			}
			if err == nil {
				err, key = w.svc.InviteCoOrganiser(r.Context(), a, ref, g.ID), "event_group_invited"
			}
		}
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		if d.Groups, err = w.svc.OrganisableGroups(r.Context(), a); err != nil {
			return err
		}
		return w.renderManage(rw, r, status, "event_organisers", "event.organisers.title", d, f)
	}
	return w.redirect(rw, r, okPath(d.Ref.Path("/organisers"), key))
}

// handleOrganiserRemove takes a group off the organisers.
func (w *Web) handleOrganiserRemove(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	if err := w.svc.RemoveGroupOrganiser(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("gid")); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path("/organisers"), "event_saved"))
}

// coOrgData lists the invitations to co-organise, by group administered.
type coOrgData struct {
	Groups []coOrgGroup
}

type coOrgGroup struct {
	Group  *cortege.Group
	Events []eventItem
}

// handleCoOrgInvitations shows the events that the groups the actor
// administers are invited to co-organise.
func (w *Web) handleCoOrgInvitations(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	gs, err := w.svc.AdministeredGroups(r.Context(), a)
	if err != nil {
		return err
	}
	d := &coOrgData{}
	for _, g := range gs {
		evs, err := w.svc.CoOrganiserInvitations(r.Context(), a, g.ID)
		if err != nil {
			return err
		}
		cg := coOrgGroup{Group: g}
		for _, e := range evs {
			cg.Events = append(cg.Events, itemOf(info(r).lang, e))
		}
		if len(cg.Events) > 0 {
			d.Groups = append(d.Groups, cg)
		}
	}
	return w.render(rw, r, http.StatusOK, "event_invitations", "event.invitations.title", d, nil)
}

// handleCoOrgAnswer accepts or declines an invitation to co-organise.
func (w *Web) handleCoOrgAnswer(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "coorg", "event", "group", "accept")
	if err != nil {
		return err
	}
	accept := f.V("accept") == "1"
	if err := w.svc.AnswerCoOrganiser(r.Context(), httpx.Actor(r.Context()), f.V("event"), f.V("group"), accept); err != nil {
		return err
	}
	if accept {
		return w.redirect(rw, r, "/events/"+f.V("event")+"?ok=event_coorg_accepted")
	}
	return w.redirect(rw, r, "/events/invitations?ok=event_coorg_declined")
}
