package service_test

import (
	"context"
	"image"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
)

// configured rebuilds e's service with set applied to its configuration.
func configured(t *testing.T, e *env, set func(*service.Config)) {
	t.Helper()
	transport, err := mail.NewSMTP(e.smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	cfg := service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock}
	set(&cfg)
	e.runner = jobs.NewRunner(e.db, jobs.Config{Now: e.clock})
	e.svc = service.New(e.db, cfg)
	e.svc.RegisterJobs(e.runner, service.Mailer{Transport: transport, Renderer: r})
}

// wantField checks err is a coded error about field with the message key.
func wantField(t *testing.T, what string, err error, code, field, key string) {
	t.Helper()
	ce := cortege.ErrorOf(err)
	if ce == nil || ce.Code != code || ce.Field != field || ce.Message != key {
		t.Errorf("%s: %v, want %s on %q: %s", what, err, code, field, key)
	}
}

// TestUploadRefusals: each hostile picture is refused as an error about
// the form's field with a message saying what is wrong, never a 500.
func TestUploadRefusals(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "ada@example.org")
	ctx := context.Background()
	jpg := imagingtest.JPEG(300, 200)
	for _, c := range []struct {
		name string
		data []byte
		key  string
	}{
		{"16-bit bomb", imagingtest.Bomb16(), "err.image.memory"},
		{"pixel flood", imagingtest.WithJPEGSize(jpg, 65500, 65500), "err.image.dimensions"},
		{"gif frames", imagingtest.GIF(imagingtest.GIFSpec{W: 2, H: 2, Bits: 1, Frames: 5000}), "err.image.frames"},
		{"truncated", jpg[:len(jpg)/2], "err.image.truncated"},
		{"svg", imagingtest.SVG, "err.image.unsupported"},
		{"11 MB", make([]byte, 11<<20), "err.image.too_large"},
	} {
		_, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, c.data)
		wantField(t, c.name, err, cortege.EINVALID, "avatar", c.key)
	}
}

// TestUploadBusy: when every decoding slot stays taken, an upload waits
// briefly and is answered "busy, try again" (EUNAVAILABLE) on its field.
func TestUploadBusy(t *testing.T) {
	e := newEnv(t)
	dec := imaging.NewDecoder(imaging.Limits{}, 1, 1, 10*time.Millisecond)
	configured(t, e, func(c *service.Config) { c.Images = dec })
	a := signIn(t, e, "ada@example.org")
	hold, held := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- dec.Do(context.Background(), imagingtest.JPEG(8, 8), func(*imaging.Header, image.Image) error { close(held); <-hold; return nil })
	}()
	<-held
	_, err := e.svc.SetAvatar(context.Background(), a, a.Profile.ID, imagingtest.JPEG(64, 64))
	wantField(t, "slot taken", err, cortege.EUNAVAILABLE, "avatar", "err.image.busy")
	close(hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetAvatar(context.Background(), a, a.Profile.ID, imagingtest.JPEG(64, 64)); err != nil {
		t.Fatalf("slot free again: %v", err)
	}
}

// TestUploadRateLimits: uploads are counted in the database per account
// and per IP, and anonymous ones (an event created without an account,
// with its picture) against a much lower cap per IP and for the instance.
func TestUploadRateLimits(t *testing.T) {
	e := newEnv(t)
	configured(t, e, func(c *service.Config) {
		c.UploadLimits = service.UploadLimits{PerAccount: 3, PerIP: 5, Anonymous: 1, AnonymousInstance: 2}
	})
	ctx := context.Background()
	a := signIn(t, e, "ada@example.org")
	a.IP = "198.51.100.1"
	pic := imagingtest.JPEG(64, 64)
	for i := 0; i < 3; i++ {
		if _, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, pic); err != nil {
			t.Fatalf("upload %d: %v", i+1, err)
		}
	}
	_, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, pic)
	wantField(t, "4th upload of the account", err, cortege.ERATELIMIT, "avatar", "err.upload.rate_limited")

	// Per IP: another account behind the same address.
	b := signIn(t, e, "bea@example.org")
	b.IP = a.IP
	for i := 0; i < 2; i++ {
		if _, err := e.svc.SetAvatar(ctx, b, b.Profile.ID, pic); err != nil {
			t.Fatalf("upload %d from the IP: %v", i+1, err)
		}
	}
	_, err = e.svc.SetAvatar(ctx, b, b.Profile.ID, pic)
	wantField(t, "6th upload of the IP", err, cortege.ERATELIMIT, "avatar", "err.upload.rate_limited")

	// Anonymous: one picture per IP, two for the instance.
	anon := func(ip, email string) error {
		in := eventInput(e, "Pique-nique "+email)
		in.CreatorEmail, in.Picture = email, pic
		_, err := e.svc.CreateEvent(ctx, cortege.Actor{IP: ip}, in)
		return err
	}
	if err := anon("203.0.113.1", "un@example.org"); err != nil {
		t.Fatal(err)
	}
	wantField(t, "2nd anonymous picture of the IP", anon("203.0.113.1", "deux@example.org"), cortege.ERATELIMIT, "picture", "err.upload.rate_limited")
	if err := anon("203.0.113.2", "trois@example.org"); err != nil {
		t.Fatal(err)
	}
	wantField(t, "3rd anonymous picture of the instance", anon("203.0.113.3", "quatre@example.org"), cortege.ERATELIMIT, "picture", "err.upload.rate_limited")
	// Without a picture, an anonymous event is not an upload.
	in := eventInput(e, "Sans image")
	in.CreatorEmail = "cinq@example.org"
	if _, err := e.svc.CreateEvent(ctx, cortege.Actor{IP: "203.0.113.3"}, in); err != nil && !strings.Contains(err.Error(), "rate") {
		t.Fatal(err)
	} else if err != nil {
		t.Fatalf("an event without picture counted as an upload: %v", err)
	}
	// The window passes: uploads are welcome again.
	e.advance(2 * time.Hour)
	if _, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, pic); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}
