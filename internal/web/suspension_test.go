package web_test

import (
	"context"
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestSuspendedProfilePages: after an administrator suspends an account,
// its profile page answers 410 Gone to others, and the event page shows
// "suspended profile" where its name was (organiser, comment) and hides
// its comment; the administrator still sees the profile.
func TestSuspendedProfilePages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	ctx := context.Background()
	if _, err := a.Service.CreateAdmin(ctx, "root@example.org", "Root"); err != nil {
		t.Fatal(err)
	}
	root := a.signIn("root@example.org")
	sus := a.signIn("sus@example.org")
	sa := a.actor(sus)
	if _, err := a.Service.UpdateProfile(ctx, sa, sa.Profile.ID, service.ProfileInput{Handle: sa.Profile.Handle, DisplayName: "Zorglub Trublion", Bio: "Bio de Zorglub"}); err != nil {
		t.Fatal(err)
	}
	id := a.createEvent(sus, url.Values{"title": {"Atelier"}, "tz": {"Europe/Paris"}, "place": {"Salle B"}, "visibility": {"public"}, "join_mode": {"free"}})
	if r := a.post(sus, "/events/"+id+"/comments", url.Values{"body": {"Message de Zorglub"}}); r.code != 303 {
		t.Fatalf("comment: %d", r.code)
	}
	profile := "/@" + sa.Profile.Handle
	mustContain(t, a.get(a.visitor(), profile), "Zorglub Trublion")

	if err := a.Service.SetAccountStatus(ctx, a.actor(root), sa.Account.ID, cortege.AccountSuspended); err != nil {
		t.Fatal(err)
	}
	r := a.get(a.visitor(), profile)
	if r.code != 410 {
		t.Errorf("suspended profile page: %d", r.code)
	}
	mustContain(t, r, "Ce profil est suspendu")
	mustLack(t, r, "Zorglub", "Bio de Zorglub")

	other := a.signIn("other@example.org")
	r = a.get(other, "/events/"+id)
	mustContain(t, r, "Profil suspendu", "Commentaire masqué")
	mustLack(t, r, "Zorglub", `href="`+profile+`"`)

	r = a.get(root, profile)
	if r.code != 200 {
		t.Fatalf("admin opens the profile: %d", r.code)
	}
	mustContain(t, r, "Zorglub Trublion", "Ce profil est suspendu : les autres")
	mustContain(t, a.get(root, "/events/"+id), "Zorglub Trublion", "Message de Zorglub", "badge-suspended")
}
