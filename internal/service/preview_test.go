package service_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestVariantsAtUpload: event pictures and group banners are stored with
// their card, avatars with their square, event photos with neither (they
// are drawn on demand when asked for).
func TestVariantsAtUpload(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	in := eventInput(e, "Marche")
	in.Picture = tinyPNG(t)
	ev := mustCreate(t, e, org, in)
	g, err := e.svc.SetGroupImage(ctx, org, g.ID, service.GroupAvatar, tinyPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.SetAvatar(ctx, org, org.Profile.ID, tinyPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	has := func(upload string, v service.Variant) bool {
		hash, _, _ := strings.Cut(upload, ".")
		_, err := os.Stat(filepath.Join(filepath.Dir(e.svc.UploadPath(upload)), hash+"."+string(v)+".jpg"))
		return err == nil
	}
	for _, c := range []struct {
		what, upload string
		v            service.Variant
	}{{"event picture", ev.Picture, service.VariantCard}, {"group avatar", g.Avatar, service.VariantSquare}, {"profile avatar", p.Avatar, service.VariantSquare}} {
		if c.upload == "" || !has(c.upload, c.v) {
			t.Errorf("%s %q: no %s variant", c.what, c.upload, c.v)
		}
		f, err := e.svc.UploadVariant(ctx, cortege.Anonymous, service.VariantName(c.upload), c.v, service.EventRef{})
		if err != nil || !strings.HasSuffix(f.Path, "."+string(c.v)+".jpg") || !f.Public {
			t.Errorf("%s: UploadVariant = %+v, %v", c.what, f, err)
		}
	}
	var photo bytes.Buffer
	png.Encode(&photo, image.NewGray(image.Rect(0, 0, 6, 5))) // another picture than the others
	ph, err := e.svc.AddPhoto(ctx, org, service.ByID(ev.ID), photo.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if has(ph.File, service.VariantCard) || has(ph.File, service.VariantSquare) {
		t.Error("an event photo got variants at upload")
	}
	if _, err := e.svc.UploadVariant(ctx, org, service.VariantName(ph.File), service.VariantSquare, service.EventRef{}); err != nil || !has(ph.File, service.VariantSquare) {
		t.Errorf("square drawn on demand: %v", err)
	}
	for _, bad := range []string{"", "x.jpg", strings.Repeat("a", 64) + ".jpg", strings.Repeat("a", 64) + ".png", "../" + strings.Repeat("a", 61) + ".jpg"} {
		if _, err := e.svc.UploadVariant(ctx, org, bad, service.VariantCard, service.EventRef{}); !cortege.IsNotFound(err) {
			t.Errorf("UploadVariant(%q) = %v", bad, err)
		}
	}
}

// TestInstanceCardKey: the instance card's key follows its name and
// tagline, so its URL can be cached for ever.
func TestInstanceCardKey(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	set := cortege.DefaultInstanceSettings()
	k := e.svc.InstanceCardKey(set)
	set2 := set
	set2.Description = "Les mobilisations de Lyon"
	set3 := set
	set3.Contact = "contact@example.org" // not on the card
	if k == e.svc.InstanceCardKey(set2) || k != e.svc.InstanceCardKey(set3) || len(k) != 16 {
		t.Errorf("keys %q %q %q", k, e.svc.InstanceCardKey(set2), e.svc.InstanceCardKey(set3))
	}
	path, key, err := e.svc.InstanceCard(ctx)
	if err != nil || key != k {
		t.Fatalf("InstanceCard: %q %q %v", path, key, err)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("card file: %v", err)
	}
}
