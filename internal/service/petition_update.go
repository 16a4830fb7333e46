package service

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/store"
)

// Job kinds of petition updates.
const (
	petitionUpdateFanoutJob = "petition.update_fanout" // queues an update's mails, a page of signers at a time
	petitionUpdateMailJob   = "petition.update_mail"   // one update to one signer
)

// Limits of petition updates.
const (
	// updatesPerPetition an updatesWindow: news, not a stream.
	updatesPerPetition = 10
	updatesWindow      = 24 * time.Hour
	// MaxPetitionUpdates caps one page of PetitionUpdates.
	MaxPetitionUpdates = 50
)

// petitionUnsubscribePurpose is the purpose of the HMAC that makes the
// one-click unsubscribe link of a signer's update mails: apart from the
// withdrawal link's, so that a mail provider following the unsubscribe
// link can never withdraw a signature.
const petitionUnsubscribePurpose = "petition-unsubscribe"

// petitionUpdateFanout is the payload of a fan-out job: the mails of an
// update to the signers after the signature ID After; the first page
// (After "") also tells the organising groups' members.
type petitionUpdateFanout struct {
	UpdateID string `json:"update_id"`
	After    string `json:"after,omitempty"`
}

// petitionUpdateMail is the payload of one update's mail to one signer.
type petitionUpdateMail struct {
	UpdateID    string `json:"update_id"`
	SignatureID string `json:"signature_id"`
}

func (s *Service) registerPetitionUpdateJobs(r *jobs.Runner, m Mailer) {
	r.Register(petitionUpdateFanoutJob, func(ctx context.Context, p json.RawMessage) error { return s.runPetitionUpdateFanout(ctx, p) })
	r.Register(petitionUpdateMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runPetitionUpdateMail(ctx, m, p) })
}

// petitionUpdatePath is where an update is read: on its petition's
// updates page, at its anchor.
func petitionUpdatePath(u *cortege.PetitionUpdate) string {
	return petitionPathPrefix + u.PetitionID + "/updates#update-" + u.ID
}

