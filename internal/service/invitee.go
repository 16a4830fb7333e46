package service

import (
	"context"
	"slices"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// InviteReport says what a pasted list of invitations did: how many were
// invited, and each piece that was not, by line.
type InviteReport struct {
	Invited  int
	Problems []cortege.InviteeProblem
	// Cap, when set, says which cap stopped the rest and when the next
	// invitation can go.
	Cap *cortege.InviteCap
}

// Unsent is the pieces not invited, one a line, for the form to show
// again so they can be corrected and sent.
func (r *InviteReport) Unsent() string {
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// InviteList invites everyone a pasted list names (cortege.ParseInvitees):
// an address gets a link by mail, a @handle an invitation on its
// dashboard; nobody is added without accepting. A piece that names nobody
// or cannot be invited (already a member, already invited, unknown
// handle, over the inviter's caps) comes back in the report with its line,
// and the others are invited all the same. Those who may invite.
func (s *Service) InviteList(ctx context.Context, a cortege.Actor, groupID, list, message string) (*InviteReport, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	// Whether the actor may invite comes before what they sent.
	if _, _, err := s.need(ctx, s.db.Q(), a, groupID, cortege.ActInvite); err != nil {
		return nil, err
	}
	if len(list) > cortege.MaxInviteeText {
		return nil, cortege.Invalid("who", "err.invitees.too_long")
	}
	message, err := checkNote("message", message, cortege.MaxMembershipMessage)
	if err != nil {
		return nil, err
	}
	people, bad := cortege.ParseInvitees(list)
	switch {
	case len(people) == 0 && len(bad) == 0:
		return nil, cortege.Invalid("who", "err.invite.who")
	case len(people) == 0 && len(bad) == 1:
		// One person typed, not a list: the error itself, as for one.
		return nil, cortege.Invalid("who", bad[0].Message)
	}
	var single error // the one person's error, when the list names one
	rep := &InviteReport{}
	err = s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActInvite)
		if err != nil {
			return err
		}
		quota, err := s.inviteQuota(ctx, q, a)
		if err != nil {
			return err
		}
		defer func() { rep.Cap = s.inInstanceZone(ctx, quota.capReached()) }()
		for _, p := range people {
			text := p.Email
			if p.Handle != "" {
				text = "@" + p.Handle
			}
			if ok, err := quota.allow(ctx, q); err != nil {
				return err
			} else if !ok {
				bad = append(bad, cortege.InviteeProblem{Line: p.Line, Text: text, Message: overCap(quota)})
				continue
			}
			if p.Handle != "" {
				err = s.inviteProfile(ctx, q, a, g, p.Handle, message)
			} else {
				_, err = s.inviteEmail(ctx, q, g, a.Profile.ID, p.Email, p.Name, message)
			}
			switch e := cortege.ErrorOf(err); {
			case err == nil:
				if err := quota.record(ctx, q, g.ID); err != nil {
					return err
				}
				rep.Invited++
			case e != nil && (e.Code == cortege.EINVALID || e.Code == cortege.ECONFLICT):
				bad = append(bad, cortege.InviteeProblem{Line: p.Line, Text: text, Message: inviterSays(e.Message)})
				single = &cortege.Error{Code: e.Code, Field: "who", Message: inviterSays(e.Message)}
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(people) == 1 && len(bad) == 1 && single != nil {
		return nil, single
	}
	slices.SortStableFunc(bad, func(x, y cortege.InviteeProblem) int { return x.Line - y.Line })
	rep.Problems = bad
	return rep, nil
}

// overCap is the line message of a person not invited for the caps.
func overCap(u *inviteQuota) string {
	if u.held {
		return "err.invite.held"
	}
	return "err.invitees.over_cap"
}

// inviterSays words, for the one who invites, what the service tells the
// one who joins ("you are already a member").
func inviterSays(key string) string {
	switch key {
	case "err.group.already_member":
		return "err.invitees.already_member"
	case "err.group.blocked":
		return "err.invitees.blocked"
	}
	return key
}
