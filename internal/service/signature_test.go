package service_test

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// signInput is a valid signature from Lyon 7e.
func signInput(first, email string) service.SignInput {
	return service.SignInput{FirstName: first, LastName: "Dupont", Email: email, Postal: "69007", ShowName: true}
}

// confirmToken returns the token of the last confirmation link mailed to addr.
func confirmToken(t *testing.T, e *env, petitionID, addr string) string {
	t.Helper()
	tok, _ := linkWith(t, e, addr, "/petitions/"+petitionID+"/confirm")
	return tok
}

// signAndConfirm signs anonymously from ip and follows the mailed link.
func signAndConfirm(t *testing.T, e *env, petitionID string, in service.SignInput, ip string) {
	t.Helper()
	res, err := e.svc.Sign(bg, cortege.Actor{IP: ip}, petitionID, in)
	if err != nil || !res.Pending || res.SignatureID != "" {
		t.Fatalf("sign %s: %+v, %v", in.Email, res, err)
	}
	e.drain(t)
	if c, err := e.svc.ConfirmSignature(bg, confirmToken(t, e, petitionID, in.Email)); err != nil || !c.Counted {
		t.Fatalf("confirm %s: %+v, %v", in.Email, c, err)
	}
}

func TestSignatureDoubleOptIn(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	anon := cortege.Actor{IP: "192.0.2.7"}
	_, before := e.db.Commits()
	if _, err := e.svc.Sign(bg, anon, p.ID, signInput("Anna", "anna@example.org")); err != nil {
		t.Fatal(err)
	}
	// The limits, the signature and its mail job: one transaction, one
	// durable commit (shared with others on SQLite's group commit).
	if _, after := e.db.Commits(); after-before != 1 {
		t.Fatalf("signing took %d transactions", after-before)
	}
	if c := counts(t, e, p.ID); c.Total() != 0 {
		t.Fatalf("unconfirmed signature counted: %+v", c)
	}
	e.drain(t)
	m := mailsTo(e, "anna@example.org", "Confirmez votre signature")
	if len(m) != 1 {
		t.Fatalf("confirmation mails: %d", len(m))
	}
	linkWithPath(t, m[0], "/petitions/"+p.ID+"/withdraw") // in every mail
	tok := confirmToken(t, e, p.ID, "anna@example.org")
	_, err := e.svc.ConfirmSignature(bg, "garbage")
	wantCode(t, "a garbage token", err, cortege.ENOTFOUND)
	c, err := e.svc.ConfirmSignature(bg, tok)
	if err != nil || !c.Counted || c.PetitionID != p.ID {
		t.Fatalf("confirm: %+v, %v", c, err)
	}
	// Followed again, the link shows the signature as it stands and
	// counts nothing more.
	if c, err := e.svc.ConfirmSignature(bg, tok); err != nil || !c.Counted || c.Receipt != nil {
		t.Fatalf("a link followed again: %+v, %v", c, err)
	}
	if c := counts(t, e, p.ID); c.Online != 1 || c.Paper != 0 || c.ByDepartement["69"] != 1 {
		t.Fatalf("after confirmation: %+v", c)
	}

	// A signed-in person counts at once, under their account's address.
	bob := signIn(t, e, "bob@example.org")
	res, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", "whatever@example.org"))
	if err != nil || !res.Counted || res.SignatureID == "" {
		t.Fatalf("signed-in signature: %+v, %v", res, err)
	}
	again, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", ""))
	if err != nil || again.SignatureID != res.SignatureID {
		t.Fatalf("signed-in twice: %+v, %v", again, err)
	}
	if c := counts(t, e, p.ID); c.Online != 2 {
		t.Fatalf("after bob: %+v", c)
	}

	// An expired link does not confirm.
	if _, err := e.svc.Sign(bg, anon, p.ID, signInput("Carla", "carla@example.org")); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	tok = confirmToken(t, e, p.ID, "carla@example.org")
	e.advance(8 * 24 * time.Hour)
	_, err = e.svc.ConfirmSignature(bg, tok)
	wantCode(t, "an expired token", err, cortege.ENOTFOUND)
	// The sweep forgets the signature never confirmed: the address may sign
	// afresh, and gets a new link.
	e.advance(time.Hour)
	if err := e.svc.SweepPetitions(bg); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Sign(bg, anon, p.ID, signInput("Carla", "carla@example.org")); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if _, err := e.svc.ConfirmSignature(bg, confirmToken(t, e, p.ID, "carla@example.org")); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, e, p.ID); c.Online != 3 {
		t.Fatalf("after carla: %+v", c)
	}
}