// PostPetitionUpdate publishes news on a petition: its organisers, once
// it is published (a draft has nobody to tell), at most ten a day. The
// update goes, by jobs queued in the same transaction, to the confirmed
// signers who agreed to hear from the petition (by mail, with a
// one-click unsubscribe) and to the members of the co-signing groups
// (as group activity: their notification settings and daily digest
// apply).
func (s *Service) PostPetitionUpdate(ctx context.Context, a cortege.Actor, petitionID, title, body string) (*cortege.PetitionUpdate, error) {
	now := s.now()
	u := &cortege.PetitionUpdate{ID: cortege.NewID(now), PetitionID: petitionID, Title: title, Body: body, CreatedAt: now}
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		if p.State == cortege.PetitionDraft {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition_update.draft")
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := s.limitIn(ctx, q, "petition:update:"+p.ID, updatesPerPetition, updatesWindow); err != nil {
			return err
		}
		u.PetitionID, u.ByProfile = p.ID, a.Profile.ID
		if err := q.CreatePetitionUpdate(ctx, u); err != nil {
			return err
		}
		return enqueue(ctx, q, petitionUpdateFanoutJob, petitionUpdateFanout{UpdateID: u.ID},
			jobs.Options{Key: "petition:update:" + u.ID})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// PetitionUpdates lists a petition's updates to anyone who may see it,
// newest first, a page at a time (before: the cursor the previous page
// returned, "" at the end).
func (s *Service) PetitionUpdates(ctx context.Context, a cortege.Actor, petitionID, before string, limit int) ([]*cortege.PetitionUpdate, string, error) {
	if limit <= 0 || limit > MaxPetitionUpdates {
		limit = MaxPetitionUpdates
	}
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, petitionID); err != nil {
		return nil, "", err
	}
	us, err := q.PetitionUpdates(ctx, petitionID, before, limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(us) > limit {
		us = us[:limit]
		next = us[limit-1].ID
	}
	return us, next, nil
}

// runPetitionUpdateFanout queues one mail job per consenting signer of a
// page, keyed so a job run twice queues each once, then the next page;
// the first page also queues the group members' notices.
func (s *Service) runPetitionUpdateFanout(ctx context.Context, raw json.RawMessage) error {
	var f petitionUpdateFanout
	if err := json.Unmarshal(raw, &f); err != nil {
		return jobs.Permanent(err)
	}
	return s.inTx(ctx, func(q *store.Q) error {
		u, err := q.PetitionUpdateByID(ctx, f.UpdateID)
		if cortege.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if f.After == "" {
			if err := s.tellPetitionGroups(ctx, q, u); err != nil {
				return err
			}
		}
		ids, err := q.SignaturesToTell(ctx, u.PetitionID, f.After, fanoutPage)
		if err != nil {
			return err
		}
		for _, id := range ids {
			m := petitionUpdateMail{UpdateID: u.ID, SignatureID: id}
			if err := enqueue(ctx, q, petitionUpdateMailJob, m, jobs.Options{Key: "petition:update:" + u.ID + ":" + id}); err != nil {
				return err
			}
		}
		if len(ids) < fanoutPage {
			return nil
		}
		next := petitionUpdateFanout{UpdateID: u.ID, After: ids[len(ids)-1]}
		return enqueue(ctx, q, petitionUpdateFanoutJob, next, jobs.Options{Key: "petition:update:" + u.ID + ":after:" + next.After})
	})
}

// tellPetitionGroups queues, for the active members of each group
// co-signing the petition, a notice of the update as group activity (a
// new post: those who chose the daily digest get it there). A member of
// several groups is told once; the author is not told.
func (s *Service) tellPetitionGroups(ctx context.Context, q *store.Q, u *cortege.PetitionUpdate) error {
	orgs, err := q.PetitionOrganizers(ctx, u.PetitionID)
	if err != nil {
		return err
	}
	author := ""
	if u.ByProfile != "" {
		if p, err := q.ProfileByID(ctx, u.ByProfile); err == nil {
			author = p.Name()
		}
	}
	for _, o := range orgs {
		if o.Status != cortege.OrganiserAccepted {
			continue
		}
		g, err := q.GroupByID(ctx, o.GroupID)
		if cortege.IsNotFound(err) {
			continue
		} else if err != nil {
			return err
		}
		for off := 0; ; off += 500 {
			ms, err := q.GroupMembers(ctx, g.ID, cortege.MemberActive, false, 500, off)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.ProfileID == u.ByProfile {
					continue
				}
				n := notice{ProfileID: m.ProfileID, Kind: cortege.NotifyNewPost, Group: g.Name, Actor: author,
					Subject: u.Title, Text: markdown.Plain(u.Body, 600), Path: petitionUpdatePath(u)}
				if err := queueNotice(ctx, q, n, "petition-update:"+u.ID); err != nil {
					return err
				}
			}
			if len(ms) < 500 {
				break
			}
		}
	}
	return nil
}

// runPetitionUpdateMail sends one update to one signer, if the signature
// still counts and its consent still holds when the job runs (a signer
// who withdrew or unsubscribed in between gets nothing). A signer with
// an account who chose the daily digest gets it there instead.
func (s *Service) runPetitionUpdateMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job petitionUpdateMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	u, err := q.PetitionUpdateByID(ctx, job.UpdateID)
	if cortege.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	p, err := q.PetitionByID(ctx, u.PetitionID)
	if cortege.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	g, err := q.SignatureByID(ctx, job.SignatureID)
	if cortege.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if !g.Counts() || g.Email == "" || !g.Consented(cortege.ConsentPetitionUpdates) {
		return nil
	}
	if g.ProfileID != "" {
		if acc, _, err := noticeRecipient(ctx, q, g.ProfileID); err != nil {
			return err
		} else if acc != nil {
			prefs, err := q.NotificationPrefs(ctx, acc.ID)
			if err != nil {
				return err
			}
			if prefs[digestPref] {
				sep := ": "
				if acc.Lang != "en" {
					sep = "\u00a0: "
				}
				return q.AddDigestItem(ctx, &store.DigestItem{AccountID: acc.ID, Title: p.Title + sep + u.Title,
					Body: markdown.Plain(u.Body, 600), URL: s.URL(petitionUpdatePath(u))})
			}
		}
	}
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	withdraw, err := s.linkToken(ctx, q, "petition-withdraw", g.ID)
	if err != nil {
		return err
	}
	unsub, err := s.linkToken(ctx, q, petitionUnsubscribePurpose, g.ID)
	if err != nil {
		return err
	}
	base := petitionPathPrefix + p.ID
	d := mail.PetitionUpdateData{InstanceName: set.Name, PetitionTitle: p.Title, Title: u.Title, Body: u.Body,
		UpdateURL: s.URL(petitionUpdatePath(u)), PetitionURL: s.petitionURL(p.ID),
		GatheringsURL:  s.URL(base + "/gatherings?postcode=" + url.QueryEscape(g.Postal) + "&token=" + url.QueryEscape(withdraw)),
		WithdrawURL:    s.URL(base + "/withdraw?token=" + url.QueryEscape(withdraw)),
		UnsubscribeURL: s.URL(base + "/unsubscribe?signature=" + url.QueryEscape(g.ID) + "&token=" + url.QueryEscape(unsub)),
	}
	msg, err := m.Renderer.Message(g.Lang, mail.TemplatePetitionUpdate, mail.Address{Email: g.Email}, d)
	if err != nil {
		return jobs.Permanent(err)
	}
	err = m.Transport.Send(ctx, s.from(ctx), msg)
	if errors.Is(err, mail.ErrInvalidMessage) {
		return jobs.Permanent(err)
	}
	return err
}

