package web_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionForm is a valid petition form: local, in Lyon 7e.
func petitionForm(title string) url.Values {
	return url.Values{"title": {title}, "text": {"Nous demandons **une piste cyclable**."}, "addressee": {"La mairie de Lyon"},
		"goal": {"1 000"}, "scope": {"local"}, "place": {"69007"}, "tags": {"vélo, ville"}, "fundraising_url": {"https://dons.example.org/velo"}}
}

// createPetition writes a petition through the form and returns its ID.
func createPetition(t *testing.T, a *app, session, title string) string {
	t.Helper()
	r := a.do(req{method: "POST", path: "/petitions/new", form: petitionForm(title), session: session})
	loc := r.Header().Get("Location")
	m := regexp.MustCompile(`^/petitions/([^/]+)/manage\?done=created$`).FindStringSubmatch(loc)
	if r.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %q\n%s", r.Code, loc, r.Body.String())
	}
	return m[1]
}

// signAndConfirmWeb signs p anonymously through the service and follows
// the mailed confirmation link.
func signAndConfirmWeb(t *testing.T, a *app, id string, in service.SignInput, ip string) {
	t.Helper()
	if _, err := a.svc.Sign(context.Background(), cortege.Actor{IP: ip}, id, in); err != nil {
		t.Fatal(err)
	}
	link := a.lastLink(in.Email, "/petitions/"+id+"/confirm")
	tok, _ := url.ParseQuery(strings.SplitN(link, "?", 2)[1])
	if _, err := a.svc.ConfirmSignature(context.Background(), tok.Get("token")); err != nil {
		t.Fatal(err)
	}
}

func TestPetitionFormErrorsAtTheField(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	if r := a.do(req{path: "/petitions/new"}); r.Code != http.StatusSeeOther && r.Code != http.StatusUnauthorized {
		t.Fatalf("a visitor's form: %d", r.Code)
	}
	r := a.do(req{path: "/petitions/new", session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), `name="addressee"`) {
		t.Fatalf("form: %d", r.Code)
	}
	bad := petitionForm("Une piste")
	bad.Set("goal", "beaucoup")
	r = a.do(req{method: "POST", path: "/petitions/new", form: bad, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-petition-goal-error"`) || !strings.Contains(r.Body.String(), `value="Une piste"`) {
		t.Fatalf("bad goal: %d\n%s", r.Code, r.Body.String())
	}
	bad = petitionForm("Une piste")
	bad.Set("place", "99999")
	r = a.do(req{method: "POST", path: "/petitions/new", form: bad, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-petition-place-error"`) {
		t.Fatalf("unknown commune: %d", r.Code)
	}
	bad = petitionForm("Une piste")
	bad.Set("fundraising_url", "http://dons.example.org")
	r = a.do(req{method: "POST", path: "/petitions/new", form: bad, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-petition-fundraising_url-error"`) {
		t.Fatalf("http fundraising link: %d", r.Code)
	}
}

func TestPetitionManageLifecycleThroughForms(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	stranger := a.signIn("stranger@example.org")
	id := createPetition(t, a, alice, "Une piste cyclable à Lyon")
	p := "/petitions/" + id

	r := a.do(req{path: p + "/manage?done=created", session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), "Brouillon") || !strings.Contains(r.Body.String(), `action="`+p+`/publish"`) {
		t.Fatalf("manage page: %d\n%s", r.Code, r.Body.String())
	}
	for _, path := range []string{"/manage", "/edit", "/counts", "/paper", "/bursts", "/signatures.csv", "/handover.pdf"} {
		if r := a.do(req{path: p + path, session: stranger}); r.Code != http.StatusNotFound {
			t.Errorf("a stranger's %s of a draft: %d", path, r.Code)
		}
	}
	if r := a.do(req{path: "/dashboard", session: alice}); r.Code != 200 || !strings.Contains(r.Body.String(), `href="/petitions/mine"`) {
		t.Fatalf("the dashboard leads to my petitions: %d", r.Code)
	}
	if r := a.do(req{path: "/petitions/mine", session: alice}); r.Code != 200 || !strings.Contains(r.Body.String(), "Une piste cyclable à Lyon") {
		t.Fatalf("my petitions: %d", r.Code)
	}

	// Edit: the commune reads back, the change is kept.
	r = a.do(req{path: p + "/edit", session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), `name="place_insee" value="69387"`) {
		t.Fatalf("edit form: %d\n%s", r.Code, r.Body.String())
	}
	edit := petitionForm("Une piste cyclable rue Garibaldi")
	edit.Set("place", "Lyon 7e")
	edit.Set("place_insee", "69387")
	if r := a.do(req{method: "POST", path: p + "/edit", form: edit, session: alice}); r.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Code, r.Body.String())
	}

	if r := a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: stranger}); r.Code != http.StatusNotFound {
		t.Fatalf("a stranger publishes: %d", r.Code)
	}
	if r := a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: alice}); r.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.Code, r.Body.String())
	}
	if r := a.do(req{path: p + "/manage", session: stranger}); r.Code != http.StatusForbidden {
		t.Fatalf("a stranger's manage page: %d", r.Code)
	}
	if r := a.do(req{method: "POST", path: p + "/close", form: url.Values{"confirmed": {"1"}}, session: stranger}); r.Code != http.StatusForbidden {
		t.Fatalf("a stranger closes: %d", r.Code)
	}
	// Closing asks first.
	r = a.do(req{method: "POST", path: p + "/close", form: url.Values{}, session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), `name="confirmed" value="1"`) {
		t.Fatalf("close asks: %d", r.Code)
	}
	if r := a.do(req{method: "POST", path: p + "/close", form: url.Values{"confirmed": {"1"}}, session: alice}); r.Code != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", r.Code, r.Body.String())
	}
	// An empty answer is refused at its field, without asking.
	r = a.do(req{method: "POST", path: p + "/answer", form: url.Values{"answer": {" "}}, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-step-answer-error"`) {
		t.Fatalf("empty answer: %d\n%s", r.Code, r.Body.String())
	}
	r = a.do(req{method: "POST", path: p + "/answer", form: url.Values{"answer": {"La piste sera construite."}}, session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), "La piste sera construite.") {
		t.Fatalf("answer asks: %d", r.Code)
	}
	if r := a.do(req{method: "POST", path: p + "/answer", form: url.Values{"answer": {"La piste sera construite."}, "confirmed": {"1"}}, session: alice}); r.Code != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", r.Code, r.Body.String())
	}
	v, err := a.svc.Petition(context.Background(), a.actor(alice), id)
	if err != nil || v.State != cortege.PetitionAnswered || v.Petition.Title != "Une piste cyclable rue Garibaldi" || v.Petition.Goal != 1000 || v.Petition.Answer != "La piste sera construite." {
		t.Fatalf("after the forms: %+v, %v", v, err)
	}
}

