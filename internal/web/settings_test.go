package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestBadInput: what people type wrong comes back as 422 (or 409, 413)
// with the message next to the field and what they typed kept; never 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	user := a.signIn("camille@example.org")
	adm := a.signInAdmin("root@example.org")
	big := strings.Repeat("x", 10<<10)
	cases := []struct {
		name, path, as string
		form           url.Values
		status         int
		contains       []string
	}{
		{"empty email", "/login", "", url.Values{"email": {""}}, 422, []string{"<title>Erreur", "Indiquez votre adresse e-mail", `aria-invalid="true"`, `id="f-link-email-error"`}},
		{"bad email kept", "/login", "", url.Values{"email": {"pas une adresse"}}, 422, []string{"n’est pas valide", `value="pas une adresse"`}},
		{"10 KB email", "/login", "", url.Values{"email": {big + "@example.org"}}, 422, []string{"n’est pas valide"}},
		{"empty password sign-in", "/login/password", "", url.Values{"email": {"a@example.org"}}, 422, []string{"Saisissez un mot de passe"}},
		{"10 KB handle", "/settings/profiles", "user", url.Values{"handle": {big}, "display_name": {"Nom gardé"}}, 422, []string{"de 2 à 30 caractères", `value="Nom gardé"`}},
		{"handle chars", "/settings/profiles", "user", url.Values{"handle": {"Élodie!"}, "display_name": {"É"}}, 422, []string{"lettres minuscules"}},
		{"handle reserved", "/settings/profiles", "user", url.Values{"handle": {"admin"}, "display_name": {"A"}}, 422, []string{"réservé"}},
		{"handle taken", "/settings/profiles", "user", url.Values{"handle": {"camille"}, "display_name": {"R"}}, 409, []string{"déjà pris"}},
		{"empty display name", "/settings/profiles", "user", url.Values{"handle": {"okhandle"}}, 422, []string{"Indiquez un nom affiché", `value="okhandle"`}},
		{"long bio", "/settings/profiles", "user", url.Values{"handle": {"okhandle"}, "display_name": {"D"}, "bio": {big}}, 422, []string{"500 caractères"}},
		{"unknown language", "/settings/language", "user", url.Values{"lang": {"xx"}}, 422, []string{"Choisissez une langue proposée", `id="f-lang-lang-error"`}},
		{"short password", "/settings/password", "user", url.Values{"password": {"court"}}, 422, []string{"trop court"}},
		{"empty password", "/settings/password", "user", url.Values{"password": {""}}, 422, []string{"Saisissez un mot de passe"}},
		{"bad new email", "/settings/email", "user", url.Values{"email": {"@@"}}, 422, []string{"n’est pas valide", `value="@@"`}},
		{"empty token label", "/settings/tokens", "user", url.Values{"label": {" "}}, 422, []string{"Donnez un nom"}},
		{"long token label", "/settings/tokens", "user", url.Values{"label": {big}}, 422, []string{"trop long"}},
		{"delete unconfirmed", "/settings/delete", "user", url.Values{}, 422, []string{"Cochez la case"}},
		{"instance without name", "/admin", "admin", url.Values{"name": {""}, "registrations": {"open"}, "default_lang": {"fr"}}, 422, []string{"nom de l’instance est obligatoire"}},
		{"bad registrations", "/admin", "admin", url.Values{"name": {"N"}, "registrations": {"sometimes"}, "default_lang": {"fr"}}, 422, []string{"mode d’inscription"}},
		{"bad default lang", "/admin", "admin", url.Values{"name": {"N"}, "registrations": {"open"}, "default_lang": {"xx"}}, 422, []string{"Choisissez une langue proposée"}},
		{"garbage token confirm", "/login/confirm", "", url.Values{"token": {big}}, 410, []string{"n’est plus valable"}},
		{"garbage email token", "/settings/email/confirm", "", url.Values{"token": {"abc"}}, 410, nil},
		{"unknown profile act", "/settings/profiles/NOPE/act", "user", url.Values{}, 404, nil},
		{"revoke unknown token", "/settings/tokens/NOPE/revoke", "user", url.Values{"confirmed": {"1"}}, 404, nil},
	}
	sessions := map[string]string{"user": user, "admin": adm}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := a.do(req{method: "POST", path: c.path, form: c.form, session: sessions[c.as]})
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, c.status, excerpt(rec.Body.String()))
			}
			for _, s := range c.contains {
				if !strings.Contains(rec.Body.String(), s) {
					t.Errorf("body lacks %q\n%s", s, excerpt(rec.Body.String()))
				}
			}
		})
	}
	for _, c := range []struct{ name, path, ctype, body string }{
		{"malformed form", "/login", "application/x-www-form-urlencoded", "email=%zz"},
		{"oversized form", "/login", "application/x-www-form-urlencoded", "email=" + strings.Repeat("a", 2<<20)},
		{"garbage GET confirm", "/login/confirm?token=%00%ff", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := "POST"
			if c.ctype == "" {
				m = "GET"
			}
			rec := a.do(req{method: m, path: c.path, body: strings.NewReader(c.body), ctype: c.ctype})
			if rec.Code >= 500 || rec.Code < 400 {
				t.Fatalf("status %d", rec.Code)
			}
		})
	}
}

