package service

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// JoinRequest is a request to join a group the actor manages.
type JoinRequest struct {
	Group  *cortege.Group
	Member *cortege.Member
}

// RecentDiscussion is an active thread in one of the actor's groups.
type RecentDiscussion struct {
	Discussion *cortege.Discussion
	Group      *cortege.Group
}

// Dashboard is a signed-in person's "tableau de bord".
type Dashboard struct {
	Groups           []*cortege.MyGroup // active memberships and follows, with the role
	Invitations      []*cortege.MyGroup // invitations by handle waiting for an answer
	EmailInvitations []*InvitationView  // invitations sent to the account's address
	JoinRequests     []*JoinRequest     // requests to handle in the groups the actor manages
	Tasks            []*MyTask          // open tasks assigned to the actor
	Discussions      []*RecentDiscussion
	// Events (my upcoming events, suggested events from my groups) are
	// added by the events code, which reads Groups to find them.
}

// Dashboard gathers the actor's dashboard for its acting profile.
func (s *Service) Dashboard(ctx context.Context, a cortege.Actor) (*Dashboard, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	d := &Dashboard{}
	mine, err := q.MembershipsByProfile(ctx, a.Profile.ID)
	if err != nil {
		return nil, err
	}
	groups := map[string]*cortege.Group{}
	for _, mg := range mine {
		groups[mg.Group.ID] = mg.Group
		if mg.Group.Hidden && mg.Membership.Role != cortege.GroupAdmin {
			continue
		}
		switch mg.Membership.Status {
		case cortege.MemberActive:
			d.Groups = append(d.Groups, mg)
		case cortege.MemberInvited:
			d.Invitations = append(d.Invitations, mg)
		}
	}
	invs, err := q.PendingGroupInvitationsByEmail(ctx, a.Account.Email)
	if err != nil {
		return nil, err
	}
	if d.EmailInvitations, err = s.invitationViews(ctx, q, invs); err != nil {
		return nil, err
	}
	reqs, err := q.JoinRequestsToHandle(ctx, a.Profile.ID, 50)
	if err != nil {
		return nil, err
	}
	for _, m := range reqs {
		m.Profile = shownProfile(a, m.Profile)
		d.JoinRequests = append(d.JoinRequests, &JoinRequest{Group: groups[m.GroupID], Member: m})
	}
	if d.Tasks, err = s.MyTasks(ctx, a); err != nil {
		return nil, err
	}
	ds, err := q.LatestDiscussionsForProfile(ctx, a.Profile.ID, dashboardListLength)
	if err != nil {
		return nil, err
	}
	for _, disc := range ds {
		d.Discussions = append(d.Discussions, &RecentDiscussion{Discussion: disc, Group: groups[disc.GroupID]})
	}
	return d, nil
}
