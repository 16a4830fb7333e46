package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// slipCodeRE is a code as the slips print it.
var slipCodeRE = regexp.MustCompile(`[2-9ACDEFHKMNPRTVWX]{4}-[2-9ACDEFHKMNPRTVWX]{4}-[2-9ACDEFHKMNPRTVWX]{4}-[2-9ACDEFHKMNPRTVWX]{4}-[2-9ACDEFHKMNPRTVWX]{4}`)

// pdfCodes returns the codes printed in a PDF (pdftotext), or skips the
// test without poppler (fails under CI).
func pdfCodes(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is needed")
		}
		t.Skip("no pdftotext")
	}
	p := filepath.Join(t.TempDir(), "codes.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return slipCodeRE.FindAllString(string(out), -1)
}

// TestVoteCodes: a vote by codes gets a batch of ten slips as a PDF (the
// codes shown once), one slip reprinted with a new code, another voided
// after a confirmation; the counts follow; bad numbers come back by their
// field; members are refused.
func TestVoteCodes(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Vote par codes", "audience", "codes"))
	members := w.create(voteForm("Vote des membres"))

	res, pdf := w.raw("alice", "POST", "/votes/"+id+"/codes", url.Values{"count": {"10"}})
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("generate: %d %q %.40q", res.StatusCode, res.Header.Get("Content-Type"), pdf)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q", cc)
	}
	codes := pdfCodes(t, pdf)
	if len(codes) != 10 {
		t.Fatalf("%d codes printed, want 10: %v", len(codes), codes)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		seen[c] = true
	}
	if len(seen) != 10 {
		t.Errorf("codes repeat: %v", codes)
	}

	res, one := w.raw("alice", "POST", "/votes/"+id+"/codes/reprint", url.Values{"batch": {"1"}, "slip": {"3"}})
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("reprint: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if again := pdfCodes(t, one); len(again) != 1 || seen[again[0]] {
		t.Errorf("reprint printed %v, want one new code", again)
	}
	_, body, _ := w.send("alice", "GET", "/votes/"+id+"/codes", nil, nil)
	for _, c := range codes {
		if strings.Contains(body, c) {
			t.Fatalf("the codes page shows code %s again", c)
		}
	}
	w.run([]groupCase{
		{name: "codes page", as: "alice", path: "/votes/" + id + "/codes", status: 200,
			contains: []string{"ne peuvent pas être remontrés", `data-count="issued">10<`, `data-count="void">1<`, "Rien n’est enregistré"}},
		{name: "void asks first", as: "alice", method: "POST", path: "/votes/" + id + "/codes/void", form: url.Values{"batch": {"1"}, "slip": {"4"}}, status: 200,
			contains: []string{"Annuler ce coupon\u00a0?", `name="slip" value="4"`}},
		{name: "void", as: "alice", method: "POST", path: "/votes/" + id + "/codes/void", form: url.Values{"batch": {"1"}, "slip": {"4"}, "confirmed": {"1"}}, status: 303,
			location: "/votes/" + id + "/codes?done=slip_voided"},
		{name: "counts after voiding", as: "alice", path: "/votes/" + id + "/codes?done=slip_voided", status: 200,
			contains: []string{"Coupon annulé", `data-count="issued">9<`, `data-count="void">2<`, `data-count="used">0<`}},
		{name: "void twice", as: "alice", method: "POST", path: "/votes/" + id + "/codes/void", form: url.Values{"batch": {"1"}, "slip": {"4"}, "confirmed": {"1"}}, status: 409,
			contains: []string{"a déjà servi ou a été annulé"}},
		{name: "unknown slip", as: "alice", method: "POST", path: "/votes/" + id + "/codes/reprint", form: url.Values{"batch": {"1"}, "slip": {"99"}}, status: 422,
			contains: []string{`id="f-reprint-slip-error"`, `value="99"`}},
		{name: "count not a number", as: "alice", method: "POST", path: "/votes/" + id + "/codes", form: url.Values{"count": {"dix"}}, status: 422,
			contains: []string{"Tapez un nombre entier.", `id="f-generate-count-error"`, `value="dix"`}},
		{name: "count too large", as: "alice", method: "POST", path: "/votes/" + id + "/codes", form: url.Values{"count": {"20000"}}, status: 422,
			contains: []string{"plusieurs lots"}},
		{name: "member refused", as: "bob", method: "POST", path: "/votes/" + id + "/codes", form: url.Values{"count": {"10"}}, status: 404},
		{name: "stranger refused", as: "carol", path: "/votes/" + id + "/codes", status: 404},
		{name: "vote of members has no codes", as: "alice", path: "/votes/" + members + "/codes", status: 404},
		{name: "manage page links the codes", as: "alice", path: "/votes/" + id + "/manage", status: 200, contains: []string{"/votes/" + id + "/codes"}},
	})
}

// TestVoteEnvelopes: an envelope list comes back with the same addressees
// in CSV or as labels, and a file lacking a column or with bad lines is
// refused with the reason.
func TestVoteEnvelopes(t *testing.T) {
	t.Parallel()
	w := newVoteWorld(t)
	id := w.create(voteForm("Vote par courrier", "audience", "codes"))
	csv := "nom;prénom;adresse;code postal;commune\n"
	names := []string{"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois"}
	for i, n := range names {
		csv += n + ";Camille;" + string(rune('1'+i)) + " rue de la Paix;69007;Lyon\n"
	}
	status, body, _ := w.sendMultipart("alice", "/votes/"+id+"/envelopes", "file", "liste.csv", []byte(csv), map[string]string{"format": "csv"})
	if status != 200 {
		t.Fatalf("envelopes: %d\n%s", status, excerpt(body))
	}
	for _, n := range names {
		if strings.Count(body, n+",Camille,") != 1 {
			t.Errorf("%s is not once in the list:\n%s", n, body)
		}
	}
	if !strings.Contains(body, "Code postal") {
		t.Errorf("no header in:\n%s", body)
	}

	status, pdf, _ := w.sendMultipart("alice", "/votes/"+id+"/envelopes", "file", "liste.csv", []byte(csv), map[string]string{"format": "pdf"})
	if status != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("labels: %d %.40q", status, pdf)
	}

	status, body, _ = w.sendMultipart("alice", "/votes/"+id+"/envelopes", "file", "liste.csv", []byte("nom;adresse;commune\nMartin;1 rue;Lyon\n"), nil)
	if status != 400 || !strings.Contains(body, "Le fichier n’a pas de colonne Code postal.") {
		t.Errorf("missing column: %d\n%s", status, excerpt(body))
	}
	status, body, _ = w.sendMultipart("alice", "/votes/"+id+"/envelopes", "file", "liste.csv", []byte(csv+"Leroy;Ana;3 rue;6900;Lyon\n"), nil)
	if status != 422 || !strings.Contains(body, "cinq chiffres") || !strings.Contains(body, "<td>10</td>") {
		t.Errorf("bad line: %d\n%s", status, excerpt(body))
	}
	status, body, _ = w.sendMultipart("alice", "/votes/"+id+"/envelopes", "", "", nil, map[string]string{"format": "csv"})
	if status != 422 || !strings.Contains(body, `id="f-envelopes-file-error"`) {
		t.Errorf("no file: %d\n%s", status, excerpt(body))
	}
	status, _, _ = w.sendMultipart("bob", "/votes/"+id+"/envelopes", "file", "liste.csv", []byte(csv), nil)
	if status != http.StatusNotFound {
		t.Errorf("member: %d, want 404", status)
	}
}
