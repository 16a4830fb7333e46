package service_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// groupNews is the consent to hear from the organising groups.
func groupNews(in service.SignInput) service.SignInput {
	in.Consents = append(in.Consents, cortege.Consent{Purpose: cortege.ConsentGroupNews, Given: true, Wording: "Recevoir les nouvelles des groupes"})
	return in
}

func TestSignatureExportRespectsConsentAndEscapesFormulas(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, alice, 100)
	evil := groupNews(signInput("=HYPERLINK(\"http://evil\")", "evil@example.org"))
	evil.LastName, evil.Comment = "+Dupont", "un commentaire"
	signAndConfirm(t, e, p.ID, evil, "192.0.2.1")
	signAndConfirm(t, e, p.ID, groupNews(signInput("Nina", "nina@example.org")), "192.0.2.2")
	updatesOnly := signInput("Omar", "omar@example.org")
	updatesOnly.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Nouvelles de la pétition"}}
	signAndConfirm(t, e, p.ID, updatesOnly, "192.0.2.3")
	refused := signInput("Rita", "rita@example.org")
	refused.Consents = []cortege.Consent{{Purpose: cortege.ConsentGroupNews, Given: false, Wording: "Recevoir les nouvelles des groupes"}}
	signAndConfirm(t, e, p.ID, refused, "192.0.2.4")
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.5"}, p.ID, groupNews(signInput("Uma", "uma@example.org"))); err != nil {
		t.Fatal(err) // never confirmed: not in the export
	}

	_, err := e.svc.ExportSignatures(bg, stranger, p.ID)
	wantCode(t, "a stranger exports", err, cortege.EFORBIDDEN)
	_, err = e.svc.ExportSignatures(bg, cortege.Anonymous, p.ID)
	wantCode(t, "a visitor exports", err, cortege.EUNAUTH)
	x, err := e.svc.ExportSignatures(bg, alice, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := x.WriteCSV(bg, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufefffirst_name,last_name,email,") {
		t.Fatalf("header: %q", out[:40])
	}
	for _, absent := range []string{"omar@", "rita@", "uma@", "un commentaire", ",=HYPERLINK", "\"=HYPERLINK", ",+Dupont"} {
		if strings.Contains(out, absent) {
			t.Errorf("export holds %q:\n%s", absent, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %d, %v:\n%s", len(rows), err, out)
	}
	byMail := map[string][]string{}
	for _, r := range rows[1:] {
		byMail[r[2]] = r
	}
	if e, n := byMail["evil@example.org"], byMail["nina@example.org"]; e == nil || n == nil ||
		e[0] != "'=HYPERLINK(\"http://evil\")" || e[1] != "'+Dupont" || n[8] != "Recevoir les nouvelles des groupes" {
		t.Fatalf("rows: %q", rows)
	}
}

func TestPetitionDaysKeptWithTheCounter(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, alice, 100)
	signAndConfirm(t, e, p.ID, signInput("Anna", "anna@example.org"), "192.0.2.1")
	signAndConfirm(t, e, p.ID, signInput("Bea", "bea@example.org"), "192.0.2.2")
	e.advance(24 * time.Hour)
	if _, err := e.svc.AddPaperSignatures(bg, alice, p.ID, []service.PaperSignature{{FirstName: "Jean", LastName: "Martin", Postal: "75011"}}); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Sign(bg, alice, p.ID, signInput("Alice", ""))
	if err != nil || !res.Counted {
		t.Fatalf("alice signs: %+v, %v", res, err)
	}
	if _, err := e.svc.InvalidateSignatures(bg, alice, p.ID, []string{res.SignatureID}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.PetitionDays(bg, stranger, p.ID)
	wantCode(t, "a stranger reads the days", err, cortege.EFORBIDDEN)
	days, err := e.svc.PetitionDays(bg, alice, p.ID)
	if err != nil || len(days) != 2 {
		t.Fatalf("days: %+v, %v", days, err)
	}
	if d := days[0]; d.AddedOnline != 2 || d.AddedPaper != 0 || d.Removed != 0 {
		t.Fatalf("first day %+v", d)
	}
	if d := days[1]; d.AddedOnline != 1 || d.AddedPaper != 1 || d.Removed != 1 || d.Net() != 1 || !d.Day.After(days[0].Day) {
		t.Fatalf("second day %+v", d)
	}
	total := 0
	for _, d := range days {
		total += d.Net()
	}
	if c := counts(t, e, p.ID); c.Total() != total {
		t.Fatalf("days add up to %d, the counter says %d", total, c.Total())
	}
	deps, err := e.svc.PetitionDepartements(bg, alice, p.ID)
	if err != nil || len(deps) != 2 || deps[0].Code != "69" || deps[0].Count != 2 || deps[0].Name != "Rhône" {
		t.Fatalf("départements: %+v, %v", deps, err)
	}
}

func TestPetitionHandoverHoldsNoAddress(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, alice, 100)
	shown := signInput("Nina", "nina@example.org")
	shown.Comment = "Enfin !"
	hidden := signInput("Omar", "omar@example.org")
	hidden.ShowName, hidden.Comment = false, "Je signe sans mon nom."
	signAndConfirm(t, e, p.ID, shown, "192.0.2.1")
	signAndConfirm(t, e, p.ID, hidden, "192.0.2.2")
	signAndConfirm(t, e, p.ID, signInput("Rita", "rita@example.org"), "192.0.2.3") // no comment
	if _, err := e.svc.AddPaperSignatures(bg, alice, p.ID, []service.PaperSignature{{FirstName: "Jean", LastName: "Martin", Postal: "13001"}}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.PetitionHandover(bg, stranger, p.ID)
	wantCode(t, "a stranger's hand-over", err, cortege.EFORBIDDEN)
	h, err := e.svc.PetitionHandover(bg, alice, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Counts.Online != 3 || h.Counts.Paper != 1 || len(h.Departements) != 2 || h.Departements[0].Code != "69" || h.Departements[0].Count != 3 {
		t.Fatalf("counts %+v, départements %+v", h.Counts, h.Departements)
	}
	names := map[string]string{} // comment → name shown
	for _, c := range h.Comments {
		names[c.Comment] = c.Name
	}
	if len(h.Comments) != 2 || names["Enfin !"] != "Nina Dupont" || names["Je signe sans mon nom."] != "" {
		t.Fatalf("comments %+v", h.Comments)
	}
}
