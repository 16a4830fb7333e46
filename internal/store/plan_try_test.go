package store_test

import (
	"context"
	"testing"

	"codeberg.org/cortege/cortege/internal/testkit"
)

func TestPlanTry(t *testing.T) {
	db := testkit.OpenDB(t)
	ctx := context.Background()
	lo, hi, from := int64(1), int64(1<<62), int64(5)
	for _, c := range []struct{ name string; args []any }{
		{"ListedEvents", []any{lo, hi, from, false, 0.0, 0.0, 0.0, 0.0, false, "", "", false, lo, from, 21, 0}},
		{"ListedEvents", []any{lo, hi, from, true, 40.0, 50.0, 1.0, 3.0, false, "", "", false, lo, from, 21, 0}},
		{"ListedEventsOfGroup", []any{"g", lo, hi, from, false, 0.0, 0.0, 0.0, 0.0, false, "", "", false, lo, from, 21, 0}},
		{"ListedEventsMatching", []any{"velo%paris", lo, hi, from, false, 0.0, 0.0, 0.0, 0.0, false, "", "", "", "", false, lo, from, 21, 0}},
		{"EventsByGroup", []any{"g", lo, hi, from, 21}},
		{"PastEventsByGroup", []any{"g", hi, from, 21, 0}},
		{"EventsOrganisedBy", []any{"p", "p", from, 50}},
		{"EventsJoinedBy", []any{"p", from, hi, 50}},
		{"SuggestedEvents", []any{from, "p", "p", "p", 20}},
		{"EventRelations", []any{"p", "p", "p", `["a","b"]`}},
		{"CountParticipations", []any{"e"}},
	} {
		p, err := db.Plan(ctx, c.name, c.args...)
		t.Logf("%s:\n%s %v", c.name, p, err)
	}
}
