package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/service"
)

// adminUser signs an instance administrator in.
func (a *evApp) adminUser() *user {
	a.t.Helper()
	link, err := a.Service.CreateAdmin(context.Background(), "root@example.org", "Root")
	if err != nil {
		a.t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := a.Service.ConfirmLogin(context.Background(), cortege.Actor{IP: "192.0.2.7"}, u.Query().Get("token"))
	if err != nil {
		a.t.Fatal(err)
	}
	adm := a.visitor()
	base, _ := url.Parse(a.URL)
	adm.c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	adm.secret = secret
	return adm
}

// picture is a distinct JPEG per n (so uploads do not share a file).
func picture(n int) []byte { return imagingtest.JPEG(40+n, 30) }

// wantServed checks how u is answered for path: 404, or 200 as a picture
// cached publicly for ever, or privately never stored.
func (a *evApp) wantServed(t *testing.T, who string, u *user, path, want string) {
	t.Helper()
	r := a.get(u, path)
	switch want {
	case "404":
		if r.code != http.StatusNotFound {
			t.Errorf("%s GET %s: %d, want 404 (%s)", who, path, r.code, r.h.Get("Content-Type"))
		}
		return
	case "public", "private":
		if r.code != http.StatusOK || !strings.HasPrefix(r.h.Get("Content-Type"), "image/") || r.h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s GET %s: %d %s %q", who, path, r.code, r.h.Get("Content-Type"), r.h.Get("X-Content-Type-Options"))
			return
		}
	}
	cc := r.h.Get("Cache-Control")
	if want == "public" && (cc != "public, max-age=31536000, immutable" || strings.Contains(r.h.Get("Vary"), "Cookie")) {
		t.Errorf("%s GET %s: Cache-Control %q Vary %q, want public and immutable", who, path, cc, r.h.Get("Vary"))
	}
	if want == "private" && cc != "private, no-store" {
		t.Errorf("%s GET %s: Cache-Control %q, want private, no-store", who, path, cc)
	}
}

// TestUploadAccess is the review's finding: a private event's photo was
// served to anonymous visitors, a deleted account's avatar still served.
// Uploads now follow the rules of the object that shows them.
func TestUploadAccess(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	ctx := context.Background()
	org, other, adm := a.signIn("orga@example.org"), a.signIn("autre@example.org"), a.adminUser()
	anon := a.visitor()
	event := func(n int, vis string, publish bool) *cortege.Event {
		in := service.EventInput{Title: "Réunion " + vis, Start: time.Now().Add(48 * time.Hour), TZ: "Europe/Paris", PlaceArea: "Lyon",
			Publish: publish, Visibility: vis, Picture: picture(n)}
		e, err := a.Service.CreateEvent(ctx, a.actor(org), in)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	public, private, unlisted, draft := event(1, "public", true), event(2, "private", true), event(3, "unlisted", true), event(4, "public", false)
	for _, c := range []struct {
		what, path string
		anon, org  string
	}{
		{"public event", "/uploads/" + public.Picture, "public", "public"},
		{"public event's card", "/uploads/card/" + service.VariantName(public.Picture), "public", "public"},
		{"private event", "/uploads/" + private.Picture, "404", "private"},
		{"private event's card", "/uploads/card/" + service.VariantName(private.Picture), "404", "private"},
		{"unlisted event", "/uploads/" + unlisted.Picture, "private", "private"},
		{"draft", "/uploads/" + draft.Picture, "404", "private"},
	} {
		a.wantServed(t, "anonymous: "+c.what, anon, c.path, c.anon)
		a.wantServed(t, "organiser: "+c.what, org, c.path, c.org)
	}
	a.wantServed(t, "another account: private event", other, "/uploads/"+private.Picture, "404")
	a.wantServed(t, "administrator: private event", adm, "/uploads/"+private.Picture, "private")

	// A photo of the private event; a hidden photo of the public one.
	ph, err := a.Service.AddPhoto(ctx, a.actor(org), service.ByID(private.ID), picture(5), "")
	if err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "anonymous: private event's photo", anon, "/uploads/"+ph.File, "404")
	a.wantServed(t, "organiser: private event's photo", org, "/uploads/"+ph.File, "private")
	hid, err := a.Service.AddPhoto(ctx, a.actor(org), service.ByID(public.ID), picture(6), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Service.SetPhotoHidden(ctx, a.actor(org), service.ByID(public.ID), hid.ID, true); err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "anonymous: hidden photo", anon, "/uploads/"+hid.File, "404")
	a.wantServed(t, "organiser: hidden photo", org, "/uploads/"+hid.File, "private")

	// A private group's avatar.
	g, err := a.Service.CreateGroup(ctx, a.actor(org), service.GroupInput{Handle: "secret", Name: "Secret", Visibility: "private", JoinMode: "invitation"})
	if err != nil {
		t.Fatal(err)
	}
	if g, err = a.Service.SetGroupImage(ctx, a.actor(org), g.ID, service.GroupAvatar, picture(7)); err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "another account: private group's avatar", other, "/uploads/"+g.Avatar, "404")
	a.wantServed(t, "anonymous: private group's square", anon, "/uploads/square/"+service.VariantName(g.Avatar), "404")
	a.wantServed(t, "its administrator: private group's avatar", org, "/uploads/"+g.Avatar, "private")

	// Avatars of a suspended and of a deleted account.
	susp, gone := a.signIn("suspendu@example.org"), a.signIn("parti@example.org")
	ps, err := a.Service.SetAvatar(ctx, a.actor(susp), a.actor(susp).Profile.ID, picture(8))
	if err != nil {
		t.Fatal(err)
	}
	pg, err := a.Service.SetAvatar(ctx, a.actor(gone), a.actor(gone).Profile.ID, picture(9))
	if err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "anonymous: an avatar", anon, "/uploads/"+ps.Avatar, "public")
	if err := a.Service.SetAccountStatus(ctx, a.actor(adm), a.actor(susp).Account.ID, cortege.AccountSuspended); err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "anonymous: a suspended account's avatar", anon, "/uploads/"+ps.Avatar, "404")
	a.wantServed(t, "administrator: a suspended account's avatar", adm, "/uploads/"+ps.Avatar, "private")
	if err := a.Service.DeleteAccount(ctx, a.actor(gone)); err != nil {
		t.Fatal(err)
	}
	a.wantServed(t, "anonymous: a deleted account's avatar", anon, "/uploads/"+pg.Avatar, "404")
	a.wantServed(t, "administrator: a deleted account's avatar", adm, "/uploads/"+pg.Avatar, "404")
}

