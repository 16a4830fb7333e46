package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
)

// demoSetting records when `cortege demo` filled the instance.
const demoSetting = "demo.filled_at"

// HasContent reports whether the instance already holds groups or events
// (listed or awaiting approval, published events of any visibility) or the
// demo itself, so that `cortege demo` does not mix its fictitious content
// with real organising. It is for the operator at the command line, who
// needs no actor, and reveals nothing but a yes or no.
func (s *Service) HasContent(ctx context.Context) (bool, error) {
	q := s.db.Q()
	if v, err := q.Setting(ctx, demoSetting, ""); err != nil || v != "" {
		return v != "", err
	}
	if n, err := q.CountListedGroups(ctx, ""); err != nil || n > 0 {
		return n > 0, err
	}
	if gs, err := q.GroupsAwaitingApproval(ctx, 1, 0); err != nil || len(gs) > 0 {
		return len(gs) > 0, err
	}
	es, err := q.EventsStartingBetween(ctx, time.Unix(0, 0), time.Unix(1<<40, 0), 1)
	return len(es) > 0, err
}

// MarkDemo records that the demo content was added, so a second run is
// refused; administrators only.
func (s *Service) MarkDemo(ctx context.Context, a cortege.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.db.Q().PutSetting(ctx, demoSetting, s.now().Format(time.RFC3339))
}

// GroupSearchText is the folded text a group is found by, for the scale
// generator (cortege demo --scale), which writes groups through the store.
func GroupSearchText(g *cortege.Group) string { return groupSearchText(g) }
