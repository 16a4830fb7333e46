package cli_test

import (
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// petitionLog is a published log built through the engine's API, as the
// petition service does: signatures, withdrawals, a head now and then.
type petitionLog struct {
	key      ledger.Key
	doc      ledger.Document
	receipts map[int64]ledger.Receipt
}

// newPetitionLog appends n signatures, withdraws every seventh one a little
// later, signs a head every `every` entries and a last one over them all.
func newPetitionLog(t testing.TB, n, every int) *petitionLog {
	t.Helper()
	k, err := ledger.LoadOrCreateKey(t.TempDir(), "cortege.test")
	if err != nil {
		t.Fatal(err)
	}
	origin := "cortege.test/petitions/7"
	p := &petitionLog{key: k, doc: ledger.Document{Format: ledger.Format, Origin: origin, Key: k.Public}, receipts: map[int64]ledger.Receipt{}}
	s := ledger.NewState(origin)
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	head := func() {
		at = at.Add(17 * time.Second)
		msg, err := ledger.HeadOf(s, at).Sign(k.Signer)
		if err != nil {
			t.Fatal(err)
		}
		p.doc.Heads = append(p.doc.Heads, msg)
	}
	var toRevoke []int64
	for i := range n {
		var salt ledger.Salt
		binary.BigEndian.PutUint64(salt[:], uint64(i)*0x9e3779b97f4a7c15+1)
		id := "01JF" + strings.ToUpper(strings.Repeat("k", i%5)) + string(rune('A'+i%26))
		e, next := ledger.AppendSign(s, ledger.Commit(salt, id))
		s = next
		p.doc.Entries = append(p.doc.Entries, e)
		p.receipts[e.N] = ledger.NewReceipt(origin, e, salt, id)
		if i%7 == 3 {
			toRevoke = append(toRevoke, e.N)
		}
		if i%7 == 6 && len(toRevoke) > 0 {
			target := toRevoke[0]
			toRevoke = toRevoke[1:]
			e, next, err := ledger.AppendRevoke(s, target, p.doc.Entries[target].Commitment)
			if err != nil {
				t.Fatal(err)
			}
			s = next
			p.doc.Entries = append(p.doc.Entries, e)
		}
		if len(p.doc.Entries)%every == 0 {
			head()
		}
	}
	head()
	return p
}

func (p *petitionLog) raw(t testing.TB) []byte {
	b, err := p.doc.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, name string, b []byte) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPetitionVerifyUsage(t *testing.T) {
	if code, _, errs := run(t, nil, "petition", "verify", "--help"); code != 0 || !strings.Contains(errs, "--receipt") {
		t.Fatalf("help: exit %d\n%s", code, errs)
	}
	if code, _, _ := run(t, nil, "petition", "verify"); code == 0 {
		t.Fatal("no operand: exit 0")
	}
	if code, _, _ := run(t, nil, "petition", "sign"); code == 0 {
		t.Fatal("unknown subcommand: exit 0")
	}
}

func TestPetitionVerifyFile(t *testing.T) {
	p := newPetitionLog(t, 60, 10)
	file := writeFile(t, "log.json", p.raw(t))
	code, out, errs := run(t, nil, "petition", "verify", file, "--key", p.key.Public)
	if code != 0 || !strings.Contains(out, "count    52 (attested by the latest head)") || !strings.Contains(out, "OK") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = run(t, nil, "petition", "verify", file)
	if code != 0 || !strings.Contains(out, "trusted on first use") {
		t.Fatalf("without --key: exit %d\n%s", code, out)
	}
	other, _ := ledger.LoadOrCreateKey(t.TempDir(), "cortege.test")
	code, out, _ = run(t, nil, "petition", "verify", file, "--key", other.Public)
	if code == 0 || !strings.Contains(out, "FAIL: head 0: ledger: head not signed by a trusted key") {
		t.Fatalf("another key: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, nil, "petition", "verify", file, "--key", other.Public, "--key", p.key.Public)
	if code != 0 {
		t.Fatalf("two keys, one the instance's: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, nil, "petition", "verify", file, "--key", "not-a-key")
	if code == 0 || !strings.Contains(out, "FAIL: ledger: key") {
		t.Fatalf("a malformed key: exit %d\n%s", code, out)
	}
}

func TestPetitionVerifyURL(t *testing.T) {
	p := newPetitionLog(t, 40, 8)
	raw := p.raw(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /petitions/7/log.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(raw)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	url := srv.URL + "/petitions/7/log.json"
	receipt := func(n int64) string {
		b, _ := json.Marshal(p.receipts[n])
		return writeFile(t, "receipt.json", b)
	}

	code, out, errs := run(t, nil, "petition", "verify", url, "--receipt", receipt(12))
	if code == 0 || !strings.Contains(errs, "address refused") {
		t.Fatalf("loopback without --allow-loopback: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, nil, "petition", "verify", "--allow-loopback", url, "--receipt", receipt(12), "--key", p.key.Public)
	if code != 0 || !strings.Contains(out, "receipt  position 12: commitment opens, included in the signed tree of 45 entries") || !strings.Contains(out, "receipt  counted") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, nil, "petition", "verify", "--allow-loopback", url, "--receipt", receipt(3))
	if code != 0 || !strings.Contains(out, "WITHDRAWN: revoked at position 7") {
		t.Fatalf("withdrawn: exit %d\n%s%s", code, out, errs)
	}
	rc := p.receipts[20]
	rc.Salt = strings.Repeat("ab", 32)
	b, _ := json.Marshal(rc)
	code, out, _ = run(t, nil, "petition", "verify", "--allow-loopback", url, "--receipt", writeFile(t, "bad.json", b))
	if code == 0 || !strings.Contains(out, "FAIL: receipt:") {
		t.Fatalf("forged receipt: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, nil, "petition", "verify", "--allow-loopback", srv.URL+"/nothing")
	if code == 0 {
		t.Fatalf("404: exit 0\n%s", out)
	}
}

// TestPetitionVerifyKeptHead: a head saved by one run pins the history for
// the next: a log cut back below it, or rewritten and re-signed by the
// instance itself, is refused; a log that grew is accepted.
func TestPetitionVerifyKeptHead(t *testing.T) {
	p := newPetitionLog(t, 60, 10)
	vs, _ := ledger.Verifiers(p.key.Public)
	early := p.doc
	h3, err := ledger.OpenHead(p.doc.Heads[3], vs)
	if err != nil {
		t.Fatal(err)
	}
	early.Entries, early.Heads = p.doc.Entries[:h3.Size], p.doc.Heads[:4]
	earlyRaw, _ := early.Marshal()
	earlyFile := writeFile(t, "early.json", earlyRaw)
	fullFile := writeFile(t, "full.json", p.raw(t))
	dir := t.TempDir()
	keptEarly, keptFull := filepath.Join(dir, "early.head"), filepath.Join(dir, "full.head")

	if code, out, errs := run(t, nil, "petition", "verify", earlyFile, "--key", p.key.Public, "--save-head", keptEarly); code != 0 {
		t.Fatalf("early log: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, nil, "petition", "verify", fullFile, "--key", p.key.Public, "--head", keptEarly, "--save-head", keptFull); code != 0 || !strings.Contains(out, "extends  the kept head of 40 entries") {
		t.Fatalf("grown log: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ := run(t, nil, "petition", "verify", earlyFile, "--key", p.key.Public, "--head", keptFull)
	if code == 0 || !strings.Contains(out, "it was cut back") {
		t.Fatalf("rolled-back log: exit %d\n%s", code, out)
	}

	// The instance rewrites history: drops a signature and re-signs.
	s := ledger.NewState(p.doc.Origin)
	rewritten := ledger.Document{Format: ledger.Format, Origin: p.doc.Origin, Key: p.key.Public}
	for _, e := range p.doc.Entries[1:] {
		if e.Kind != ledger.KindSign {
			continue
		}
		var ne ledger.Entry
		ne, s = ledger.AppendSign(s, e.Commitment)
		rewritten.Entries = append(rewritten.Entries, ne)
	}
	head, _ := ledger.HeadOf(s, h3.Time.Add(time.Hour)).Sign(p.key.Signer)
	rewritten.Heads = []string{head}
	rb, _ := rewritten.Marshal()
	code, out, _ = run(t, nil, "petition", "verify", writeFile(t, "rewritten.json", rb), "--key", p.key.Public, "--head", keptEarly)
	if code == 0 || !strings.Contains(out, "history was rewritten") {
		t.Fatalf("rewritten log: exit %d\n%s", code, out)
	}
}