// PetitionUnsubscribe is what a signer's unsubscribe link is about.
type PetitionUnsubscribe struct {
	Petition *cortege.Petition
	// Subscribed says the signer still hears from the petition.
	Subscribed bool
}

// CheckPetitionUnsubscribe checks a signer's one-click unsubscribe link
// without using it (the GET of the link shows a button).
func (s *Service) CheckPetitionUnsubscribe(ctx context.Context, signatureID, token string) (*PetitionUnsubscribe, error) {
	q := s.db.Q()
	g, err := s.unsubscribeSignature(ctx, q, signatureID, token)
	if err != nil {
		return nil, err
	}
	p, err := q.PetitionByID(ctx, g.PetitionID)
	if err != nil {
		return nil, err
	}
	return &PetitionUnsubscribe{Petition: p, Subscribed: g.Consented(cortege.ConsentPetitionUpdates)}, nil
}

// UnsubscribePetitionUpdates is the one-click unsubscribe of a signer
// from a petition's updates (RFC 8058: a POST with no confirmation page,
// the link is the authority): the consent turns to refused, the signature
// stays. Using a link twice is harmless.
func (s *Service) UnsubscribePetitionUpdates(ctx context.Context, signatureID, token string) (*cortege.Petition, error) {
	var p *cortege.Petition
	err := s.inTx(ctx, func(q *store.Q) error {
		g, err := s.unsubscribeSignature(ctx, q, signatureID, token)
		if err != nil {
			return err
		}
		if p, err = q.PetitionByID(ctx, g.PetitionID); err != nil {
			return err
		}
		return q.RefuseSignatureConsent(ctx, g.ID, cortege.ConsentPetitionUpdates)
	})
	return p, err
}

// unsubscribeSignature finds the signature of an unsubscribe link.
func (s *Service) unsubscribeSignature(ctx context.Context, q *store.Q, signatureID, token string) (*cortege.Signature, error) {
	bad := cortege.Invalid("token", "err.petition_update.unsubscribe.invalid")
	if !cortege.ValidIDShape(signatureID) || !cortege.ValidTokenShape(token) ||
		!s.checkLinkToken(ctx, q, petitionUnsubscribePurpose, signatureID, token) {
		return nil, bad
	}
	g, err := q.SignatureByID(ctx, signatureID)
	if cortege.IsNotFound(err) {
		return nil, bad
	}
	return g, err
}