func TestPetitionManageCoSigningInvitation(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	bob := a.signIn("bob@example.org")
	g, err := a.svc.CreateGroup(context.Background(), a.actor(bob), service.GroupInput{Handle: "velolyon", Name: "Vélo Lyon", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	id := createPetition(t, a, alice, "Une piste cyclable")
	p := "/petitions/" + id
	a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: alice})
	r := a.do(req{method: "POST", path: p + "/invite", form: url.Values{"handle": {"@nobody"}}, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-step-handle-error"`) {
		t.Fatalf("unknown group: %d\n%s", r.Code, r.Body.String())
	}
	if r := a.do(req{method: "POST", path: p + "/invite", form: url.Values{"handle": {"@velolyon"}}, session: alice}); r.Code != http.StatusSeeOther || !strings.HasSuffix(r.Header().Get("Location"), "done=invited") {
		t.Fatalf("invite: %d %s", r.Code, r.Header().Get("Location"))
	}
	r = a.do(req{path: "/petitions/invitations", session: bob})
	if r.Code != 200 || !strings.Contains(r.Body.String(), "Une piste cyclable") {
		t.Fatalf("bob's invitations: %d", r.Code)
	}
	if r := a.do(req{path: p + "/manage", session: bob}); r.Code != http.StatusForbidden {
		t.Fatalf("bob manages before accepting: %d", r.Code)
	}
	if r := a.do(req{method: "POST", path: "/petitions/invitations", form: url.Values{"petition": {id}, "group": {g.ID}, "accept": {"1"}}, session: bob}); r.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%s", r.Code, r.Body.String())
	}
	if r := a.do(req{path: p + "/manage", session: bob}); r.Code != 200 || !strings.Contains(r.Body.String(), "Vélo Lyon") {
		t.Fatalf("bob manages after accepting: %d", r.Code)
	}
	r = a.do(req{method: "POST", path: p + "/invite", form: url.Values{"handle": {"velolyon"}}, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-step-handle-error"`) {
		t.Fatalf("inviting twice: %d", r.Code)
	}
}

// multipartCSV is a form with one file under "file".
func multipartCSV(t *testing.T, data string) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "signatures.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(data))
	mw.Close()
	return &b, mw.FormDataContentType()
}

