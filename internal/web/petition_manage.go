package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// petitionManage is the view model of a petition's management page.
type petitionManage struct {
	*PetitionTool
	State      string
	Done       string // catalogue key of the last action's confirmation
	CanPublish bool
	CanClose   bool
	CanAnswer  bool
	CanEdit    bool
	Groups     []petitionGroup
}

// petitionGroup is a group co-signing the petition or invited to.
type petitionGroup struct {
	Group   *cortege.Group
	Invited bool
}

// handlePetitionManage shows a petition's state and the steps open to its
// organisers, the co-signing groups and the way to the other tools.
func (w *Web) handlePetitionManage(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "manage")
	if err != nil {
		return err
	}
	return w.renderPetitionManage(rw, r, http.StatusOK, t, nil)
}

func (w *Web) renderPetitionManage(rw http.ResponseWriter, r *http.Request, status int, t *PetitionTool, f *form) error {
	a := httpx.Actor(r.Context())
	now := w.svc.Now()
	p := t.P()
	d := &petitionManage{PetitionTool: t, State: t.View.State, Done: doneKey(r), CanPublish: p.CanMove(cortege.PetitionPublished, now),
		CanClose: p.CanMove(cortege.PetitionClosed, now), CanAnswer: p.CanMove(cortege.PetitionAnswered, now), CanEdit: p.CanEdit(true, now)}
	for _, o := range t.View.Organisers {
		g, err := w.svc.GroupByID(r.Context(), a, o.GroupID)
		if cortege.IsNotFound(err) {
			continue
		} else if err != nil {
			return err
		}
		d.Groups = append(d.Groups, petitionGroup{Group: g, Invited: o.Status == cortege.OrganiserInvited})
	}
	return w.render(rw, r, status, "petition_manage", "ptools.manage.title", d, f)
}

// petitionStep runs one step of the lifecycle from a POST and goes back
// to the management page saying it was done.
func (w *Web) petitionStep(rw http.ResponseWriter, r *http.Request, done string, step func(a cortege.Actor, id string, f *form) error, fields ...string) error {
	return w.petitionStepKey(rw, r, &done, step, fields...)
}

// handlePetitionPublish opens a draft to signatures.
func (w *Web) handlePetitionPublish(rw http.ResponseWriter, r *http.Request) error {
	return w.petitionStep(rw, r, "published", func(a cortege.Actor, id string, _ *form) error {
		_, err := w.svc.PublishPetition(r.Context(), a, id)
		return err
	})
}

// handlePetitionClose ends the signing (after its confirmation page).
func (w *Web) handlePetitionClose(rw http.ResponseWriter, r *http.Request) error {
	return w.petitionStep(rw, r, "closed", func(a cortege.Actor, id string, _ *form) error {
		_, err := w.svc.ClosePetition(r.Context(), a, id)
		return err
	})
}

// handlePetitionAnswer records the addressee's answer (after its
// confirmation page): the signers who asked for news are told by mail.
func (w *Web) handlePetitionAnswer(rw http.ResponseWriter, r *http.Request) error {
	return w.petitionStep(rw, r, "answered", func(a cortege.Actor, id string, f *form) error {
		_, err := w.svc.RecordAnswer(r.Context(), a, id, f.V("answer"))
		return err
	}, "answer")
}

// confirmPetitionStep asks before an irreversible step, naming the
// petition; only its organisers are asked (others get the refusal).
func (w *Web) confirmPetitionStep(key string) confirmation {
	return confirmation{Key: key, About: func(r *http.Request) (string, bool, error) {
		t, err := w.organisedPetition(r, "manage")
		if err != nil {
			return "", false, err
		}
		if key == "ptools_answer" && r.Method == http.MethodPost && strings.TrimSpace(r.PostForm.Get("answer")) == "" {
			return "", false, nil // nothing to record: the form says so without asking
		}
		return t.P().Title, true, nil
	}}
}

// handlePetitionInvite invites a group, by its handle, to co-sign; a
// group the organiser administers joins at once.
func (w *Web) handlePetitionInvite(rw http.ResponseWriter, r *http.Request) error {
	done := "invited"
	return w.petitionStepKey(rw, r, &done, func(a cortege.Actor, id string, f *form) error {
		handle := strings.TrimPrefix(strings.TrimSpace(f.V("handle")), "@")
		if handle == "" {
			return invalid("handle", "err.ptools.handle.required")
		}
		g, err := w.svc.GroupByHandle(r.Context(), a, handle)
		if cortege.IsNotFound(err) || err == nil && g == nil {
			return invalid("handle", "err.group.not_found")
		} else if err != nil {
			return err
		}
		o, err := w.svc.InvitePetitionGroup(r.Context(), a, id, g.ID)
		if err == nil && o.Status == cortege.OrganiserAccepted {
			done = "group_added"
		}
		if cortege.ErrorCode(err) == cortege.ECONFLICT { // co-signing or invited already
			return invalid("handle", "err.petition.group.already")
		}
		return err
	}, "handle")
}

// petitionStepKey is petitionStep whose confirmation the step chooses.
func (w *Web) petitionStepKey(rw http.ResponseWriter, r *http.Request, done *string, step func(a cortege.Actor, id string, f *form) error, fields ...string) error {
	t, err := w.organisedPetition(r, "manage")
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "step", fields...)
	if err == nil {
		err = step(httpx.Actor(r.Context()), t.P().ID, f)
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderPetitionManage(rw, r, status, t, f)
	}
	return w.redirect(rw, r, t.Path("/manage?done="+*done))
}

// petitionInvitation is one petition a group is invited to co-sign.
type petitionInvitation struct {
	Group    *cortege.Group
	Petition *cortege.Petition
}

// petitionInvitations lists the invitations waiting for the groups the
// actor administers.
func (w *Web) petitionInvitations(r *http.Request) ([]petitionInvitation, error) {
	a := httpx.Actor(r.Context())
	gs, err := w.svc.AdministeredGroups(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var out []petitionInvitation
	for _, g := range gs {
		invs, err := w.svc.PetitionInvitations(r.Context(), a, g.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range invs {
			v, err := w.svc.Petition(r.Context(), a, o.PetitionID)
			if cortege.IsNotFound(err) {
				continue // a draft: the group sees it once it accepts
			} else if err != nil {
				return nil, err
			}
			out = append(out, petitionInvitation{Group: g, Petition: v.Petition})
		}
	}
	return out, nil
}

// petitionInvitationsPage is the view model of the invitations page.
type petitionInvitationsPage struct {
	Invitations []petitionInvitation
	Done        string
}

// handlePetitionInvitations shows a group's administrators the petitions
// their groups are invited to co-sign, to accept or decline.
func (w *Web) handlePetitionInvitations(rw http.ResponseWriter, r *http.Request) error {
	invs, err := w.petitionInvitations(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "petition_invitations", "ptools.invitations.title",
		&petitionInvitationsPage{Invitations: invs, Done: doneKey(r)}, nil)
}

// handlePetitionInvitationAnswer accepts or declines an invitation.
func (w *Web) handlePetitionInvitationAnswer(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "coinvite", "petition", "group", "accept")
	if err != nil {
		return err
	}
	accept := f.V("accept") == "1"
	if err := w.svc.AnswerPetitionInvitation(r.Context(), httpx.Actor(r.Context()), f.V("petition"), f.V("group"), accept); err != nil {
		return err
	}
	if accept {
		return w.redirect(rw, r, "/petitions/"+f.V("petition")+"/manage?done=accepted")
	}
	return w.redirect(rw, r, "/petitions/invitations?done=declined")
}