func TestSignatureDuplicatesInDisguiseCountOnce(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	signAndConfirm(t, e, p.ID, signInput("Anna", "Anna.Dupont@gmail.com"), "192.0.2.1")
	signAndConfirm(t, e, p.ID, signInput("Élise", "elise@élysée.fr"), "192.0.2.2")
	for i, addr := range []string{"annadupont@gmail.com", "ANNA.DUPONT+petition@GoogleMail.com", "a.n.n.a.dupont@gmail.com", "Elise@xn--lyse-9oad.fr", "elise@ÉLYSÉE.FR"} {
		res, err := e.svc.Sign(bg, cortege.Actor{IP: fmt.Sprintf("192.0.2.%d", 10+i)}, p.ID, signInput("X", addr))
		if err != nil || !res.Pending || res.SignatureID != "" {
			t.Fatalf("duplicate %s answered %+v, %v: not like a fresh signature", addr, res, err)
		}
	}
	e.drain(t)
	if c := counts(t, e, p.ID); c.Online != 2 {
		t.Fatalf("duplicates counted: %+v", c)
	}
	// The mailbox that signed (not the form, nor the disguise typed)
	// hears that it had signed already, once an hour.
	if n := len(mailsTo(e, "Anna.Dupont@gmail.com", "Votre signature")); n != 1 {
		t.Fatalf("'already signed' notes to the signer: %d", n)
	}
	if n := len(mailsTo(e, "annadupont@gmail.com", "")) + len(mailsTo(e, "ANNA.DUPONT+petition@GoogleMail.com", "")); n != 0 {
		t.Fatalf("a disguise typed got %d mails", n)
	}
	// A duplicate of an unconfirmed signature gets the link again.
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.30"}, p.ID, signInput("Zoé", "zoe@example.org")); err != nil {
		t.Fatal(err)
	}
	e.advance(2 * time.Hour)
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.31"}, p.ID, signInput("Zoé", "ZOE@example.org")); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if n := len(mailsTo(e, "zoe@example.org", "Confirmez")); n != 2 {
		t.Fatalf("confirmation mails to zoe: %d", n)
	}
	if _, err := e.svc.ConfirmSignature(bg, confirmToken(t, e, p.ID, "zoe@example.org")); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, e, p.ID); c.Online != 3 {
		t.Fatalf("after zoe: %+v", c)
	}
}

func TestWithdrawalKeepsCountsConsistent(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	signAndConfirm(t, e, p.ID, signInput("Anna", "anna@example.org"), "192.0.2.1")
	signAndConfirm(t, e, p.ID, signInput("Omar", "omar@example.org"), "192.0.2.2")
	tok, _ := linkWith(t, e, "anna@example.org", "/petitions/"+p.ID+"/withdraw")
	wp, gone, err := e.svc.WithdrawalPetition(bg, tok)
	if err != nil || gone || wp.ID != p.ID {
		t.Fatalf("withdrawal page: %v %v %v", wp, gone, err)
	}
	for i := 0; i < 2; i++ {
		if err := e.svc.WithdrawSignature(bg, tok); err != nil {
			t.Fatalf("withdraw #%d: %v", i+1, err)
		}
	}
	if _, gone, _ := e.svc.WithdrawalPetition(bg, tok); !gone {
		t.Fatal("not withdrawn")
	}
	if c := counts(t, e, p.ID); c.Online != 1 || c.ByDepartement["69"] != 1 {
		t.Fatalf("after withdrawal: %+v", c)
	}
	wantCode(t, "a garbage withdrawal", e.svc.WithdrawSignature(bg, "x"), cortege.ENOTFOUND)
	// An unconfirmed signature withdrawn leaves the count alone.
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.3"}, p.ID, signInput("Uma", "uma@example.org")); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	utok, _ := linkWith(t, e, "uma@example.org", "/petitions/"+p.ID+"/withdraw")
	if err := e.svc.WithdrawSignature(bg, utok); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, e, p.ID); c.Online != 1 {
		t.Fatalf("unconfirmed withdrawal moved the count: %+v", c)
	}
	shown, next, err := e.svc.PublicSignatures(bg, cortege.Anonymous, p.ID, "", 0)
	if err != nil || next != "" || len(shown) != 1 || shown[0].Name != "Omar Dupont" || shown[0].Departement != "69" {
		t.Fatalf("public signatures after a withdrawal: %+v %q %v", shown, next, err)
	}
	// Anna signs again: a new signature, counted once confirmed.
	e.advance(2 * time.Hour)
	signAndConfirm(t, e, p.ID, signInput("Anna", "anna@example.org"), "192.0.2.4")
	if c := counts(t, e, p.ID); c.Online != 2 || c.ByDepartement["69"] != 2 {
		t.Fatalf("after signing again: %+v", c)
	}
}

