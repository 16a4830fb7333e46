package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/tally"
	"codeberg.org/cortege/cortege/internal/web"
)

// vtApp is an evApp with a public group, its administrator and a member,
// and a vote of the kind a test asks for.
type vtApp struct {
	*evApp
	admin, member *user
	group         *cortege.Group
	id            string
}

var bgVote = context.Background()

// newVoteApp writes a secret vote of the group (audience members or
// codes) with one question of each kind, open from an hour ago for three
// hours, Paris time; open unless draft.
func newVoteApp(t *testing.T, audience string, draft bool) *vtApp {
	t.Helper()
	a := &vtApp{evApp: newEvApp(t)}
	a.admin = a.signIn("vadmin@example.org")
	a.member = a.signIn("vmember@example.org")
	g, err := a.Service.CreateGroup(bgVote, a.actor(a.admin), service.GroupInput{Handle: "assemblee", Name: "Assemblée du quartier",
		Kind: cortege.GroupLocal, Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	a.group = g
	if _, err := a.Service.Join(bgVote, a.actor(a.member), g.ID, ""); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.Clock.Now()
	c, err := a.Service.CreateConsultation(bgVote, a.actor(a.admin), service.ConsultationInput{Title: "Élection du bureau",
		Description: "Vote **secret** du bureau.", Secret: true, Opens: cortege.WallOf(now.Add(-time.Hour), loc),
		Closes: cortege.WallOf(now.Add(3*time.Hour), loc), TZ: "Europe/Paris", Audience: audience, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	a.id = c.ID
	for _, q := range []service.QuestionInput{
		{Title: "Présidence", Kind: cortege.QuestionSingle, Options: []string{"Amélie", "Bruno"}, Blank: true},
		{Title: "Commissions", Kind: cortege.QuestionMultiple, Options: []string{"Vélo", "Marché", "École"}, Min: 1, Max: 2},
		{Title: "Priorités", Kind: cortege.QuestionRanking, Options: []string{"Bancs", "Arbres", "Lumière"}},
		{Title: "Projets", Kind: cortege.QuestionGrades, Options: []string{"Jardin", "Fresque"}, Grades: []string{"Très bien", "Bien", "Passable", "À rejeter"}},
		{Title: "Adopter le budget", Kind: cortege.QuestionYesNo, Blank: true},
		{Title: "Délégation", Kind: cortege.QuestionRanking, Method: cortege.MethodSTV, Options: []string{"Chloé", "David", "Émile"}, Seats: 1},
	} {
		if _, err := a.Service.AddQuestion(bgVote, a.actor(a.admin), c.ID, q); err != nil {
			t.Fatal(err)
		}
	}
	if !draft {
		if _, err := a.Service.OpenConsultation(bgVote, a.actor(a.admin), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func (a *vtApp) path(suffix string) string { return "/votes/" + a.id + suffix }

// codes issues n invitation codes.
func (a *vtApp) codes(n int) []string {
	a.t.Helper()
	slips, err := a.Service.GenerateCodes(bgVote, a.actor(a.admin), a.id, n)
	if err != nil {
		a.t.Fatal(err)
	}
	out := make([]string, n)
	for i, s := range slips {
		out[i] = s.Code.String()
	}
	return out
}

// ballot is a valid filled form: Amélie, Vélo and École, Arbres then
// Bancs, Jardin "Très bien" and Fresque "Passable", yes.
func ballot() url.Values {
	return url.Values{"questions": {"q1,q2,q3,q4,q5,q6"}, "q1": {"0"}, "q2": {"2", "0"}, "q3.rank.1": {"1"}, "q3.rank.0": {"2"}, "q3.rank.2": {""},
		"q4.grade.0": {"0"}, "q4.grade.1": {"2"}, "q5": {"0"}, "q6.rank.2": {"1"}}
}

// closeAndPublish closes the vote by hand and publishes its results.
func (a *vtApp) closeAndPublish() {
	a.t.Helper()
	if err := a.Service.CloseConsultation(bgVote, a.actor(a.admin), a.id); err != nil {
		a.t.Fatal(err)
	}
	if err := a.Service.PublishResults(bgVote, a.actor(a.admin), a.id); err != nil {
		a.t.Fatal(err)
	}
}

var receiptRE = regexp.MustCompile(`/receipt/([a-z2-7]{26})$`)

// voteCase is one request and what its answer must hold.
type voteCase struct {
	name     string
	as       *user
	method   string
	path     string
	form     url.Values
	status   int
	contains []string
	absent   []string
}

func (a *vtApp) run(t *testing.T, cases []voteCase) {
	t.Helper()
	for _, c := range cases {
		u := c.as
		if u == nil {
			u = a.visitor()
		}
		method := c.method
		if method == "" {
			method = http.MethodGet
		}
		r := a.send(u, method, c.path, c.form)
		if r.code != c.status {
			t.Errorf("%s: %s %s answered %d, want %d\n%s", c.name, method, c.path, r.code, c.status, excerpt(r.body))
			continue
		}
		for _, s := range c.contains {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s: %s lacks %q\n%s", c.name, c.path, s, excerpt(r.body))
			}
		}
		for _, s := range c.absent {
			if strings.Contains(r.body, s) {
				t.Errorf("%s: %s shows %q", c.name, c.path, s)
			}
		}
	}
}

func TestVotePageByCodes(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceCodes, false)
	codes := a.codes(3)
	with := func(f url.Values, kv ...string) url.Values {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				f.Del(kv[i])
			} else {
				f.Set(kv[i], kv[i+1])
			}
		}
		return f
	}
	a.run(t, []voteCase{
		{name: "the page with the slip's code", path: a.path("?code=" + url.QueryEscape(codes[0])), status: 200, contains: []string{
			"<h1>Élection du bureau</h1>", "<strong>secret</strong>", "Qui détient un code vote une fois\u00a0; personne ne peut relier un code à un nom.",
			"(heure de Europe/Paris)", `value="` + codes[0] + `"`, `name="q3.rank.0"`, `name="q4.grade.1"`, `value="blank"`,
			"Choisissez de 1 à 2 options.", "0 émargement", "Vote secret"},
			absent: []string{"vote.js", "data-vote-key"}},
		{name: "a rank given twice", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "q3.rank.2", "1"), status: 422,
			contains: []string{"Chaque rang ne peut être donné qu’une fois.", `id="q-q3-error"`, `value="2" checked`, codes[0]}},
		{name: "blank and a choice", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "q2.blank", "1"), status: 422,
			contains: []string{"Un vote blanc ne choisit rien"}},
		{name: "too many options, said by the service", method: "POST", path: a.path("/cast"), form: func() url.Values { f := with(ballot(), "code", codes[0]); f["q2"] = []string{"0", "1", "2"}; return f }(), status: 422,
			contains: []string{"Cette réponse ne convient pas à la question."}},
		{name: "a grade missing", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "q4.grade.0", ""), status: 422,
			contains: []string{"Donnez une mention à chaque option (ou votez blanc)."}},
		{name: "no grade at all, said by the service", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "q4.grade.0", "", "q4.grade.1", ""), status: 422,
			contains: []string{"Cette réponse ne convient pas à la question.", `id="q-q4-error"`}},
		{name: "no code", method: "POST", path: a.path("/cast"), form: ballot(), status: 422, contains: []string{"Saisissez votre code d’invitation."}},
		{name: "a mistyped code", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", "ABCD-EFGH-JKLM-NPQR-STUV"), status: 422,
			contains: []string{"Vérifiez le code", "ABCD-EFGH-JKLM-NPQR-STUV"}},
		{name: "a garbled form", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "q1", "x9"), status: 422,
			contains: []string{"Ce choix ne correspond à aucune option"}},
		{name: "no question list", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0], "questions", ""), status: 422},
		{name: "an unknown vote", method: "POST", path: "/votes/nope/cast", form: with(ballot(), "code", codes[0]), status: 404},
		{name: "no board before the closing", path: a.path("/board.json"), status: 404, contains: []string{"sera public à la clôture"}},
		{name: "the board page says when", path: a.path("/board"), status: 200, contains: []string{"sera public à la clôture du vote (le "}},
		{name: "no results before publication", path: a.path("/results"), status: 404, contains: []string{"Les résultats seront publiés après la clôture"}},
		{name: "no results export either", path: a.path("/results.csv"), status: 404},
		{name: "a receipt of another shape", path: a.path("/receipt/NOT-A-BALLOT"), status: 404},
	})

	// The cast itself, with a session cookie that the cast must not read
	// (a wrapped page would expire the stale cookie it found).
	v := a.visitor()
	base, _ := url.Parse(a.URL)
	v.c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: "stale-session-value", Path: "/"}})
	r := a.post(v, a.path("/cast"), with(ballot(), "code", codes[0]))
	m := receiptRE.FindStringSubmatch(r.h.Get("Location"))
	if r.code != http.StatusSeeOther || m == nil {
		t.Fatalf("cast: %d %q\n%s", r.code, r.h.Get("Location"), excerpt(r.body))
	}
	if sc := r.h.Values("Set-Cookie"); len(sc) > 0 {
		t.Errorf("the cast read the session cookie: it answered Set-Cookie %q", sc)
	}
	receipt := m[1]
	blank := url.Values{"questions": {"q1,q2,q3,q4,q5,q6"}, "q6.rank.0": {"1"}, "q1": {"blank"}, "q2": {"1"}, "q3.rank.2": {"1"}, "q4.grade.0": {"3"}, "q4.grade.1": {"3"}, "q5": {"blank"}, "code": {codes[1]}}
	if r := a.post(a.visitor(), a.path("/cast"), blank); r.code != http.StatusSeeOther {
		t.Fatalf("blank cast: %d\n%s", r.code, excerpt(r.body))
	}
	a.run(t, []voteCase{
		{name: "the receipt", path: a.path("/receipt/" + receipt), status: 200, contains: []string{receipt, "cortege tally verify --ballot " + receipt},
			absent: []string{"Amélie", "Vélo"}},
		{name: "a used code", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[0]), status: 409,
			contains: []string{"Ce code a déjà servi.", `id="f-ballot-code-error"`}},
		{name: "the running counts", path: a.path(""), status: 200, contains: []string{"2 émargements", "2 bulletins dans l’urne"}},
	})

	a.closeAndPublish()
	var board strings.Builder
	if err := a.Service.WriteBoard(bgVote, cortege.Anonymous, a.id, &board); err != nil {
		t.Fatal(err)
	}
	b, err := tally.ParseBoard(strings.NewReader(board.String()), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	tally.WriteResults(&text, b.Questions, b.Results())
	at := b.Find(receipt)
	if at < 0 {
		t.Fatalf("the receipt %s is not on the board", receipt)
	}
	leaf, entry := b.Ballots[at].Entry.LeafHash(), b.Ballots[at].Entry
	chain := []string{fmt.Sprintf("%x", leaf[:]), fmt.Sprintf("%x", entry.Prev[:]), fmt.Sprintf("%x", entry.Commitment[:])}
	a.run(t, []voteCase{
		{name: "the page after publication", path: a.path(""), status: 200, contains: []string{"/results", "/board"}, absent: []string{`action="/votes/` + a.id + `/cast"`}},
		{name: "the ballot on the board", path: a.path("/board?ballot=" + strings.ToUpper(receipt)), status: 200, contains: []string{
			receipt, "Amélie", "Vélo, École", "1. Arbres, 2. Bancs", "Jardin\u00a0: Très bien, Fresque\u00a0: Passable", "Oui", "2 bulletins sur le tableau", chain[0], chain[1], chain[2]}},
		{name: "no such ballot", path: a.path("/board?ballot=aaaaaaaaaaaaaaaaaaaaaaaaaa"), status: 200, contains: []string{"Aucun bulletin de ce numéro"}},
		{name: "the board", path: a.path("/board.json"), status: 200, contains: []string{`"format":"cortege-board/1"`, receipt}},
		{name: "the results", path: a.path("/results"), status: 200, contains: []string{
			"2 bulletins pour 2 émargements (100.00 %)", "2 réponses, dont 1 blanc, 1 exprimée", "100.00 %", "<svg", "role=\"img\"",
			"Comparaisons deux à deux", "Mention majoritaire", "Étapes du décompte", "1 siège, quota ", "Voix à la dernière étape\u00a0: Délégation", htmlText(text.String())}},
		{name: "the results as CSV", path: a.path("/results.csv"), status: 200, contains: []string{"question,title,method,option", "q1,Présidence,plurality,Amélie,1,100.00"}},
		{name: "the results as JSON", path: a.path("/results.json"), status: 200, contains: []string{`"question": "q3"`, `"schulze"`}},
		{name: "a cast after closing", method: "POST", path: a.path("/cast"), form: with(ballot(), "code", codes[2]), status: 409, contains: []string{"Ce vote n’est pas ouvert."}},
	})
}