func TestPetitionToolPaperSignatures(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	stranger := a.signIn("stranger@example.org")
	id := createPetition(t, a, alice, "Une piste cyclable")
	p := "/petitions/" + id
	a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: alice})

	// The form: a bad line refuses the batch and is named.
	rows := url.Values{"first_name_1": {"Jean"}, "last_name_1": {"Martin"}, "postal_code_1": {"75011"},
		"first_name_3": {"Léa"}, "last_name_3": {"Petit"}, "postal_code_3": {"123"}}
	r := a.do(req{method: "POST", path: p + "/paper", form: rows, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-paper-postal_code_3-error"`) || !strings.Contains(r.Body.String(), "<td>3</td>") {
		t.Fatalf("a bad line: %d\n%s", r.Code, r.Body.String())
	}
	rows.Set("postal_code_3", "13001")
	r = a.do(req{method: "POST", path: p + "/paper", form: rows, session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), "2 signatures ajoutées") {
		t.Fatalf("two lines: %d\n%s", r.Code, r.Body.String())
	}

	// A CSV file: line 3 is refused with its reason, then the fixed file.
	body, ctype := multipartCSV(t, "prénom;nom;code postal;courriel\nAnna;Durand;69007;anna@example.org\nBob;Leroy;0000;\n")
	r = a.do(req{method: "POST", path: p + "/paper/csv", body: body, ctype: ctype, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "<td>3</td><td>Code postal</td>") {
		t.Fatalf("a bad CSV line: %d\n%s", r.Code, r.Body.String())
	}
	body, ctype = multipartCSV(t, "prénom;nom;code postal;courriel\nAnna;Durand;69007;anna@example.org\nBob;Leroy;69001;\n")
	if r := a.do(req{method: "POST", path: p + "/paper/csv", body: body, ctype: ctype, session: stranger}); r.Code != http.StatusForbidden {
		t.Fatalf("a stranger's CSV: %d", r.Code)
	}
	body, ctype = multipartCSV(t, "prénom;nom;code postal;courriel\nAnna;Durand;69007;anna@example.org\nBob;Leroy;69001;\n")
	r = a.do(req{method: "POST", path: p + "/paper/csv", body: body, ctype: ctype, session: alice})
	if r.Code != 200 || !strings.Contains(r.Body.String(), "2 signatures ajoutées") {
		t.Fatalf("CSV: %d\n%s", r.Code, r.Body.String())
	}
	body, ctype = multipartCSV(t, "a,b\n1,2\n")
	r = a.do(req{method: "POST", path: p + "/paper/csv", body: body, ctype: ctype, session: alice})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `id="f-paper-file-error"`) {
		t.Fatalf("CSV without columns: %d", r.Code)
	}
	c, _ := a.svc.PetitionCounts(context.Background(), cortege.Anonymous, id)
	if c.Paper != 4 || c.Online != 0 {
		t.Fatalf("counts %+v", c)
	}
}

