package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Announce sends the organisers' message to the participants whose status
// matches the audience (all, approved, pending, waitlisted, attended),
// anonymous ones included, by mail. It is not a forum: nobody replies. It
// returns the announcement with how many it was sent to.
func (s *Service) Announce(ctx context.Context, a cortege.Actor, ref EventRef, audience, subject, body string) (*cortege.Announcement, error) {
	// The organisers' right first: the limit is the event's, and nobody
	// else may use it up.
	ev, _, err := s.loadManaged(ctx, s.db.Q(), a, ref)
	if err != nil {
		return nil, err
	}
	now := s.now()
	an := &cortege.Announcement{ID: cortege.NewID(now), Audience: audience, Subject: subject, Body: body, CreatedAt: now}
	if err := an.Validate(); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, "announce:"+ev.ID, announcementsPerEvent, announcementWindow); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if err := an.Validate(); err != nil {
			return err
		}
		an.EventID = e.ID
		if a.Profile != nil {
			an.ByProfile = a.Profile.ID
		}
		ps, err := q.Participations(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if cortege.InAudience(audience, p.Status) {
				an.SentTo++
			}
		}
		if err := q.CreateAnnouncement(ctx, an); err != nil {
			return err
		}
		return s.notifyParticipants(ctx, q, e, mail.EventMailAnnouncement,
			eventMail{AnnouncementID: an.ID, Subject: an.Subject, Message: an.Body},
			func(p *store.Participant) bool { return cortege.InAudience(audience, p.Status) })
	})
	if err != nil {
		return nil, err
	}
	return an, nil
}

// Announcements lists the announcements of an event; organisers only.
func (s *Service) Announcements(ctx context.Context, a cortege.Actor, ref EventRef) ([]*cortege.Announcement, error) {
	q := s.db.Q()
	e, _, err := s.loadManaged(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return q.Announcements(ctx, e.ID)
}
