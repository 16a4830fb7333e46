package store_test

import (
	"context"
	"regexp"
	"testing"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestTargetStatementsUseTheirIndexes: the lookup of a place's targets
// and the counts find their rows by index; none walks a table, so a page
// costs the same with every mairie of France loaded (SQLite's plans; the
// union's own result, u, is what is sorted).
func TestTargetStatementsUseTheirIndexes(t *testing.T) {
	db := testkit.OpenDB(t)
	if db.Dialect != store.SQLite {
		t.Skip("SQLite's query plans")
	}
	fullScan := regexp.MustCompile(`SCAN (targets|target_places|interpellation_counts|t|p)\b( |$)`)
	for name, args := range map[string][]any{
		"TargetsAt":            {"69387", "69123", "69", 200},
		"TargetByKey":          {"k"},
		"TargetByID":           {"t"},
		"TargetPlaces":         {"t"},
		"DeleteTargetPlaces":   {"t"},
		"AddInterpellation":    {"p", "t", 1},
		"InterpellationCounts": {"p"},
	} {
		plan, err := db.QueryPlan(context.Background(), name, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %s", name, plan)
		if m := fullScan.FindString(plan); m != "" {
			t.Errorf("%s walks a table (%q):\n%s", name, m, plan)
		}
	}
}
