package service_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestSignatureRetentionSetting: the retention the privacy page shows is
// the configured one, else the default.
func TestSignatureRetentionSetting(t *testing.T) {
	e := newEnv(t)
	if got := e.svc.SignatureRetention(); got != service.DefaultSignatureRetention {
		t.Fatalf("default retention %v", got)
	}
	svc := service.New(e.db, service.Config{BaseURL: "https://cortege.example", Now: e.clock, SignatureRetention: 30 * 24 * time.Hour})
	r := svc.Retention()
	if r.Signers != 30*24*time.Hour || r.ConfirmLink != 7*24*time.Hour || r.Unconfirmed != 8*24*time.Hour ||
		r.RateLimits != 24*time.Hour || r.SentMail != 7*24*time.Hour || r.Session != cortege.SessionTTL {
		t.Fatalf("retention %+v", r)
	}
}

// TestSweepErasesSignersAfterRetention: what the privacy page says the
// sweep erases (names, address, postal code, commune, comment, consents,
// hashed network, the link to an account) is erased once the configured
// retention has passed since the petition closed, not a moment before;
// statuses, départements, counts and the public log stay.
func TestSweepErasesSignersAfterRetention(t *testing.T) {
	e := newEnv(t)
	keep := 30 * 24 * time.Hour
	svc := service.New(e.db, service.Config{BaseURL: "https://cortege.example", Now: e.clock, SignatureRetention: keep})
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	in := signInput("Anna", "anna@example.org")
	in.Comment = "Enfin !"
	in.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Me tenir informée"}}
	signAndConfirm(t, e, p.ID, in, "192.0.2.1")
	anna, _ := linkWith(t, e, "anna@example.org", "/petitions/"+p.ID+"/withdraw")
	bob := signIn(t, e, "bob@example.org")
	res, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", ""))
	if err != nil || !res.Counted {
		t.Fatalf("bob: %+v, %v", res, err)
	}
	var logBefore bytes.Buffer
	if err := e.svc.WritePetitionLog(bg, cortege.Anonymous, p.ID, &logBefore); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ClosePetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}

	e.advance(keep - time.Hour)
	if err := svc.SweepPetitions(bg); err != nil {
		t.Fatal(err)
	}
	x, err := svc.ExportSignature(bg, anna)
	if err != nil || x.Signature.Email != "anna@example.org" || x.Signature.Comment != "Enfin !" || len(x.Signature.Consents) != 1 ||
		x.Signature.NetPrefix == "" || x.Signature.Postal != "69007" {
		t.Fatalf("erased before the retention ran out: %+v, %v", x.Signature, err)
	}
	if x, err := svc.ExportSignature(bg, res.Token); err != nil || x.Signature.ProfileID == "" {
		t.Fatalf("bob's account link gone early: %+v, %v", x, err)
	}

	e.advance(2 * time.Hour)
	if err := svc.SweepPetitions(bg); err != nil {
		t.Fatal(err)
	}
	for who, tok := range map[string]string{"anna": anna, "bob": res.Token} {
		x, err := svc.ExportSignature(bg, tok)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		g := x.Signature
		if g.FirstName != "" || g.LastName != "" || g.Email != "" || g.EmailKey != "" || g.EmailDomain != "" || g.Postal != "" ||
			g.INSEE != "" || g.Comment != "" || g.ShowName || g.NetPrefix != "" || g.ProfileID != "" || len(g.Consents) != 0 {
			t.Errorf("%s after the retention: %+v", who, g)
		}
		if g.Status != cortege.SignatureConfirmed || g.Departement != "69" || g.Source != cortege.SourceOnline {
			t.Errorf("%s lost what the counts rest on: %+v", who, g)
		}
	}
	if c := counts(t, e, p.ID); c.Online != 2 || c.ByDepartement["69"] != 2 {
		t.Fatalf("counts after erasure: %+v", c)
	}
	pub, _, err := svc.PublicSignatures(bg, cortege.Anonymous, p.ID, "", 10)
	if err != nil || len(pub) != 0 {
		t.Fatalf("public signatures after erasure: %+v, %v", pub, err)
	}
	var logAfter bytes.Buffer
	if err := e.svc.WritePetitionLog(bg, cortege.Anonymous, p.ID, &logAfter); err != nil {
		t.Fatal(err)
	}
	entries := func(b bytes.Buffer) string { s := b.String(); return s[:strings.Index(s, `"heads"`)] }
	if before, after := entries(logBefore), entries(logAfter); before != after || strings.Count(after, `"kind":"sign"`) != 2 {
		t.Fatalf("the public log changed:\n%s\n%s", before, after)
	}
}

