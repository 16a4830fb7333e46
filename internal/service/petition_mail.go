package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Job kinds of petitions.
const (
	petitionMailJob   = "petition.mail"   // one mail to one signer or organiser
	petitionFanoutJob = "petition.fanout" // queues the mails of an answer or a milestone, a page at a time
	petitionSweepJob  = "petition.sweep"  // closes petitions past their end, purges expired links
)

// Kinds of petition mail.
const (
	petitionMailConfirm   = mail.PetitionMailConfirm
	petitionMailAlready   = mail.PetitionMailAlready
	petitionMailAnswered  = mail.PetitionMailAnswered
	petitionMailMilestone = mail.PetitionMailMilestone
)

// fanoutPage is how many signers one fan-out job queues before queueing
// the next page.
const fanoutPage = 500

// petitionMail is the payload of a petition mail job.
type petitionMail struct {
	Kind        string `json:"kind"`
	PetitionID  string `json:"petition_id"`
	SignatureID string `json:"signature_id,omitempty"`
	ProfileID   string `json:"profile_id,omitempty"` // an organiser (milestone)
	Milestone   int    `json:"milestone,omitempty"`
	Count       int    `json:"count,omitempty"`
}

// petitionFanout is the payload of a fan-out job: the answer's mails to
// signers after the ID After, or a milestone's to the organisers.
type petitionFanout struct {
	Kind       string `json:"kind"`
	PetitionID string `json:"petition_id"`
	After      string `json:"after,omitempty"`
	Milestone  int    `json:"milestone,omitempty"`
	Count      int    `json:"count,omitempty"`
}

func (s *Service) registerPetitionJobs(r *jobs.Runner, m Mailer) {
	r.Register(petitionMailJob, func(ctx context.Context, p json.RawMessage) error { return s.runPetitionMail(ctx, m, p) })
	r.Register(petitionFanoutJob, func(ctx context.Context, p json.RawMessage) error { return s.runPetitionFanout(ctx, p) })
	r.Register(petitionSweepJob, func(ctx context.Context, _ json.RawMessage) error { return s.SweepPetitions(ctx) })
	r.Every(petitionSweepJob, 5*time.Minute)
	s.registerPetitionLogJobs(r)
}

func (s *Service) enqueuePetitionMail(ctx context.Context, q *store.Q, m petitionMail, key string) error {
	return enqueue(ctx, q, petitionMailJob, m, jobs.Options{Key: key})
}

// enqueuePetitionFanout queues the mails telling signers of the answer.
func (s *Service) enqueuePetitionFanout(ctx context.Context, q *store.Q, petitionID string) error {
	return enqueue(ctx, q, petitionFanoutJob, petitionFanout{Kind: petitionMailAnswered, PetitionID: petitionID},
		jobs.Options{Key: "petition:answered:" + petitionID})
}

// enqueuePetitionFanoutMilestone queues, once per petition and milestone,
// the organisers' notice; it runs off the signing transaction's path.
func (s *Service) enqueuePetitionFanoutMilestone(ctx context.Context, q *store.Q, petitionID string, milestone, count int) error {
	return enqueue(ctx, q, petitionFanoutJob, petitionFanout{Kind: petitionMailMilestone, PetitionID: petitionID, Milestone: milestone, Count: count},
		jobs.Options{Key: fmt.Sprintf("petition:milestone:%s:%d", petitionID, milestone)})
}

// DefaultSignatureRetention is how long signers' names and addresses
// outlive the closing of their petition: six months, time for the
// hand-over and the answer. Counts stay.
const DefaultSignatureRetention = 183 * 24 * time.Hour

// unconfirmedKept is how long a signature never confirmed is kept: a
// little longer than its confirmation link works.
const unconfirmedKept = 8 * 24 * time.Hour

// SweepPetitions closes the petitions past their end date, deletes
// confirmation links expired for a day and signatures never confirmed
// after eight days, and erases the signers of
// petitions closed longer ago than the retention. A job runs it every five
// minutes.
func (s *Service) SweepPetitions(ctx context.Context) error {
	if err := s.ClosePetitionsDue(ctx); err != nil {
		return err
	}
	q := s.db.Q()
	if err := q.PurgeSignatureTokens(ctx, s.now().Add(-24*time.Hour)); err != nil {
		return err
	}
	if err := q.DeleteUnconfirmedSignatures(ctx, s.now().Add(-unconfirmedKept)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		_, err := q.EraseClosedSigners(ctx, s.now().Add(-s.SignatureRetention()))
		return err
	})
}