func TestSignatureAbuseChecks(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	anon := cortege.Actor{IP: "198.51.100.1"}

	bot := signInput("Bot", "bot@example.org")
	bot.Honeypot = "http://spam.example"
	if res, err := e.svc.Sign(bg, anon, p.ID, bot); err != nil || !res.Pending {
		t.Fatalf("honeypot answered %+v, %v: not like anyone", res, err)
	}
	e.drain(t)
	if n := len(mailsTo(e, "bot@example.org", "")); n != 0 {
		t.Fatalf("the honeypot's address got %d mails", n)
	}
	fast := signInput("Fast", "fast@example.org")
	fast.FormStartedAt = e.clock().Add(-time.Second)
	_, err := e.svc.Sign(bg, anon, p.ID, fast)
	wantCode(t, "filled in a second", err, cortege.EINVALID)
	fast.FormStartedAt = e.clock().Add(-10 * time.Second)
	if _, err := e.svc.Sign(bg, anon, p.ID, fast); err != nil {
		t.Fatalf("filled in ten seconds: %v", err)
	}
	_, err = e.svc.Sign(bg, anon, p.ID, signInput("Jet", "jet@mailinator.com"))
	if e := cortege.ErrorOf(err); e == nil || e.Field != "email" || e.Message != "err.signature.email.disposable" {
		t.Fatalf("disposable address: %v", err)
	}
	unknown := signInput("Nowhere", "nowhere@example.org")
	unknown.Postal = "00000"
	_, err = e.svc.Sign(bg, anon, p.ID, unknown)
	wantCode(t, "unknown postal code", err, cortege.EINVALID)
	cedex := signInput("Commune", "commune@example.org")
	cedex.Postal, cedex.Commune = "69007", "75056"
	_, err = e.svc.Sign(bg, anon, p.ID, cedex)
	wantCode(t, "a commune outside the postal code", err, cortege.EINVALID)

	// Per network address: the 31st signature of the hour is refused, and
	// a refused attempt counts nothing.
	ip := cortege.Actor{IP: "203.0.113.9"}
	for i := 0; i < 30; i++ {
		if _, err := e.svc.Sign(bg, ip, p.ID, signInput("N", fmt.Sprintf("n%d@example.org", i))); err != nil {
			t.Fatalf("signature %d: %v", i+1, err)
		}
	}
	_, err = e.svc.Sign(bg, ip, p.ID, signInput("N", "n30@example.org"))
	wantCode(t, "31st from one address", err, cortege.ERATELIMIT)
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "203.0.113.10"}, p.ID, signInput("N", "n31@example.org")); err != nil {
		t.Fatalf("another address: %v", err)
	}
}

func TestPaperSignaturesCountedApart(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, alice, 100)
	signAndConfirm(t, e, p.ID, signInput("Anna", "anna@example.org"), "192.0.2.1")
	rows, err := service.ParsePaperCSV([]byte("\xef\xbb\xbfPrénom;Nom;Code postal;Courriel\nJean;Martin;75011;\nLéa;Petit;13001;lea@example.org\nAnna;Dupont;69007;ANNA@example.org\n;;;\n"))
	if err != nil || len(rows) != 3 || rows[1].Email != "lea@example.org" {
		t.Fatalf("parse: %+v, %v", rows, err)
	}
	_, err = e.svc.AddPaperSignatures(bg, stranger, p.ID, rows)
	wantCode(t, "a stranger adds paper signatures", err, cortege.EFORBIDDEN)
	bad := append([]service.PaperSignature{{FirstName: "X", LastName: "Y", Postal: "123"}}, rows...)
	res, err := e.svc.AddPaperSignatures(bg, alice, p.ID, bad)
	if err != nil || res.Added != 0 || len(res.Errors) != 1 || res.Errors[0].Row != 1 || res.Errors[0].Field != "postal_code" {
		t.Fatalf("a bad line: %+v, %v", res, err)
	}
	res, err = e.svc.AddPaperSignatures(bg, alice, p.ID, rows)
	if err != nil || res.Added != 2 || res.Duplicates != 1 {
		t.Fatalf("paper batch: %+v, %v", res, err)
	}
	c := counts(t, e, p.ID)
	if c.Online != 1 || c.Paper != 2 || c.Total() != 3 || c.ByDepartement["75"] != 1 || c.ByDepartement["13"] != 1 || c.ByDepartement["69"] != 1 {
		t.Fatalf("counts: %+v", c)
	}
	if _, err := service.ParsePaperCSV([]byte("a,b\n1,2\n")); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("missing columns: %v", err)
	}
}

