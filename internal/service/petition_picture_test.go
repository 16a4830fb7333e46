package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestPetitionPicture: organisers set a petition's picture; it is shown
// to anyone once the petition is published, to its organisers only while
// it is a draft; a stranger may not set it; removing it lets it go.
func TestPetitionPicture(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	bob := signIn(t, e, "bob@example.org")
	p, err := e.svc.CreatePetition(bg, alice, petitionInput("Avec une image", 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetPetitionPicture(bg, bob, p.ID, tinyPNG(t)); cortege.ErrorCode(err) != cortege.ENOTFOUND {
		t.Fatalf("a stranger sets a draft's picture: %v", err)
	}
	withPic, err := e.svc.SetPetitionPicture(bg, alice, p.ID, tinyPNG(t))
	if err != nil || withPic.Picture == "" {
		t.Fatalf("set picture: %+v, %v", withPic, err)
	}
	if _, err := e.svc.OpenUpload(bg, cortege.Anonymous, withPic.Picture, service.EventRef{}); cortege.ErrorCode(err) != cortege.ENOTFOUND {
		t.Fatalf("a draft's picture to anyone: %v", err)
	}
	if f, err := e.svc.OpenUpload(bg, alice, withPic.Picture, service.EventRef{}); err != nil || f.Public {
		t.Fatalf("a draft's picture to its organiser: %+v, %v", f, err)
	}
	if _, err := e.svc.PublishPetition(bg, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	if f, err := e.svc.OpenUpload(bg, cortege.Anonymous, withPic.Picture, service.EventRef{}); err != nil || !f.Public {
		t.Fatalf("a published petition's picture: %+v, %v", f, err)
	}
	if _, err := e.svc.SetPetitionPicture(bg, bob, p.ID, nil); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("a stranger removes a published petition's picture: %v", err)
	}
	gone, err := e.svc.SetPetitionPicture(bg, alice, p.ID, nil)
	if err != nil || gone.Picture != "" {
		t.Fatalf("remove picture: %+v, %v", gone, err)
	}
	if _, err := e.svc.SetPetitionPicture(bg, alice, p.ID, []byte("not a picture")); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "picture" {
		t.Fatalf("a file that is no picture: %v", err)
	}
}