// htmlText escapes text as html/template does in an element.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(strings.TrimPrefix(s, "\n"))
}

func TestVotePageDraftAndVisibility(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceMembers, true)
	a.run(t, []voteCase{
		{name: "a draft to a visitor", path: a.path(""), status: 404},
		{name: "a draft to a member", as: a.member, path: a.path(""), status: 404},
		{name: "a draft to its manager", as: a.admin, path: a.path(""), status: 200, contains: []string{"Ce vote est un brouillon", "/manage"}},
		{name: "a draft's board", as: a.member, path: a.path("/board"), status: 404},
		{name: "an unknown vote", path: "/votes/01XXXXXXXXXXXXXXXXXXXXXXXX", status: 404},
	})
}

// signOff posts a blinded token to the sign-off as u and returns the
// status and the decoded answer.
func (a *vtApp) signOff(u *user, blinded []byte) (int, map[string]any) {
	a.t.Helper()
	body, _ := json.Marshal(map[string]string{"blinded": base64.RawURLEncoding.EncodeToString(blinded)})
	return a.sendJSON(u, a.path("/signoff"), "application/json", string(body))
}

func (a *vtApp) sendJSON(u *user, path, ctype, body string) (int, map[string]any) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Language", "fr")
	r, err := u.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		a.t.Fatalf("%s: not JSON (%d): %s", path, r.StatusCode, b)
	}
	return r.StatusCode, out
}

