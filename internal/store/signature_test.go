package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestPetitionStatementsUseTheirIndexes: every petition statement finds
// its rows by index; none walks a whole table (SQLite's plans).
func TestPetitionStatementsUseTheirIndexes(t *testing.T) {
	db := testkit.OpenDB(t)
	if db.Dialect != store.SQLite {
		t.Skip("SQLite's query plans")
	}
	fullScan := regexp.MustCompile(`SCAN (petitions|signatures|signature_tokens|signature_consents|petition_organizers|petition_counts|petition_departement_counts|[a-z])\b( |$)`)
	for name, args := range map[string][]any{
		"PetitionByID":                 {"p"},
		"ClosePetitionsDue":            {1, 1},
		"IsPetitionGroupAdmin":         {"p", "u"},
		"PetitionOrganizers":           {"p"},
		"PetitionInvitationsForGroup":  {"g"},
		"AddPetitionCounts":            {1, 0, 1, "p"},
		"PetitionCounts":               {"p"},
		"PetitionDepartementCounts":    {"p"},
		"SignatureByID":                {"s"},
		"SignatureByEmailKey":          {"p", "a@example.org", "erased:00"},
		"SignaturesOfProfile":          {"u"},
		"EraseSigner":                  {"erased:00", "s"},
		"SignatureByWithdrawHash":      {"h"},
		"MoveSignature":                {"confirmed", 1, "s", "unconfirmed"},
		"WithdrawSignature":            {1, "s", "confirmed"},
		"SignatureConsents":            {"s"},
		"UseSignatureToken":            {1, "h", 1},
		"PurgeSignatureTokens":         {1},
		"SignaturesToTell":             {"p", "", 10},
		"NetBursts":                    {"p", 1, 20, 50},
		"DomainBursts":                 {"p", 1, 20, 50},
		"SignaturesFromNet":            {"p", "k", 1, 2},
		"SignaturesFromDomain":         {"p", "d", 1, 2},
		"EraseClosedSigners":           {1},
		"EraseClosedConsents":          {1},
		"DeleteUnconfirmedSignatures":  {1},
		"DeleteSignatureConsents":      {"s"},
		"AddPetitionDepartementCounts": {"p", "69", 1, 0},
		"PublicSignatures":             {"p", "~", 20},
		"PetitionsOrganisedBy":         {"u", "u", 20},
	} {
		plan, err := db.QueryPlan(context.Background(), name, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %s", name, plan)
		if m := fullScan.FindString(plan); m != "" {
			t.Errorf("%s walks a table (%q):\n%s", name, m, plan)
		}
		// The bursts read the last hours only, not the whole petition.
		if (name == "NetBursts" || name == "DomainBursts") && !strings.Contains(plan, "signatures_recent (petition_id=? AND created_at>?)") {
			t.Errorf("%s reads more than the window:\n%s", name, plan)
		}
	}
}