// TestWithdrawalErasesAccountLink: a withdrawal erases at once, the
// signed-in signer's link to their account too.
func TestWithdrawalErasesAccountLink(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	bob := signIn(t, e, "bob@example.org")
	res, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", ""))
	if err != nil || !res.Counted {
		t.Fatalf("bob: %+v, %v", res, err)
	}
	if err := e.svc.WithdrawSignature(bg, res.Token); err != nil {
		t.Fatal(err)
	}
	x, err := e.svc.ExportSignature(bg, res.Token)
	if err != nil || x.Signature.Status != cortege.SignatureWithdrawn || x.Signature.ProfileID != "" || x.Signature.Email != "" ||
		x.Signature.FirstName != "" || x.Signature.Postal != "" {
		t.Fatalf("after withdrawal: %+v, %v", x, err)
	}
	// Bob may sign again: a new signature, under his account.
	again, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", ""))
	if err != nil || !again.Counted || again.SignatureID == res.SignatureID {
		t.Fatalf("signing again: %+v, %v", again, err)
	}
}

// TestDeletedAccountErasesItsSignatures: deleting an account erases what
// identifies the signatures its profile made (name, address, postal code,
// comment, consents, the account link); they still count, and the same
// mailbox cannot sign the petition a second time from a new account or
// without one.
func TestDeletedAccountErasesItsSignatures(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	bob := signIn(t, e, "bob@example.org")
	in := signInput("Bob", "ignored@example.org")
	in.Comment = "Je signe avec mon compte."
	res, err := e.svc.Sign(bg, bob, p.ID, in)
	if err != nil || !res.Counted {
		t.Fatalf("sign: %+v, %v", res, err)
	}
	if err := e.svc.DeleteAccount(bg, bob); err != nil {
		t.Fatal(err)
	}
	x, err := e.svc.ExportSignature(bg, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	if g := x.Signature; g.Email != "" || g.FirstName != "" || g.LastName != "" || g.Comment != "" || g.Postal != "" ||
		g.ProfileID != "" || len(g.Consents) != 0 || g.EmailKey == "" || strings.Contains(g.EmailKey, "bob") {
		t.Fatalf("signature of a deleted account: %+v", g)
	}
	if c := counts(t, e, p.ID); c.Online != 1 {
		t.Fatalf("counts after the account's erasure: %+v", c)
	}
	// The same mailbox signs again, without an account: it is told to
	// check its mail, as always, and the count does not move.
	again, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.40"}, p.ID, signInput("Bob", "Bob@Example.org"))
	if err != nil || !again.Pending {
		t.Fatalf("sign again: %+v, %v", again, err)
	}
	e.drain(t)
	if c := counts(t, e, p.ID); c.Online != 1 {
		t.Fatalf("the erased signer counted twice: %+v", c)
	}
}

// TestRateLimitsKeepNoAddress: the rate limits' counters are stored under
// a keyed hash of their keys: neither the IP address nor the mail address
// of a sign-in request is in the table.
func TestRateLimitsKeepNoAddress(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.RequestLogin(bg, cortege.Actor{IP: "203.0.113.77"}, "claire@example.org", "fr"); err != nil {
		t.Fatal(err)
	}
	keys, err := e.db.Q().RateLimitKeys(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatal("no counter kept: the test checks nothing")
	}
	for _, k := range keys {
		if strings.Contains(k, "203.0.113") || strings.Contains(k, "claire") || !strings.HasPrefix(k, "h:") {
			t.Errorf("a rate limit kept %q", k)
		}
	}
}