func TestVotePageMembersBlindToken(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceMembers, false)
	stranger := a.signIn("vstranger@example.org")
	a.run(t, []voteCase{
		{name: "a visitor is asked to sign in", path: a.path(""), status: 200, contains: []string{"Connectez-vous pour voter", "/login?next=%2Fvotes%2F" + a.id},
			absent: []string{"data-vote-key"}},
		{name: "a member gets the form for the script", as: a.member, path: a.path(""), status: 200, contains: []string{
			`data-vote-key="`, `data-vote-id="` + a.id + `"`, `data-signoff="/votes/` + a.id + `/signoff"`, `data-cast="/votes/` + a.id + `/cast"`,
			"/static/vote.", "ce vote a besoin de JavaScript", "Chaque membre vote une fois\u00a0; le site sait qui a voté, jamais ce qu’il a voté."},
			absent: []string{`name="code"`}},
		{name: "a stranger may not take part", as: stranger, path: a.path(""), status: 200, contains: []string{"vous n’en faites pas partie"}, absent: []string{"data-vote-key"}},
		{name: "a member's ballot without the script", as: a.member, method: "POST", path: a.path("/cast"), form: ballot(), status: 422,
			contains: []string{"ce vote a besoin de JavaScript"}},
	})
	v, err := a.Service.Consultation(bgVote, a.actor(a.member), a.id)
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
	if code, out := a.signOff(a.visitor(), blinded); code != http.StatusUnauthorized {
		t.Errorf("a visitor's sign-off: %d %v", code, out)
	}
	if code, out := a.signOff(stranger, blinded); code != http.StatusForbidden || out["message"] != "Vous ne pouvez pas participer à ce vote." {
		t.Errorf("a stranger's sign-off: %d %v", code, out)
	}
	if code, _ := a.sendJSON(a.member, a.path("/signoff"), "application/json", `{"blinded":"%%%"}`); code != http.StatusUnprocessableEntity {
		t.Errorf("a garbled sign-off: %d", code)
	}
	code, out := a.signOff(a.member, blinded)
	if code != 200 {
		t.Fatalf("sign-off: %d %v", code, out)
	}
	bs, err := base64.RawURLEncoding.DecodeString(out["blind_signature"].(string))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := cl.Finalize(st, bs)
	if err != nil {
		t.Fatal(err)
	}
	if code, out := a.signOff(a.member, blinded); code != http.StatusConflict || out["message"] != "Vous avez déjà participé à ce vote." {
		t.Errorf("a second sign-off: %d %v", code, out)
	}
	a.run(t, []voteCase{{name: "the member already voted", as: a.member, path: a.path(""), status: 200, contains: []string{"Vous avez déjà voté."}, absent: []string{"data-vote-key"}}})

	enc := base64.RawURLEncoding
	form := ballot()
	form.Set("token", enc.EncodeToString(prepared))
	forged := make([]byte, len(sig))
	copy(forged, sig)
	forged[10] ^= 1
	form.Set("signature", enc.EncodeToString(forged))
	if code, out := a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", form.Encode()); code != http.StatusUnprocessableEntity || out["message"] != "Ce jeton n’est pas valide pour ce vote." {
		t.Errorf("a forged token: %d %v", code, out)
	}
	form.Set("signature", enc.EncodeToString(sig))
	code, out = a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", form.Encode())
	url, _ := out["receipt_url"].(string)
	if code != 200 || !receiptRE.MatchString(url) {
		t.Fatalf("cast: %d %v", code, out)
	}
	if code, out := a.sendJSON(a.visitor(), a.path("/cast"), "application/x-www-form-urlencoded", form.Encode()); code != http.StatusConflict || out["message"] != "Ce jeton a déjà servi." {
		t.Errorf("a token twice: %d %v", code, out)
	}
	a.run(t, []voteCase{{name: "the receipt", as: a.member, path: url, status: 200, contains: []string{receiptRE.FindStringSubmatch(url)[1]}}})
}

