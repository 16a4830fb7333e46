package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// GroupConduct returns a group's code of conduct to anyone who may see the
// group; a group without one gives an empty code, not an error.
func (s *Service) GroupConduct(ctx context.Context, a cortege.Actor, groupID string) (*cortege.GroupConduct, error) {
	q := s.db.Q()
	g, _, err := s.groupAccess(ctx, q, a, groupID)
	if err != nil {
		return nil, err
	}
	return groupConduct(ctx, q, g.ID)
}

// SetGroupConduct writes (or, with an empty text, removes) a group's code
// of conduct; administrators only. Events the group organises without a
// code of their own show it from then on.
func (s *Service) SetGroupConduct(ctx context.Context, a cortege.Actor, groupID, text string, required bool) (*cortege.GroupConduct, error) {
	var out *cortege.GroupConduct
	err := s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActEditGroup)
		if err != nil {
			return err
		}
		c := &cortege.GroupConduct{GroupID: g.ID, Text: text, Required: required, UpdatedBy: profileID(a), UpdatedAt: s.now()}
		if err := c.Validate(); err != nil {
			return err
		}
		out = c
		return q.SetGroupConduct(ctx, c)
	})
	return out, err
}

func groupConduct(ctx context.Context, q *store.Q, groupID string) (*cortege.GroupConduct, error) {
	c, err := q.GroupConduct(ctx, groupID)
	if cortege.IsNotFound(err) {
		return &cortege.GroupConduct{GroupID: groupID}, nil
	}
	return c, err
}

// organisingGroups lists the groups that organise an event (accepted
// co-organisers included, invited ones not), the creating group first.
func organisingGroups(ctx context.Context, q *store.Q, eventID string) ([]*cortege.Group, error) {
	orgs, err := q.EventOrganizers(ctx, eventID)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Group
	for _, o := range orgs {
		if o.Status != cortege.OrganiserAccepted {
			continue
		}
		g, err := q.GroupByID(ctx, o.GroupID)
		if cortege.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// conductOf gathers the codes of conduct that apply to e when groups
// organise it (cortege.ConductOf decides).
func conductOf(ctx context.Context, q *store.Q, e *cortege.Event, groups []*cortege.Group) (cortege.EventConduct, error) {
	codes := map[string]*cortege.GroupConduct{}
	if e.Conduct == "" {
		for _, g := range groups {
			c, err := groupConduct(ctx, q, g.ID)
			if err != nil {
				return cortege.EventConduct{}, err
			}
			codes[g.ID] = c
		}
	}
	return cortege.ConductOf(e, groups, codes), nil
}

// eventConduct is conductOf for an event's current organising groups.
func eventConduct(ctx context.Context, q *store.Q, e *cortege.Event) (cortege.EventConduct, error) {
	groups, err := organisingGroups(ctx, q, e.ID)
	if err != nil {
		return cortege.EventConduct{}, err
	}
	return conductOf(ctx, q, e, groups)
}

// checkConductRequired refuses asking participants to accept a code of
// conduct when none applies: neither the event's own nor a group's.
func checkConductRequired(c cortege.EventConduct, e *cortege.Event) error {
	if e.ConductRequired && len(c.Codes) == 0 {
		return cortege.Invalid("conduct", "err.event.conduct_required")
	}
	return nil
}