// TestUploadManageLink: an event created without an account shows its
// picture to the holder of its management link, under the event's path
// where their session cookie goes (no token in any address), and to
// nobody else before it is confirmed.
func TestUploadManageLink(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	v := a.visitor()
	r := a.multipart(v, "/events", map[string]string{"email": "ana@example.org", "title": "Vélorution", "start": when(72 * time.Hour),
		"tz": "Europe/Paris", "place_area": "Lyon", "publish": "1"}, "picture", picture(11))
	if r.code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.code, excerpt(r.body))
	}
	manage := a.mailPath("ana@example.org", "/events/manage")
	tok := strings.TrimPrefix(manage, "/events/manage?token=")
	ev, err := a.Service.CheckManageLink(context.Background(), tok)
	if err != nil || ev.Picture == "" {
		t.Fatalf("event: %+v %v", ev, err)
	}
	if r := a.get(v, manage); r.code != http.StatusSeeOther {
		t.Fatalf("open the link: %d", r.code)
	}
	page := a.get(v, "/events/"+ev.ID+"/edit")
	src := "/events/" + ev.ID + "/uploads/" + ev.Picture
	mustContain(t, page, `src="`+src+`"`)
	mustLack(t, page, tok)
	a.wantServed(t, "link holder", v, src, "private")
	a.wantServed(t, "anonymous", a.visitor(), "/uploads/"+ev.Picture, "404")
	a.wantServed(t, "anonymous, under the event", a.visitor(), src, "404")
	a.wantServed(t, "another token", a.visitor(), src+"?token="+strings.Repeat("A", 43), "404")
	a.wantServed(t, "the link's token, under another event", a.visitor(), "/events/"+strings.Repeat("0", 26)+"/uploads/"+ev.Picture+"?token="+url.QueryEscape(tok), "private")
}

// TestPhotoDelete: the organiser deletes a photo from the event page
// after confirming; the page no longer shows it and its file is gone.
// The API deletes another.
func TestPhotoDelete(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "place_area": {"Metz"}})
	for i := 0; i < 2; i++ {
		if r := a.multipart(org, "/events/"+id+"/photos", map[string]string{"caption": "Photo"}, "photo", picture(20+i)); r.code != http.StatusSeeOther {
			t.Fatalf("photo: %d\n%s", r.code, excerpt(r.body))
		}
	}
	ps, err := a.Service.Photos(context.Background(), a.actor(org), service.ByID(id))
	if err != nil || len(ps) != 2 {
		t.Fatalf("photos: %d %v", len(ps), err)
	}
	a.Clock.Advance(2 * time.Hour) // past the grace period of a fresh upload
	path := "/events/" + id + "/photos/" + ps[0].ID + "/delete"
	mustContain(t, a.get(org, "/events/"+id), `action="`+path+`"`)
	mustContain(t, a.get(a.visitor(), "/events/"+id), "/uploads/"+ps[0].File)
	mustLack(t, a.get(a.visitor(), "/events/"+id), path)
	if r := a.post(org, path, url.Values{}); r.code != http.StatusOK {
		t.Fatalf("ask first: %d", r.code)
	}
	if r := a.post(org, path, url.Values{"confirmed": {"1"}}); r.code != http.StatusSeeOther {
		t.Fatalf("delete: %d\n%s", r.code, excerpt(r.body))
	}
	mustLack(t, a.get(org, "/events/"+id), ps[0].File)
	a.wantServed(t, "organiser: deleted photo", org, "/uploads/"+ps[0].File, "404")

	tok, _, err := a.Service.CreateAPIToken(context.Background(), a.actor(org), service.TokenInput{Label: "test"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodDelete, a.URL+"/api/v1/events/"+id+"/photos/"+ps[1].ID, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("API delete: %d", resp.StatusCode)
	}
	if _, err := os.Stat(a.Service.UploadPath(ps[1].File)); err == nil {
		t.Error("the API deleted the photo, not its file")
	}
}