// TestProfiles creates a profile, acts as it, makes it default, edits it
// and deletes it; the last profile cannot go.
func TestProfiles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	other := a.signIn("dominique@example.org")
	rec := a.do(req{method: "POST", path: "/settings/profiles", session: s, form: url.Values{"handle": {"@Collectif_Velo"}, "display_name": {"Collectif Vélo"}, "bio": {"Des rues où l’on respire."}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings/profiles?ok=profile_created" {
		t.Fatalf("create: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	var id string
	ps, _ := a.svc.MyProfiles(context.Background(), a.actor(s))
	for _, p := range ps {
		if p.Handle == "collectif_velo" {
			id = p.ID
		}
	}
	if id == "" {
		t.Fatal("profile not created")
	}
	// Switch the acting profile, coming back where the switch was used.
	rec = a.do(req{method: "POST", path: "/settings/profiles/" + id + "/act", session: s, form: url.Values{"next": {"/dashboard"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/dashboard" {
		t.Fatalf("act: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = a.do(req{path: "/dashboard", session: s})
	if !strings.Contains(rec.Body.String(), "Bonjour, Collectif Vélo") {
		t.Fatal("dashboard does not show the acting profile")
	}
	if a.actor(s).Account.DefaultProfileID == id {
		t.Fatal("acting changed the default profile")
	}
	// Someone else cannot act as it, edit it or see its edit page.
	for _, r := range []req{
		{method: "POST", path: "/settings/profiles/" + id + "/act", session: other, form: url.Values{}},
		{method: "POST", path: "/settings/profiles/" + id, session: other, form: url.Values{"display_name": {"pirate"}}},
		{path: "/settings/profiles/" + id, session: other},
		{method: "POST", path: "/settings/profiles/" + id + "/delete", session: other, form: url.Values{}},
	} {
		if rec := a.do(r); rec.Code != 404 {
			t.Fatalf("%s %s by another account: %d", r.method, r.path, rec.Code)
		}
	}
	if rec := a.do(req{method: "POST", path: "/settings/profiles/" + id + "/default", session: s, form: url.Values{}}); rec.Code != 303 || a.actor(s).Account.DefaultProfileID != id {
		t.Fatalf("default: %d", rec.Code)
	}
	rec = a.do(req{method: "POST", path: "/settings/profiles/" + id, session: s, form: url.Values{"display_name": {"Vélo & Co"}, "bio": {"Nouvelle bio"}}})
	if rec.Code != 303 {
		t.Fatalf("edit: %d", rec.Code)
	}
	rec = a.do(req{path: "/@collectif_velo"})
	if !strings.Contains(rec.Body.String(), "Vélo &amp; Co") || !strings.Contains(rec.Body.String(), "Nouvelle bio") || strings.Contains(rec.Body.String(), "camille@example.org") {
		t.Fatalf("public page\n%s", excerpt(rec.Body.String()))
	}
	rec = a.do(req{method: "POST", path: "/settings/profiles/" + id, session: s, form: url.Values{"display_name": {""}, "bio": {"gardée"}}})
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "gardée") {
		t.Fatalf("bad edit: %d", rec.Code)
	}
	// Delete it (confirmation page first), then the last one cannot go.
	if rec := a.do(req{path: "/settings/profiles/" + id + "/delete", session: s}); rec.Code != 200 {
		t.Fatalf("delete page: %d", rec.Code)
	}
	if rec := a.do(req{method: "POST", path: "/settings/profiles/" + id + "/delete", session: s, form: url.Values{}}); rec.Code != 303 {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := a.do(req{path: "/@collectif_velo"}); rec.Code != 404 {
		t.Fatalf("deleted profile still public: %d", rec.Code)
	}
	ps, _ = a.svc.MyProfiles(context.Background(), a.actor(s))
	if len(ps) != 1 {
		t.Fatalf("%d profiles left", len(ps))
	}
	rec = a.do(req{method: "POST", path: "/settings/profiles/" + ps[0].ID + "/delete", session: s, form: url.Values{}})
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "dernier profil") {
		t.Fatalf("last profile: %d", rec.Code)
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func multipartBody(t *testing.T, field, name string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &b
}

// TestAvatar uploads an avatar, serves it, and refuses what is not one.
func TestAvatar(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	id := a.actor(s).Profile.ID
	path := "/settings/profiles/" + id + "/avatar"

	ct, body := multipartBody(t, "avatar", "a.png", pngBytes(t, 64, 48))
	rec := a.do(req{method: "POST", path: path, session: s, body: body, ctype: ct})
	if rec.Code != 303 {
		t.Fatalf("upload: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	p := a.actor(s).Profile
	if p.Avatar == "" {
		t.Fatal("no avatar saved")
	}
	rec = a.do(req{path: "/uploads/" + p.Avatar})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "image/") || rec.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age=31536000") {
		t.Fatalf("serve avatar: %d %v", rec.Code, rec.Header())
	}
	if rec := a.do(req{path: "/@" + p.Handle}); !strings.Contains(rec.Body.String(), `src="/uploads/`+p.Avatar+`"`) {
		t.Fatal("public page lacks the avatar")
	}

	ct, body = multipartBody(t, "avatar", "a.png", []byte("not an image at all"))
	rec = a.do(req{method: "POST", path: path, session: s, body: body, ctype: ct})
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "pas une image lisible") {
		t.Fatalf("not an image: %d", rec.Code)
	}
	ct, body = multipartBody(t, "avatar", "big.png", bytes.Repeat([]byte{0}, 11<<20))
	rec = a.do(req{method: "POST", path: path, session: s, body: body, ctype: ct})
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "10 Mo") {
		t.Fatalf("oversize: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	ct, body = multipartBody(t, "other", "x.png", []byte("x"))
	if rec := a.do(req{method: "POST", path: path, session: s, body: body, ctype: ct}); rec.Code != 422 {
		t.Fatalf("no file: %d", rec.Code)
	}
	if rec := a.do(req{method: "POST", path: path, session: s, form: url.Values{"remove": {"1"}}}); rec.Code != 303 || a.actor(s).Profile.Avatar != "" {
		t.Fatalf("remove: %d", rec.Code)
	}
}

// TestLanguageSwitch: the switch posts the account's language and comes
// back to the page it was used on.
func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{path: "/settings/profiles", session: s, header: map[string]string{"Accept-Language": "en"}})
	if !strings.Contains(rec.Body.String(), `<html lang="fr">`) {
		t.Fatal("a signed-in person's language is not the account's")
	}
	if !strings.Contains(rec.Body.String(), `name="next" value="/settings/profiles"`) {
		t.Fatal("switch does not come back here")
	}
	rec = a.do(req{method: "POST", path: "/settings/language", session: s, form: url.Values{"lang": {"en"}, "next": {"/settings/profiles"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings/profiles" {
		t.Fatalf("switch: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = a.do(req{path: "/settings/profiles", session: s})
	if !strings.Contains(rec.Body.String(), `<html lang="en">`) || !strings.Contains(rec.Body.String(), "My profiles") {
		t.Fatal("not in English after the switch")
	}
	if a.actor(s).Account.Lang != "en" {
		t.Fatal("language not saved")
	}
}

// TestTokens creates a token (shown once), lists and revokes it.
func TestTokens(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{method: "POST", path: "/settings/tokens", session: s, form: url.Values{"label": {"mon script"}}})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `value="ctg_`) || !strings.Contains(body, "mon script") {
		t.Fatalf("create: %d\n%s", rec.Code, excerpt(body))
	}
	i := strings.Index(body, `value="ctg_`) + len(`value="`)
	secret := body[i : i+strings.IndexByte(body[i:], '"')]
	if _, err := a.svc.TokenActor(context.Background(), secret, "x"); err != nil {
		t.Fatalf("token does not work: %v", err)
	}
	rec = a.do(req{path: "/settings/tokens", session: s})
	if strings.Contains(rec.Body.String(), secret) || !strings.Contains(rec.Body.String(), "mon script") {
		t.Fatal("the list shows the secret again or lacks the token")
	}
	ts, _ := a.svc.APITokens(context.Background(), a.actor(s))
	if rec := a.do(req{method: "POST", path: "/settings/tokens/" + ts[0].ID + "/revoke", session: s, form: url.Values{"confirmed": {"1"}}}); rec.Code != 303 {
		t.Fatalf("revoke: %d", rec.Code)
	}
	if _, err := a.svc.TokenActor(context.Background(), secret, "x"); err == nil {
		t.Fatal("revoked token still works")
	}
}

// TestEmailChange asks for a new address, confirms it by the mailed link.
func TestEmailChange(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{method: "POST", path: "/settings/email", session: s, form: url.Values{"email": {"camille@new.example"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings?ok=email_sent" {
		t.Fatalf("request: %d", rec.Code)
	}
	link := a.lastLink("camille@new.example", "/settings/email/confirm")
	for range 2 {
		rec = a.do(req{path: link})
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `action="/settings/email/confirm"`) || rec.Header().Get("Set-Cookie") != "" {
			t.Fatalf("GET link: %d", rec.Code)
		}
	}
	if a.actor(s).Account.Email != "camille@example.org" {
		t.Fatal("the GET changed the address")
	}
	tok := strings.TrimPrefix(link, "/settings/email/confirm?token=")
	rec = a.do(req{method: "POST", path: "/settings/email/confirm", session: s, form: url.Values{"token": {tok}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/settings?ok=email" {
		t.Fatalf("confirm: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if a.actor(s).Account.Email != "camille@new.example" {
		t.Fatal("address not changed")
	}
	if rec := a.do(req{method: "POST", path: "/settings/email/confirm", session: s, form: url.Values{"token": {tok}}}); rec.Code != 410 {
		t.Fatalf("reused: %d", rec.Code)
	}
}

// TestExportAndDelete downloads the export and deletes the account.
func TestExportAndDelete(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	s := a.signIn("camille@example.org")
	rec := a.do(req{path: "/settings/export.json", session: s})
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", rec.Code, rec.Header())
	}
	var ex struct {
		Account  struct{ Email string }
		Profiles []struct{ Handle string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &ex); err != nil || ex.Account.Email != "camille@example.org" || len(ex.Profiles) != 1 {
		t.Fatalf("export body: %v %+v", err, ex)
	}
	if rec := a.do(req{path: "/settings/delete", session: s}); rec.Code != 200 || !strings.Contains(rec.Body.String(), `name="confirm"`) {
		t.Fatalf("delete page: %d", rec.Code)
	}
	rec = a.do(req{method: "POST", path: "/settings/delete", session: s, form: url.Values{"confirm": {"yes"}}})
	if rec.Code != 303 || !strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := a.do(req{path: "/dashboard", session: s}); rec.Code != 303 {
		t.Fatal("session survives deletion")
	}
	if rec := a.do(req{path: "/@camille"}); rec.Code != 404 {
		t.Fatal("profile survives deletion")
	}
}

// TestAdminAccounts suspends, reactivates and deletes an account.
func TestAdminAccounts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	adm := a.signInAdmin("root@example.org")
	user := a.signIn("camille@example.org")
	id := a.actor(user).Account.ID
	if rec := a.do(req{path: "/admin/accounts/" + id, session: adm}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "@camille") {
		t.Fatalf("account page: %d", rec.Code)
	}
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + id + "/status", session: adm, form: url.Values{"status": {"suspended"}}}); rec.Code != 303 {
		t.Fatalf("suspend: %d", rec.Code)
	}
	if rec := a.do(req{path: "/dashboard", session: user}); rec.Code != 303 {
		t.Fatal("suspended session still works")
	}
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + id + "/status", session: adm, form: url.Values{"status": {"active"}}}); rec.Code != 303 {
		t.Fatalf("reactivate: %d", rec.Code)
	}
	self := a.actor(adm).Account.ID
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + self + "/status", session: adm, form: url.Values{"status": {"suspended"}}}); rec.Code != 409 {
		t.Fatalf("suspend self: %d", rec.Code)
	}
	if rec := a.do(req{path: "/admin/accounts/" + id + "/delete", session: adm}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "camille@example.org") {
		t.Fatalf("delete page: %d", rec.Code)
	}
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + id + "/delete", session: adm, form: url.Values{}}); rec.Code != 422 {
		t.Fatalf("unconfirmed delete: %d", rec.Code)
	}
	if rec := a.do(req{method: "POST", path: "/admin/accounts/" + id + "/delete", session: adm, form: url.Values{"confirm": {"yes"}}}); rec.Code != 303 {
		t.Fatalf("delete: %d", rec.Code)
	}
	if _, _, err := a.svc.Account(context.Background(), a.actor(adm), id); !cortege.IsNotFound(err) {
		t.Fatalf("account still there: %v", err)
	}
}
