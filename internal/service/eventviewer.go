package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// viewers works out what the rules need to know about a for each event
// of a list, as viewer does for one, in one statement for the whole list
// (none for a visitor): a list's cost does not grow with its length.
func (s *Service) viewers(ctx context.Context, q *store.Q, a cortege.Actor, evs []*cortege.Event) (map[string]cortege.EventViewer, error) {
	out := make(map[string]cortege.EventViewer, len(evs))
	base := cortege.EventViewer{SignedIn: a.SignedIn(), Admin: a.IsAdmin()}
	if !a.SignedIn() || a.Profile == nil {
		for _, e := range evs {
			out[e.ID] = base
		}
		return out, nil
	}
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	rel, err := q.EventRelations(ctx, a.Profile.ID, ids)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		v, r := base, rel[e.ID]
		v.Organiser = e.CreatedBy == a.Profile.ID || r.GroupOrganiser
		v.GroupMember, v.Status = r.GroupMember, r.Status
		out[e.ID] = v
	}
	return out, nil
}