func TestBurstsAndBulkInvalidation(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	p := publishedPetition(t, e, alice, 1000)
	e.advance(-time.Duration(e.clock().UnixMilli()%60000) * time.Millisecond) // at the start of a minute
	start := e.clock()
	for i := 0; i < 25; i++ {
		in := signInput("B", fmt.Sprintf("b%d@burst.example", i))
		if _, err := e.svc.Sign(bg, cortege.Actor{IP: fmt.Sprintf("203.0.113.%d", i)}, p.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	e.drain(t)
	for i := 0; i < 5; i++ { // five of them confirmed
		if _, err := e.svc.ConfirmSignature(bg, confirmToken(t, e, p.ID, fmt.Sprintf("b%d@burst.example", i))); err != nil {
			t.Fatal(err)
		}
	}
	signAndConfirm(t, e, p.ID, signInput("Honest", "honest@example.org"), "192.0.2.77")
	if c := counts(t, e, p.ID); c.Online != 6 {
		t.Fatalf("before: %+v", c)
	}
	_, err := e.svc.SignatureBursts(bg, stranger, p.ID, start.Add(-time.Hour), 0)
	wantCode(t, "a stranger lists bursts", err, cortege.EFORBIDDEN)
	bursts, err := e.svc.SignatureBursts(bg, alice, p.ID, start.Add(-time.Hour), 0)
	if err != nil || len(bursts) != 2 {
		t.Fatalf("bursts: %+v, %v", bursts, err)
	}
	var net service.SignatureBurst
	for _, b := range bursts {
		if b.Count != 25 {
			t.Fatalf("burst %+v", b)
		}
		if b.Kind == service.BurstNet {
			net = b
		} else if b.Key != "burst.example" {
			t.Fatalf("domain burst %+v", b)
		}
		if strings.Contains(b.Key, "203.0.113") {
			t.Fatalf("an address is kept: %+v", b)
		}
	}
	n, err := e.svc.InvalidateBurst(bg, alice, p.ID, net)
	if err != nil || n != 25 {
		t.Fatalf("invalidated %d, %v", n, err)
	}
	if c := counts(t, e, p.ID); c.Online != 1 || c.ByDepartement["69"] != 1 {
		t.Fatalf("after invalidation: %+v", c)
	}
	if bursts, _ := e.svc.SignatureBursts(bg, alice, p.ID, start.Add(-time.Hour), 0); len(bursts) != 0 {
		t.Fatalf("bursts left: %+v", bursts)
	}
	// An invalidated address cannot sign again to come back.
	if _, err := e.svc.Sign(bg, cortege.Actor{IP: "192.0.2.99"}, p.ID, signInput("B", "b0@burst.example")); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, e, p.ID); c.Online != 1 {
		t.Fatalf("invalidated signer came back: %+v", c)
	}
}

func TestConcurrentSignaturesKeepCountsExact(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 20)
	const signers = 40
	var wg sync.WaitGroup
	errs := make(chan error, signers*4)
	for i := 0; i < signers; i++ {
		for dup := 0; dup < 3; dup++ { // each address three times at once, in disguise
			wg.Add(1)
			go func(i, dup int) {
				defer wg.Done()
				addr := fmt.Sprintf("s.%d@gmail.com", i)
				if dup > 0 {
					addr = fmt.Sprintf("s%d+%d@googlemail.com", i, dup)
				}
				if _, err := e.svc.Sign(bg, cortege.Actor{IP: fmt.Sprintf("10.0.%d.%d", i, dup)}, p.ID, signInput("S", addr)); err != nil {
					errs <- err
				}
			}(i, dup)
		}
	}
	wg.Wait()
	e.drain(t)
	var toks []string
	seen := map[string]bool{}
	for _, m := range e.smtp.Messages() { // whichever disguise won the race got the link
		for _, l := range m.Links() {
			if u, err := url.Parse(l); err == nil && u.Path == "/petitions/"+p.ID+"/confirm" && !seen[u.Query().Get("token")] {
				seen[u.Query().Get("token")] = true
				toks = append(toks, u.Query().Get("token"))
			}
		}
	}
	if len(toks) != signers {
		t.Fatalf("%d confirmation links for %d mailboxes", len(toks), signers)
	}
	for _, tok := range toks {
		for k := 0; k < 2; k++ { // each link followed twice at once
			wg.Add(1)
			go func(tok string) {
				defer wg.Done()
				if _, err := e.svc.ConfirmSignature(bg, tok); err != nil && !cortege.IsNotFound(err) {
					errs <- err
				}
			}(tok)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if c := counts(t, e, p.ID); c.Online != signers || c.ByDepartement["69"] != signers {
		t.Fatalf("counts %+v, want %d", c, signers)
	}
	e.drain(t)
	for _, sub := range []string{"10\u00a0% de l’objectif", "50\u00a0% de l’objectif", "Objectif atteint"} {
		if n := len(mailsTo(e, "alice@example.org", sub)); n != 1 {
			t.Errorf("milestone %q told %d times", sub, n)
		}
	}
}

func TestSignerExportAndRetention(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	in := signInput("Anna", "anna@example.org")
	in.Comment = "Enfin !"
	in.Consents = []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Me tenir informée"},
		{Purpose: cortege.ConsentGroupNews, Given: false, Wording: "Recevoir les nouvelles des groupes"}}
	signAndConfirm(t, e, p.ID, in, "192.0.2.1")
	tok, _ := linkWith(t, e, "anna@example.org", "/petitions/"+p.ID+"/withdraw")
	x, err := e.svc.ExportSignature(bg, tok)
	if err != nil || x.PetitionID != p.ID || x.Signature.Email != "anna@example.org" || len(x.Signature.Consents) != 2 ||
		!x.Signature.Consented(cortege.ConsentPetitionUpdates) || x.Signature.Consented(cortege.ConsentGroupNews) ||
		x.Signature.Consents[1].Wording != "Me tenir informée" || x.Signature.Consents[0].At.IsZero() {
		t.Fatalf("export: %+v, %v", x, err)
	}
	if _, err := e.svc.ClosePetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	e.advance(service.DefaultSignatureRetention - time.Hour)
	if err := e.svc.SweepPetitions(bg); err != nil {
		t.Fatal(err)
	}
	if x, _ := e.svc.ExportSignature(bg, tok); x.Signature.Email == "" {
		t.Fatal("erased before the retention ran out")
	}
	e.advance(2 * time.Hour)
	if err := e.svc.SweepPetitions(bg); err != nil {
		t.Fatal(err)
	}
	x, err = e.svc.ExportSignature(bg, tok)
	if err != nil || x.Signature.Email != "" || x.Signature.FirstName != "" || x.Signature.Comment != "" || x.Signature.Postal != "" || len(x.Signature.Consents) != 0 {
		t.Fatalf("after the retention: %+v, %v", x.Signature, err)
	}
	if c := counts(t, e, p.ID); c.Online != 1 || c.ByDepartement["69"] != 1 {
		t.Fatalf("counts after erasure: %+v", c)
	}
}

func TestPerPetitionLimit(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	svc := service.New(e.db, service.Config{BaseURL: "https://cortege.example", Now: e.clock, SignLimits: service.SignLimits{PerPetition: 5}})
	for i := 0; i < 5; i++ {
		if _, err := svc.Sign(bg, cortege.Actor{IP: fmt.Sprintf("192.0.2.%d", i)}, p.ID, signInput("P", fmt.Sprintf("p%d@example.org", i))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := svc.Sign(bg, cortege.Actor{IP: "198.51.100.7"}, p.ID, signInput("P", "p5@example.org"))
	wantCode(t, "the petition's sixth signature of the minute", err, cortege.ERATELIMIT)
	bob := signIn(t, e, "bob@example.org")
	_, err = svc.Sign(bg, bob, p.ID, signInput("Bob", ""))
	wantCode(t, "signed in, past the petition's limit", err, cortege.ERATELIMIT)
	e.advance(time.Minute)
	if res, err := svc.Sign(bg, bob, p.ID, signInput("Bob", "")); err != nil || !res.Counted {
		t.Fatalf("the next minute: %+v, %v", res, err)
	}
}
