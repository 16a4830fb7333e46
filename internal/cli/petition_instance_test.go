package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestPetitionVerifyInstance: a running instance's log, fed by real
// signatures (confirmed from their mails, one withdrawn), is accepted by
// `cortege petition verify` with the key the instance publishes, and a
// signer's receipt, fetched from the link in their mail, verifies.
func TestPetitionVerifyInstance(t *testing.T) {
	a := testkit.NewApp(t)
	ctx := context.Background()
	tok := testkit.Token(t, a.Service, "alice@example.org")
	alice, err := a.Service.TokenActor(ctx, tok, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Service.CreatePetition(ctx, alice, service.PetitionInput{Title: "Sauvons la ligne 12",
		Text: "Le texte.", Addressee: "La région", Goal: 100, Scope: cortege.ScopeNational})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.PublishPetition(ctx, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		addr := fmt.Sprintf("signer%d@example.org", i)
		in := service.SignInput{FirstName: "Signer", LastName: "Dupont", Email: addr, Postal: "69007"}
		if _, err := a.Service.Sign(ctx, cortege.Actor{IP: fmt.Sprintf("192.0.2.%d", 10+i)}, p.ID, in); err != nil {
			t.Fatal(err)
		}
		a.Drain(t)
		u, _ := url.Parse(a.LastLink(t, addr, "/confirm"))
		if _, err := a.Service.ConfirmSignature(ctx, u.Query().Get("token")); err != nil {
			t.Fatal(err)
		}
		a.Clock.Advance(time.Second)
	}
	withdrawal := func(addr string) string {
		u, _ := url.Parse(a.LastLink(t, addr, "/withdraw"))
		return u.Query().Get("token")
	}
	if err := a.Service.WithdrawSignature(ctx, withdrawal("signer1@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := a.Service.SignPetitionHeads(ctx); err != nil {
		t.Fatal(err)
	}
	get := func(path string) []byte {
		res, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return b
	}
	key := strings.TrimSpace(string(get("/.well-known/cortege-ledger-key")))
	rb := get("/petitions/" + p.ID + "/receipt.json?token=" + url.QueryEscape(withdrawal("signer3@example.org")))
	receipt := writeFile(t, "receipt.json", rb)
	var rc struct{ N int64 }
	if err := json.Unmarshal(rb, &rc); err != nil || rc.N != 3 {
		t.Fatalf("receipt position %d, %v", rc.N, err)
	}
	logURL := a.URL + "/petitions/" + p.ID + "/log.json"
	code, out, errs := run(t, nil, "petition", "verify", "--allow-loopback", logURL, "--key", key, "--receipt", receipt)
	if code != 0 || !strings.Contains(out, "receipt  counted") || !strings.Contains(out, "count    4 (attested") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	// The withdrawn signer has no receipt any more.
	res, err := http.Get(a.URL + "/petitions/" + p.ID + "/receipt.json?token=" + url.QueryEscape(withdrawal("signer1@example.org")))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("withdrawn receipt: %d", res.StatusCode)
	}
}
