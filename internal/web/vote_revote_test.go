package web_test

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/tally"
)

// openMembersVote writes and opens a secret vote of a's group for its
// members, one single-choice question (Amélie, Bruno, blank), with or
// without re-voting; it returns the vote's ID.
func (a *vtApp) openMembersVote(t *testing.T, title string, revote bool) string {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.Clock.Now()
	c, err := a.Service.CreateConsultation(bgVote, a.actor(a.admin), service.ConsultationInput{Title: title, Secret: true, Revote: revote,
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(3*time.Hour), loc), TZ: "Europe/Paris",
		Audience: cortege.AudienceMembers, MinRole: cortege.GroupMember, GroupID: a.group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.AddQuestion(bgVote, a.actor(a.admin), c.ID, service.QuestionInput{Title: "Présidence", Kind: cortege.QuestionSingle,
		Options: []string{"Amélie", "Bruno"}, Blank: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.OpenConsultation(bgVote, a.actor(a.admin), c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// revoteKeyOf has u sign off on vote id with a blinded token and returns
// the unblinded token and its signature, base64url, as vote.js does.
func (a *vtApp) revoteKeyOf(t *testing.T, u *user, id string) (token, sig string) {
	t.Helper()
	v, err := a.Service.Consultation(bgVote, a.actor(u), id)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := tally.TokenPublicKey(v.TokenKey)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, pk)
	if err != nil {
		t.Fatal(err)
	}
	msg := make([]byte, 32)
	rand.Read(msg)
	prepared, _ := cl.Prepare(rand.Reader, msg)
	blinded, st, err := cl.Blind(rand.Reader, prepared)
	if err != nil {
		t.Fatal(err)
	}
	saved := a.id
	a.id = id
	code, out := a.signOff(u, blinded)
	a.id = saved
	if code != 200 {
		t.Fatalf("sign-off: %d %v", code, out)
	}
	bs, _ := base64.RawURLEncoding.DecodeString(out["blind_signature"].(string))
	s, err := cl.Finalize(st, bs)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(prepared), enc.EncodeToString(s)
}

// oneChoice is the form of the one question: "0" Amélie, "1" Bruno,
// "blank".
func oneChoice(choice string) url.Values {
	return url.Values{"questions": {"q1"}, "q1": {choice}}
}

func TestVoteRevoteByKey(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceMembers, true)
	id := a.openMembersVote(t, "Bureau, avec re-vote", true)
	other := a.openMembersVote(t, "Trésorerie, avec re-vote", true)
	fixed := a.openMembersVote(t, "Secrétariat, sans re-vote", false)
	a.id = id
	tok, sig := a.revoteKeyOf(t, a.member, id)
	key := tok + "." + sig
	otherTok, otherSig := a.revoteKeyOf(t, a.member, other)

	// The first ballot, with the token, as the script casts it.
	first := oneChoice("0")
	first.Set("token", tok)
	first.Set("signature", sig)
	code, out := a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", first.Encode())
	firstURL, _ := out["receipt_url"].(string)
	if code != 200 || !receiptRE.MatchString(firstURL) {
		t.Fatalf("first cast: %d %v", code, out)
	}
	firstID := receiptRE.FindStringSubmatch(firstURL)[1]

	with := func(choice string, kv ...string) url.Values {
		f := oneChoice(choice)
		f.Set("revote", "1")
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	forged := []byte(sig)
	if forged[5] == 'A' {
		forged[5] = 'B'
	} else {
		forged[5] = 'A'
	}
	a.run(t, []voteCase{
		{name: "the receipt holds the key's place, filled by the script only", as: a.member, path: firstURL, status: 200,
			contains: []string{"data-revote-panel", `data-vote-id="` + id + `"`, "/static/vote.", "Gardez-la secrète\u00a0: avec elle, vous ou quiconque l’obtient"},
			absent:   []string{tok, sig}},
		{name: "the member who voted gets the re-vote form", as: a.member, path: a.path(""), status: 200, contains: []string{
			`data-revote-id="` + id + `"`, `name="key"`, `name="revote" value="1"`, "Remplacer mon bulletin", "Seul votre dernier bulletin compte",
			"le tableau publié à la clôture ne contient que votre dernier bulletin", "/static/vote."},
			absent: []string{"data-vote-key", "data-signoff"}},
		{name: "a visitor still gets no form", path: a.path(""), status: 200, contains: []string{"Connectez-vous pour voter"}, absent: []string{`name="key"`}},
		{name: "no key", method: "POST", path: a.path("/cast"), form: with("1"), status: 422,
			contains: []string{`id="f-ballot-key-error"`, "Collez votre clé de re-vote", "Remplacer mon bulletin"}},
		{name: "a malformed key", method: "POST", path: a.path("/cast"), form: with("1", "key", "pas une clé"), status: 422,
			contains: []string{`id="f-ballot-key-error"`, "Cette clé de re-vote est mal formée", "pas une clé"}},
		{name: "a key without its signature", method: "POST", path: a.path("/cast"), form: with("1", "key", tok), status: 422,
			contains: []string{"mal formée"}},
		{name: "a forged key", method: "POST", path: a.path("/cast"), form: with("1", "key", tok+"."+string(forged)), status: 422,
			contains: []string{`id="f-ballot-key-error"`, "Cette clé de re-vote n’est pas valide pour ce vote"}},
		{name: "another vote's key", method: "POST", path: a.path("/cast"), form: with("1", "key", otherTok+"."+otherSig), status: 422,
			contains: []string{"n’est pas valide pour ce vote\u00a0: elle a été modifiée, ou elle appartient à un autre vote"}},
		{name: "a bad ballot and a bad key: both said", method: "POST", path: a.path("/cast"), form: with("", "key", "x.y.z"), status: 422,
			contains: []string{`id="q-q1-error"`, "mal formée"}},
	})

	// A re-vote by the script (JSON, the key field as typed, with a line
	// break from a paste), then one without JavaScript: the last counts.
	f := with("blank", "key", tok+"\n."+sig)
	code, out = a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", f.Encode())
	if u, _ := out["receipt_url"].(string); code != 200 || !receiptRE.MatchString(u) {
		t.Fatalf("re-vote by the script: %d %v", code, out)
	}
	if code, out := a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", with("1", "key", "x").Encode()); code != 422 || out["error"].(map[string]any)["field"] != "key" {
		t.Errorf("a malformed key, JSON: %d %v", code, out)
	}
	r := a.send(a.visitor(), http.MethodPost, a.path("/cast"), with("1", "key", key))
	m := receiptRE.FindStringSubmatch(r.h.Get("Location"))
	if r.code != http.StatusSeeOther || m == nil {
		t.Fatalf("re-vote without the script: %d %q\n%s", r.code, r.h.Get("Location"), excerpt(r.body))
	}
	lastID := m[1]

	// A vote without re-voting: no form, and a key posted anyway is refused.
	a.id = fixed
	ftok, fsig := a.revoteKeyOf(t, a.member, fixed)
	ff := oneChoice("0")
	ff.Set("token", ftok)
	ff.Set("signature", fsig)
	code, out = a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", ff.Encode())
	fixedURL, _ := out["receipt_url"].(string)
	if code != 200 {
		t.Fatalf("cast without re-voting: %d %v", code, out)
	}
	a.run(t, []voteCase{
		{name: "without re-voting, the member has voted", as: a.member, path: a.path(""), status: 200, contains: []string{"Vous avez déjà voté."},
			absent: []string{`name="key"`, "vote.js"}},
		{name: "without re-voting, no key on the receipt", as: a.member, path: fixedURL, status: 200, absent: []string{"data-revote-panel"}},
		{name: "without re-voting, a key is refused", method: "POST", path: a.path("/cast"), form: with("1", "key", ftok+"."+fsig), status: 409,
			contains: []string{"Ce vote n’admet pas le re-vote\u00a0: le bulletin déjà déposé avec cette clé reste valable."}, absent: []string{`name="key"`}},
	})

	// After the closing: one ballot on the board, the last, counted.
	a.id = id
	a.closeAndPublish()
	res, err := a.Service.VoteResults(bgVote, a.actor(a.admin), id)
	if err != nil {
		t.Fatal(err)
	}
	if c := res[0].Counts; c == nil || c.Counts[0] != 0 || c.Counts[1] != 1 || res[0].Answers != 1 {
		t.Fatalf("results after re-votes: %+v", res[0])
	}
	a.run(t, []voteCase{
		{name: "the board holds the last ballot", path: a.path("/board?ballot=" + lastID), status: 200, contains: []string{"Bruno", "1 bulletin sur le tableau"}},
		{name: "the first receipt finds nothing", path: a.path("/board?ballot=" + firstID), status: 200, contains: []string{"Aucun bulletin de ce numéro sur le tableau"}},
		{name: "closed: no re-vote form", as: a.member, path: a.path(""), status: 200, absent: []string{`name="key"`}},
		{name: "closed: no key on the receipt", as: a.member, path: "/votes/" + id + "/receipt/" + lastID, status: 200, absent: []string{"data-revote-panel"}},
	})
	if r := a.send(a.visitor(), http.MethodPost, a.path("/cast"), with("0", "key", key)); r.code != http.StatusConflict || strings.Contains(r.body, `name="key"`) {
		t.Errorf("a re-vote after the closing: %d\n%s", r.code, excerpt(r.body))
	}
}