func TestVotePageEnglishAndConsultation(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceCodes, false)
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.Clock.Now()
	c, err := a.Service.CreateConsultation(bgVote, a.actor(a.admin), service.ConsultationInput{Title: "Idées pour la fête", Description: "Vos idées.",
		Opens: cortege.WallOf(now, loc), Closes: cortege.WallOf(now.Add(time.Hour), loc), TZ: "Europe/Paris", Audience: cortege.AudienceLink, GroupID: a.group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.AddQuestion(bgVote, a.actor(a.admin), c.ID, service.QuestionInput{Title: "Votre idée", Kind: cortege.QuestionText}); err != nil {
		t.Fatal(err)
	}
	a.run(t, []voteCase{
		{name: "in English", path: a.path("?lang=en"), status: 200, contains: []string{"Whoever holds a code votes once; nobody can tie a code to a name.",
			"(Europe/Paris time)", "Secret vote", "Choose 1 to 2 options.", `action="/votes/` + a.id + `/cast?lang=en"`}},
		{name: "a consultation links to its answer form", as: a.admin, path: "/votes/" + c.ID, status: 200, contains: []string{
			"/votes/" + c.ID + "/respond", "Votre idée", "Une réponse par navigateur", "Ce n’est pas un vote secret."},
			absent: []string{"Vote secret", "Votre bulletin"}},
		{name: "a consultation has no board", as: a.admin, path: "/votes/" + c.ID + "/board", status: 404},
		{name: "nor receipts", as: a.admin, path: "/votes/" + c.ID + "/receipt/aaaaaaaaaaaaaaaaaaaaaaaaaa", status: 404},
	})
}

// TestVoteLogsNoBallot: with the access log on, casting a ballot, opening
// its receipt and looking it up on the board write no line holding the
// ballot ID, and the cast's and receipt's lines hold their route alone.
func TestVoteLogsNoBallot(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceCodes, false)
	code := a.codes(1)[0]
	var buf bytes.Buffer
	w, err := web.New(web.Options{Service: a.Service, Catalog: a.Catalog, BaseURL: a.URL, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Routes: []func(*http.ServeMux){w.Register}, ErrorPage: w.ErrorPage, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	serve := func(method, path string, body url.Values) *httptest.ResponseRecorder {
		var r *http.Request
		if body != nil {
			r = httptest.NewRequest(method, path, strings.NewReader(body.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			r = httptest.NewRequest(method, path, nil)
		}
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.AddCookie(&http.Cookie{Name: "cortege_session", Value: a.member.secret})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	f := ballot()
	f.Set("code", code)
	rec := serve("POST", a.path("/cast"), f)
	m := receiptRE.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("cast: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := serve("GET", a.path("/receipt/"+m[1]), nil); rec.Code != 200 {
		t.Fatalf("receipt: %d", rec.Code)
	}
	a.closeAndPublish()
	if rec := serve("GET", a.path("/board?ballot="+m[1]), nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), m[1]) {
		t.Fatalf("board: %d", rec.Code)
	}
	logs := buf.String()
	if strings.Contains(logs, m[1]) {
		t.Errorf("a log line holds the ballot ID:\n%s", logs)
	}
	for _, route := range []string{"POST /votes/{id}/cast", "GET /votes/{id}/receipt/{ballot}"} {
		found := false
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, `route="`+route+`"`) {
				found = true
				if strings.Contains(line, "path=") || strings.Contains(line, "status=") || strings.Contains(line, "ms=") {
					t.Errorf("the line of %s holds more than its route: %s", route, line)
				}
			}
		}
		if !found {
			t.Errorf("no access-log line for %s:\n%s", route, logs)
		}
	}
}

func TestVotePageSoonAndClosed(t *testing.T) {
	t.Parallel()
	a := newVoteApp(t, cortege.AudienceCodes, false)
	loc, _ := time.LoadLocation("Europe/Paris")
	now := a.Clock.Now()
	c, err := a.Service.CreateConsultation(bgVote, a.actor(a.admin), service.ConsultationInput{Title: "Vote de demain", Secret: true,
		Opens: cortege.WallOf(now.Add(2*time.Hour), loc), Closes: cortege.WallOf(now.Add(5*time.Hour), loc), TZ: "Europe/Paris",
		Audience: cortege.AudienceCodes, GroupID: a.group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.AddQuestion(bgVote, a.actor(a.admin), c.ID, service.QuestionInput{Title: "Oui ou non", Kind: cortege.QuestionYesNo}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.OpenConsultation(bgVote, a.actor(a.admin), c.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.Service.CloseConsultation(bgVote, a.actor(a.admin), a.id); err != nil {
		t.Fatal(err)
	}
	a.run(t, []voteCase{
		{name: "open, not yet at its time", path: "/votes/" + c.ID, status: 200, contains: []string{"Le vote ouvrira le "}, absent: []string{"Votre bulletin"}},
		{name: "closed, to a voter", path: a.path(""), status: 200, contains: []string{"Le vote est clos.", a.path("/board")}, absent: []string{a.path("/results"), "Votre bulletin"}},
		{name: "closed, the manager's preview", as: a.admin, path: a.path(""), status: 200, contains: []string{a.path("/results")}},
		{name: "the manager reads the results before publication", as: a.admin, path: a.path("/results"), status: 200, contains: []string{"0 bulletin pour 0 émargement (0.00 %)"}},
		{name: "a voter does not", as: a.member, path: a.path("/results"), status: 404},
		{name: "but the board is public from closing", as: a.member, path: a.path("/board.json"), status: 200, contains: []string{`"format":"cortege-board/1"`}},
	})
}