// runPetitionFanout queues one mail job per recipient, keyed so a job run
// twice queues each once.
func (s *Service) runPetitionFanout(ctx context.Context, raw json.RawMessage) error {
	var f petitionFanout
	if err := json.Unmarshal(raw, &f); err != nil {
		return jobs.Permanent(err)
	}
	return s.inTx(ctx, func(q *store.Q) error {
		p, err := q.PetitionByID(ctx, f.PetitionID)
		if cortege.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if f.Kind == petitionMailMilestone {
			ids, err := s.petitionOrganiserProfiles(ctx, q, p)
			if err != nil {
				return err
			}
			for _, id := range ids {
				m := petitionMail{Kind: f.Kind, PetitionID: p.ID, ProfileID: id, Milestone: f.Milestone, Count: f.Count}
				if err := s.enqueuePetitionMail(ctx, q, m, fmt.Sprintf("petition:milestone:%s:%d:%s", p.ID, f.Milestone, id)); err != nil {
					return err
				}
			}
			return nil
		}
		ids, err := q.SignaturesToTell(ctx, p.ID, f.After, fanoutPage)
		if err != nil {
			return err
		}
		for _, id := range ids {
			m := petitionMail{Kind: petitionMailAnswered, PetitionID: p.ID, SignatureID: id}
			if err := s.enqueuePetitionMail(ctx, q, m, "petition:answered:"+p.ID+":"+id); err != nil {
				return err
			}
		}
		if len(ids) < fanoutPage {
			return nil
		}
		next := petitionFanout{Kind: f.Kind, PetitionID: p.ID, After: ids[len(ids)-1]}
		return enqueue(ctx, q, petitionFanoutJob, next, jobs.Options{Key: "petition:answered:" + p.ID + ":after:" + next.After})
	})
}

// petitionOrganiserProfiles lists the profiles told of a petition's
// milestones: its creator and the administrators of its co-signing groups.
func (s *Service) petitionOrganiserProfiles(ctx context.Context, q *store.Q, p *cortege.Petition) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	add(p.CreatedBy)
	orgs, err := q.PetitionOrganizers(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Status != cortege.OrganiserAccepted {
			continue
		}
		admins, err := q.GroupProfilesWithRole(ctx, o.GroupID, cortege.GroupAdmin)
		if err != nil {
			return nil, err
		}
		for _, id := range admins {
			add(id)
		}
	}
	return out, nil
}

// runPetitionMail renders and sends one petition mail. A confirmation
// mints its single-use token here, so no secret waits in the queue.
func (s *Service) runPetitionMail(ctx context.Context, m Mailer, raw json.RawMessage) error {
	var job petitionMail
	if err := json.Unmarshal(raw, &job); err != nil {
		return jobs.Permanent(err)
	}
	q := s.db.Q()
	p, err := q.PetitionByID(ctx, job.PetitionID)
	if cortege.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	d := mail.PetitionNoticeData{InstanceName: set.Name, Kind: job.Kind, Title: p.Title, Addressee: p.Addressee,
		PetitionURL: s.petitionURL(p.ID), Answer: p.Answer, Milestone: job.Milestone, Count: job.Count, Goal: p.Goal}
	to, lang := "", p.Lang
	if job.Kind == petitionMailMilestone {
		prof, err := q.ProfileByID(ctx, job.ProfileID)
		if err != nil || prof.AccountID == "" {
			return nil
		}
		acc, err := q.AccountByID(ctx, prof.AccountID)
		if err != nil || acc.Status != cortege.AccountActive {
			return nil
		}
		to, lang = acc.Email, acc.Lang
	} else {
		g, err := q.SignatureByID(ctx, job.SignatureID)
		if cortege.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		switch {
		case g.Status == cortege.SignatureWithdrawn || g.Email == "":
			return nil
		case job.Kind == petitionMailConfirm && g.Status != cortege.SignatureUnconfirmed:
			return nil
		case job.Kind == petitionMailAnswered && (!g.Counts() || !g.Consented(cortege.ConsentPetitionUpdates)):
			return nil
		}
		to, lang, d.Email, d.FirstName = g.Email, g.Lang, g.Email, g.FirstName
		withdraw, err := s.linkToken(ctx, q, "petition-withdraw", g.ID)
		if err != nil {
			return err
		}
		d.WithdrawURL = s.URL(petitionPathPrefix + p.ID + "/withdraw?token=" + url.QueryEscape(withdraw))
		if job.Kind == petitionMailConfirm {
			tok := cortege.NewToken()
			if err := q.CreateSignatureToken(ctx, cortege.HashToken(tok), g.ID, s.now().Add(signConfirmTTL)); err != nil {
				return err
			}
			d.ConfirmURL = s.URL(petitionPathPrefix + p.ID + "/confirm?token=" + url.QueryEscape(tok))
			if s.cfg.LogLinks {
				s.log.Info("signature confirmation link (mail is written to files: no SMTP configured)", "url", d.ConfirmURL)
			}
		}
	}
	msg, err := m.Renderer.Message(lang, mail.TemplatePetitionNotice, mail.Address{Email: to}, d)
	if err != nil {
		return jobs.Permanent(err)
	}
	return m.Transport.Send(ctx, s.from(ctx), msg)
}
