package service_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestUploadLifecycle is the review's finding that nothing ever deleted an
// upload. Files go when replaced and on erasure (account, profile, event,
// photo, group), once no other row names the same content and the grace
// period has passed since they were last sent; the periodic collection
// takes what a failed save or a crash left.
func TestUploadLifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pic := func(n int) []byte { return imagingtest.JPEG(30+n, 20) }
	stored := func(name string) bool {
		_, err := os.Stat(e.svc.UploadPath(name))
		return err == nil
	}
	variant := func(name string, v service.Variant) string {
		hash, _, _ := strings.Cut(name, ".")
		return filepath.Join(filepath.Dir(e.svc.UploadPath(name)), hash+"."+string(v)+".jpg")
	}
	want := func(what, name string, kept bool) {
		t.Helper()
		if name == "" || stored(name) != kept {
			t.Errorf("%s %q: stored %v, want %v", what, name, stored(name), kept)
		}
	}
	later := func() { e.advance(2 * time.Hour) } // past the grace period

	ada, bea := signIn(t, e, "ada@example.org"), signIn(t, e, "bea@example.org")
	// Replacement, and its variant.
	p, err := e.svc.SetAvatar(ctx, ada, ada.Profile.ID, pic(1))
	if err != nil {
		t.Fatal(err)
	}
	first := p.Avatar
	later()
	if p, err = e.svc.SetAvatar(ctx, ada, ada.Profile.ID, pic(2)); err != nil {
		t.Fatal(err)
	}
	want("replaced avatar", first, false)
	if _, err := os.Stat(variant(first, service.VariantSquare)); err == nil {
		t.Error("the replaced avatar's square is still there")
	}
	second := p.Avatar
	want("new avatar", second, true)

	// The same content named twice stays while one row names it.
	if _, err = e.svc.SetAvatar(ctx, bea, bea.Profile.ID, pic(3)); err != nil {
		t.Fatal(err)
	}
	if p, err = e.svc.SetAvatar(ctx, ada, ada.Profile.ID, pic(3)); err != nil {
		t.Fatal(err)
	}
	shared := p.Avatar
	later()
	if _, err = e.svc.SetAvatar(ctx, ada, ada.Profile.ID, nil); err != nil {
		t.Fatal(err)
	}
	want("avatar still shown by another profile", shared, true)

	// Erasure of an account takes its avatar (nobody else names it now).
	if err := e.svc.DeleteAccount(ctx, bea); err != nil {
		t.Fatal(err)
	}
	want("deleted account's avatar", shared, false)

	// Replaced within the grace period: kept until the collection.
	if p, err = e.svc.SetAvatar(ctx, ada, ada.Profile.ID, pic(4)); err != nil {
		t.Fatal(err)
	}
	recent := p.Avatar
	if p, err = e.svc.SetAvatar(ctx, ada, ada.Profile.ID, pic(5)); err != nil {
		t.Fatal(err)
	}
	want("avatar replaced within the grace period", recent, true)

	// An event's picture and photos go with it.
	in := eventInput(e, "Atelier")
	in.Picture = pic(6)
	ev := mustCreate(t, e, ada, in)
	ph, err := e.svc.AddPhoto(ctx, ada, service.ByID(ev.ID), pic(7), "")
	if err != nil {
		t.Fatal(err)
	}
	// A group's banner goes with the group.
	g := newGroup(t, e, ada, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	if g, err = e.svc.SetGroupImage(ctx, ada, g.ID, service.GroupBanner, pic(8)); err != nil {
		t.Fatal(err)
	}
	// A save that fails after its picture was stored leaves an orphan.
	in = eventInput(e, "Refusé")
	in.Picture, in.GroupID = pic(9), "01ARZ3NDEKTSV4RRFFQ69G5FAV"
	if _, err := e.svc.CreateEvent(ctx, ada, in); err == nil {
		t.Fatal("an event in a group nobody organises was created")
	}
	res, err := imaging.Reencode(pic(9), 2048) // what the service stored, by its name
	if err != nil {
		t.Fatal(err)
	}
	orphan := res.Hash + res.Ext
	// The second avatar, replaced two hours ago (within the grace period
	// then), is collected now; the orphan just made is not.
	if n, err := e.svc.CollectUploads(ctx); err != nil || n != 1 {
		t.Fatalf("collection deleted %d files (%v), want 1", n, err)
	}
	want("avatar replaced two hours ago", second, false)
	want("orphan within the grace period", orphan, true)

	later()
	if err := e.svc.DeleteEvent(ctx, ada, service.ByID(ev.ID)); err != nil {
		t.Fatal(err)
	}
	want("deleted event's picture", ev.Picture, false)
	if _, err := os.Stat(variant(ev.Picture, service.VariantCard)); err == nil {
		t.Error("the deleted event's card is still there")
	}
	want("deleted event's photo", ph.File, false)
	if err := e.svc.DeleteGroup(ctx, ada, g.ID); err != nil {
		t.Fatal(err)
	}
	want("deleted group's banner", g.Banner, false)

	// What a crash leaves: a temporary file, a variant without its upload.
	dir := filepath.Dir(e.svc.UploadPath(p.Avatar))
	tmp := filepath.Join(dir, ".upload-12345")
	lone := filepath.Join(dir, strings.Repeat("ab", 32)+".card.jpg")
	for _, f := range []string{tmp, lone} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n, err := e.svc.CollectUploads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("orphan past the grace period", orphan, false)
	want("avatar replaced within the grace period, collected", recent, false)
	want("current avatar", p.Avatar, true)
	for _, f := range []string{tmp, lone} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s survived the collection", filepath.Base(f))
		}
	}
	if n != 4 {
		t.Errorf("collection deleted %d files, want 4", n)
	}
}

// TestDeletePhoto: a photo is deleted by its author or the organisers,
// not by anyone else, and its file goes with it.
func TestDeletePhoto(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	org, guest, other := signIn(t, e, "org@example.org"), signIn(t, e, "guest@example.org"), signIn(t, e, "other@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Atelier"))
	mustJoin(t, e, guest, ev.ID)
	e.advance(49 * time.Hour) // under way: participants add photos
	mine, err := e.svc.AddPhoto(ctx, guest, service.ByID(ev.ID), imagingtest.JPEG(41, 20), "")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := e.svc.AddPhoto(ctx, org, service.ByID(ev.ID), imagingtest.JPEG(42, 20), "")
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "another account", e.svc.DeletePhoto(ctx, other, service.ByID(ev.ID), mine.ID), cortege.EFORBIDDEN)
	wantCode(t, "a participant, another's photo", e.svc.DeletePhoto(ctx, guest, service.ByID(ev.ID), theirs.ID), cortege.EFORBIDDEN)
	wantCode(t, "unknown photo", e.svc.DeletePhoto(ctx, org, service.ByID(ev.ID), "01ARZ3NDEKTSV4RRFFQ69G5FAV"), cortege.ENOTFOUND)
	e.advance(2 * time.Hour)
	for _, c := range []struct {
		who cortege.Actor
		p   *cortege.EventPhoto
	}{{guest, mine}, {org, theirs}} {
		if err := e.svc.DeletePhoto(ctx, c.who, service.ByID(ev.ID), c.p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(e.svc.UploadPath(c.p.File)); err == nil {
			t.Errorf("photo %s deleted, its file kept", c.p.ID)
		}
	}
	if ps, err := e.svc.Photos(ctx, org, service.ByID(ev.ID)); err != nil || len(ps) != 0 {
		t.Fatalf("photos left: %d %v", len(ps), err)
	}
}