func TestPetitionToolBurstInvalidation(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	id := createPetition(t, a, alice, "Une piste cyclable")
	p := "/petitions/" + id
	a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: alice})
	for i := 0; i < 22; i++ {
		in := service.SignInput{FirstName: "B", LastName: "Ot", Email: fmt.Sprintf("b%d@burst.example", i), Postal: "69007"}
		if _, err := a.svc.Sign(context.Background(), cortege.Actor{IP: fmt.Sprintf("203.0.113.%d", i)}, id, in); err != nil {
			t.Fatal(err)
		}
	}
	r := a.do(req{path: p + "/bursts", session: alice})
	body := r.Body.String()
	vals := regexp.MustCompile(`name="burst" value="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if r.Code != 200 || len(vals) == 0 || !strings.Contains(body, "burst.example") || strings.Contains(body, "203.0.113") {
		t.Fatalf("bursts: %d %d\n%s", r.Code, len(vals), body)
	}
	form := url.Values{"burst": {strings.ReplaceAll(vals[0][1], "&#43;", "+")}}
	if r := a.do(req{method: "POST", path: p + "/bursts/invalidate", form: form, session: alice}); r.Code != 200 || !strings.Contains(r.Body.String(), `name="confirmed"`) {
		t.Fatalf("invalidation asks: %d", r.Code)
	}
	form.Set("confirmed", "1")
	r = a.do(req{method: "POST", path: p + "/bursts/invalidate", form: form, session: alice})
	if r.Code != http.StatusSeeOther || !strings.Contains(r.Header().Get("Location"), "n=22") {
		t.Fatalf("invalidate: %d %s\n%s", r.Code, r.Header().Get("Location"), r.Body.String())
	}
	if r := a.do(req{path: p + "/bursts", session: alice}); strings.Contains(r.Body.String(), `name="burst"`) {
		t.Fatal("bursts left after invalidation")
	}
}

func TestPetitionToolChartsExportAndHandover(t *testing.T) {
	a := newApp(t)
	alice := a.signIn("alice@example.org")
	stranger := a.signIn("stranger@example.org")
	id := createPetition(t, a, alice, "Une piste cyclable à Lyon, « vite »")
	p := "/petitions/" + id
	a.do(req{method: "POST", path: p + "/publish", form: url.Values{}, session: alice})
	news := []cortege.Consent{{Purpose: cortege.ConsentGroupNews, Given: true, Wording: "Nouvelles des groupes"}}
	signAndConfirmWeb(t, a, id, service.SignInput{FirstName: "=cmd", LastName: "Durand", Email: "anna@example.org", Postal: "69007", Comment: "Enfin une piste sûre !", ShowName: true, Consents: news}, "192.0.2.1")
	signAndConfirmWeb(t, a, id, service.SignInput{FirstName: "Omar", LastName: "Benali", Email: "omar@example.org", Postal: "69001"}, "192.0.2.2")
	signAndConfirmWeb(t, a, id, service.SignInput{FirstName: "Zoé", LastName: "Roux", Email: "zoe@example.org", Postal: "13001", Consents: news}, "192.0.2.3")

	r := a.do(req{path: p + "/counts", session: alice})
	body := r.Body.String()
	for _, want := range []string{`role="img"`, `<title id="chart-day-t">`, `<desc id="chart-dep-d">`, ">2</text>", ">1</text>", "69 Rhône", "13 Bouches-du-Rhône", "3 en ligne, 0 sur papier", "<td>3</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("charts lack %q", want)
		}
	}
	if r.Code != 200 || strings.Count(body, "<script") != 2 { // the layout's own two, no chart script
		t.Fatalf("charts: %d\n%s", r.Code, body)
	}
	if r := a.do(req{path: p + "/counts", session: stranger}); r.Code != http.StatusForbidden {
		t.Fatalf("a stranger's charts: %d", r.Code)
	}

	r = a.do(req{path: p + "/signatures.csv", session: alice})
	csv := r.Body.String()
	if r.Code != 200 || r.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv, "'=cmd,Durand,anna@example.org") || !strings.Contains(csv, "zoe@example.org") || strings.Contains(csv, "omar") || strings.Contains(csv, "Enfin") {
		t.Fatalf("export: %d\n%s", r.Code, csv)
	}
	if r := a.do(req{path: p + "/signatures.csv", session: stranger}); r.Code != http.StatusForbidden || strings.Contains(r.Body.String(), "anna@") {
		t.Fatalf("a stranger's export: %d", r.Code)
	}

	r = a.do(req{path: p + "/handover.pdf", session: alice})
	pdf := r.Body.Bytes()
	if r.Code != 200 || r.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("hand-over: %d %q", r.Code, pdf[:min(len(pdf), 20)])
	}
	text := pdfStreams(t, pdf)
	// The core fonts read cp1252: "à" is 0xE0, "«" 0xAB and "»" 0xBB.
	for _, want := range []string{"Une piste cyclable \xe0 Lyon, \xab vite \xbb", "Enfin une piste s\xfbre", "=cmd Durand", "69 Rh\xf4ne"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, bad := range []string{"anna@", "zoe@", "Omar"} {
		if strings.Contains(text, bad) {
			t.Errorf("the PDF holds %q", bad)
		}
	}
	if r := a.do(req{path: p + "/handover.pdf", session: stranger}); r.Code != http.StatusForbidden {
		t.Fatalf("a stranger's hand-over: %d", r.Code)
	}
}

// pdfStreams inflates every stream of a PDF and returns their text
// joined, with the escapes of PDF strings undone.
func pdfStreams(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`).FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			out.Write(m[1])
			continue
		}
		b, _ := io.ReadAll(zr)
		out.Write(b)
	}
	return strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(out.String())
}
