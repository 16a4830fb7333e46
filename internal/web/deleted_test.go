package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/service"
)

// TestDeletedProfileOnEventPages: once a participant deleted their
// account, the event's page and its participants page say "deleted
// profile" for their registration, comment and photo, and the event they
// created says so among its organisers, never an empty or stale name.
func TestDeletedProfileOnEventPages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	ctx := context.Background()
	org := a.signIn("org@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "start": {when(30 * time.Minute)}, "tz": {"Europe/Paris"}, "place": {"Salle B"},
		"visibility": {"public"}, "join_mode": {"free"}, "participants_visible": {"1"}})
	gone := a.signIn("gone@example.org")
	ga := a.actor(gone)
	if _, err := a.Service.UpdateProfile(ctx, ga, ga.Profile.ID, service.ProfileInput{Handle: ga.Profile.Handle, DisplayName: "Zorglub Parti"}); err != nil {
		t.Fatal(err)
	}
	own := a.createEvent(gone, url.Values{"title": {"Pique-nique"}, "tz": {"Europe/Paris"}, "place": {"Parc"}, "visibility": {"public"}, "join_mode": {"free"}})
	if r := a.post(gone, "/events/"+id+"/join", url.Values{}); r.code != 303 {
		t.Fatalf("join: %d", r.code)
	}
	a.Clock.Advance(time.Hour) // under way: photos are welcome
	if r := a.post(gone, "/events/"+id+"/comments", url.Values{"body": {"Super atelier"}}); r.code != 303 {
		t.Fatalf("comment: %d", r.code)
	}
	if r := a.multipart(gone, "/events/"+id+"/photos", map[string]string{"caption": "Les vélos"}, "photo", evPNG(t)); r.code != 303 {
		t.Fatalf("photo: %d\n%s", r.code, excerpt(r.body))
	}
	if r := a.get(org, "/events/"+id+"/participants"); !strings.Contains(r.body, "Zorglub Parti") {
		t.Fatalf("before: %s", excerpt(r.body))
	}
	if err := a.Service.DeleteAccount(ctx, ga); err != nil {
		t.Fatal(err)
	}

	r := a.get(org, "/events/"+id+"/participants")
	mustContain(t, r, "Profil supprimé", "badge-approved")
	mustLack(t, r, "Zorglub", `<p class="participant-name"><span class="muted">Participant sans compte`)
	p := a.signIn("p@example.org")
	if r := a.post(p, "/events/"+id+"/join", url.Values{}); r.code != 303 {
		t.Fatalf("join: %d", r.code)
	}
	r = a.get(p, "/events/"+id)
	mustLack(t, r, "Zorglub")
	if n := strings.Count(r.body, "Profil supprimé"); n < 3 { // participant, comment, photo
		t.Errorf("%d \"Profil supprimé\" on the event page, want participant, comment and photo\n%s", n, excerpt(r.body))
	}
	mustContain(t, r, "Super atelier", "Les vélos")
	r = a.get(a.visitor(), "/events/"+own)
	mustContain(t, r, `<li class="muted">Profil supprimé</li>`)
	mustLack(t, r, "Zorglub")
}
