package service_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/service"
)

// publishedLog reads a petition's log as /petitions/{id}/log.json serves
// it and verifies it with the instance's key.
func publishedLog(t *testing.T, e *env, petitionID string) (ledger.Document, ledger.Report) {
	t.Helper()
	var b bytes.Buffer
	if err := e.svc.WritePetitionLog(bg, cortege.Anonymous, petitionID, &b); err != nil {
		t.Fatal(err)
	}
	d, err := ledger.ParseDocument(b.Bytes())
	if err != nil {
		t.Fatalf("log is not canonical: %v\n%s", err, b.Bytes())
	}
	trusted, err := ledger.Verifiers(e.svc.PetitionLogKey())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ledger.Verify(d, trusted)
	if err != nil {
		t.Fatalf("log does not verify: %v", err)
	}
	return d, rep
}

// TestPetitionLogFollowsTheCount: every change of the online count appends
// to the log (confirmations, a signed-in signature, a withdrawal, an
// invalidation; paper signatures are counted apart and not logged), the
// heads the job signs attest the count, and a signer's receipt verifies
// and then shows the withdrawal.
func TestPetitionLogFollowsTheCount(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	if d, rep := publishedLog(t, e, p.ID); len(d.Entries) != 0 || len(d.Heads) != 0 || rep.Count != 0 {
		t.Fatalf("a new petition's log: %+v", d)
	}
	if d, _ := publishedLog(t, e, p.ID); d.Origin != e.svc.PetitionLogOrigin(p.ID) || d.Key != e.svc.PetitionLogKey() {
		t.Fatalf("origin %q, key %q", d.Origin, d.Key)
	}
	for i, addr := range []string{"anna@example.org", "omar@example.org", "uma@example.org"} {
		signAndConfirm(t, e, p.ID, signInput("Signer", addr), "192.0.2."+string(rune('1'+i)))
	}
	// A signed-in signer counts at once, and gets their receipt at once.
	bob := signIn(t, e, "bob@example.org")
	res, err := e.svc.Sign(bg, bob, p.ID, signInput("Bob", "ignored@example.org"))
	if err != nil || !res.Counted || res.Receipt == nil || res.Receipt.N != 3 {
		t.Fatalf("signed-in signature: %+v, %v", res, err)
	}
	// Paper signatures: counted apart, not in the log.
	if _, err := e.svc.AddPaperSignatures(bg, alice, p.ID, []service.PaperSignature{{FirstName: "Léa", LastName: "Martin", Postal: "69007"}}); err != nil {
		t.Fatal(err)
	}
	d, rep := publishedLog(t, e, p.ID)
	if rep.Count != 4 || len(d.Entries) != 4 || rep.SignedSize != 0 {
		t.Fatalf("before any head: count %d, %d entries, signed %d", rep.Count, len(d.Entries), rep.SignedSize)
	}
	if err := e.svc.SignPetitionHeads(bg); err != nil {
		t.Fatal(err)
	}
	d, rep = publishedLog(t, e, p.ID)
	if len(d.Heads) != 1 || rep.SignedSize != 4 || rep.SignedCount != 4 {
		t.Fatalf("after a head: %d heads, signed size %d count %d", len(d.Heads), rep.SignedSize, rep.SignedCount)
	}
	// Nothing grew: no new head.
	e.advance(time.Minute)
	if err := e.svc.SignPetitionHeads(bg); err != nil {
		t.Fatal(err)
	}
	if d, _ := publishedLog(t, e, p.ID); len(d.Heads) != 1 {
		t.Fatalf("a head without growth: %d heads", len(d.Heads))
	}

	// Anna's receipt, from the link in her mails.
	tok, _ := linkWith(t, e, "anna@example.org", "/petitions/"+p.ID+"/withdraw")
	rc, err := e.svc.SignerReceipt(bg, tok)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rc)
	parsed, err := ledger.ParseReceipt(b)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ledger.VerifyReceipt(d, rep, parsed)
	if err != nil || st.N != 0 || st.RevokedAt != -1 {
		t.Fatalf("receipt: %+v, %v", st, err)
	}
	// A minute after confirming, the mail of the receipt: the position,
	// the commitment and the receipt's link.
	if m := mailsTo(e, "anna@example.org", "Votre signature compte"); len(m) != 0 {
		t.Fatalf("the receipt's mail went before the confirmation links of a storm could: %d", len(m))
	}
	e.advance(2 * time.Minute)
	e.drain(t)
	m := mailsTo(e, "anna@example.org", "Votre signature compte")
	if len(m) != 1 || !strings.Contains(m[0].Text, rc.Commitment) || !strings.Contains(m[0].Text, "/petitions/"+p.ID+"/receipt.json?token=") ||
		!strings.Contains(m[0].Text, "position 0 ") {
		t.Fatalf("receipt mails: %d\n%v", len(m), m)
	}

	// Anna withdraws, the burst view invalidates Omar: two revocations.
	if err := e.svc.WithdrawSignature(bg, tok); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.WithdrawSignature(bg, tok); err != nil { // twice: one revocation
		t.Fatal(err)
	}
	omar, _ := linkWith(t, e, "omar@example.org", "/petitions/"+p.ID+"/withdraw")
	orc, err := e.svc.SignerReceipt(bg, omar)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.InvalidateSignatures(bg, alice, p.ID, []string{orc.Signature}); err != nil || n != 1 {
		t.Fatalf("invalidate: %d, %v", n, err)
	}
	e.advance(time.Minute)
	if err := e.svc.SignPetitionHeads(bg); err != nil {
		t.Fatal(err)
	}
	d, rep = publishedLog(t, e, p.ID)
	c := counts(t, e, p.ID)
	if rep.Count != int64(c.Online) || rep.SignedCount != 2 || len(d.Entries) != 6 || len(d.Heads) != 2 {
		t.Fatalf("after withdrawals: log count %d (signed %d), counter %+v, %d entries, %d heads",
			rep.Count, rep.SignedCount, c, len(d.Entries), len(d.Heads))
	}
	if st, err := ledger.VerifyReceipt(d, rep, parsed); err != nil || st.RevokedAt < 0 {
		t.Fatalf("withdrawn receipt: %+v, %v", st, err)
	}
	if _, err := e.svc.SignerReceipt(bg, tok); cortege.ErrorCode(err) != cortege.ENOTFOUND {
		t.Fatalf("receipt of a withdrawn signature: %v", err)
	}
	// A draft's log is as hidden as the draft.
	draft, err := e.svc.CreatePetition(bg, alice, petitionInput("Brouillon", 10))
	if err != nil {
		t.Fatal(err)
	}
	var sink bytes.Buffer
	if err := e.svc.WritePetitionLog(bg, cortege.Anonymous, draft.ID, &sink); cortege.ErrorCode(err) != cortege.ENOTFOUND {
		t.Fatalf("a draft's log: %v", err)
	}
}
