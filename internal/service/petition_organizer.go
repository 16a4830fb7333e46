package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// InvitePetitionGroup invites a group to co-sign (and co-edit) a
// petition; an organiser invites, the group's administrators accept. A
// group the inviter administers joins at once.
func (s *Service) InvitePetitionGroup(ctx context.Context, a cortege.Actor, petitionID, groupID string) (*cortege.PetitionOrganiser, error) {
	var out *cortege.PetitionOrganiser
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		if _, err := q.GroupByID(ctx, groupID); err != nil {
			return err
		}
		orgs, err := q.PetitionOrganizers(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.GroupID == groupID {
				return cortege.Errorf(cortege.ECONFLICT, "err.petition.group.already")
			}
		}
		status := cortege.OrganiserInvited
		if s.requireGroupAdmin(ctx, q, a, groupID) == nil {
			status = cortege.OrganiserAccepted
		}
		out = &cortege.PetitionOrganiser{PetitionID: p.ID, GroupID: groupID, Status: status, InvitedBy: a.Profile.ID, CreatedAt: s.now()}
		return q.AddPetitionOrganizer(ctx, out)
	})
	return out, err
}

// AnswerPetitionInvitation accepts or declines, for a group the actor
// administers, its invitation to co-sign a petition.
func (s *Service) AnswerPetitionInvitation(ctx context.Context, a cortege.Actor, petitionID, groupID string, accept bool) error {
	return s.inTx(ctx, func(q *store.Q) error {
		if err := s.requireGroupAdmin(ctx, q, a, groupID); err != nil {
			return err
		}
		orgs, err := q.PetitionOrganizers(ctx, petitionID)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.GroupID != groupID {
				continue
			}
			if o.Status != cortege.OrganiserInvited {
				return cortege.Errorf(cortege.ECONFLICT, "err.petition.group.already")
			}
			if accept {
				return q.SetPetitionOrganizerStatus(ctx, petitionID, groupID, cortege.OrganiserAccepted)
			}
			return q.RemovePetitionOrganizer(ctx, petitionID, groupID)
		}
		return cortege.Errorf(cortege.ENOTFOUND, "err.petition.invitation.not_found")
	})
}

// PetitionInvitations lists the co-signing invitations waiting for a group
// the actor administers.
func (s *Service) PetitionInvitations(ctx context.Context, a cortege.Actor, groupID string) ([]*cortege.PetitionOrganiser, error) {
	q := s.db.Q()
	if err := s.requireGroupAdmin(ctx, q, a, groupID); err != nil {
		return nil, err
	}
	return q.PetitionInvitationsForGroup(ctx, groupID)
}
