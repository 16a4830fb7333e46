package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"net/http"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/imaging"
	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// holdDecoder takes the only slot of dec until the test ends.
func holdDecoder(t *testing.T, dec *imaging.Decoder) {
	hold, held := make(chan struct{}), make(chan struct{})
	go dec.Do(context.Background(), imagingtest.JPEG(8, 8), func(*imaging.Header, image.Image) error { close(held); <-hold; return nil })
	<-held
	t.Cleanup(func() { close(hold) })
}

// TestUploadBusy: while the decoder is busy, an upload is answered 503
// with Retry-After — the form again with the message on the picture's
// field (what was typed kept), or the API's JSON error — never a 500 and
// never an unbounded wait.
func TestUploadBusy(t *testing.T) {
	dec := imaging.NewDecoder(imaging.Limits{}, 1, 0, 10*time.Millisecond)
	a := &evApp{App: testkit.NewAppWith(t, func(c *service.Config) { c.Images = dec }), t: t}
	org := a.signIn("orga@example.org")
	holdDecoder(t, dec)

	r := a.multipart(org, "/events", map[string]string{"title": "Vélorution", "start": when(48 * time.Hour), "place_area": "Lyon", "publish": "1"}, "picture", imagingtest.JPEG(64, 64))
	if r.code != http.StatusServiceUnavailable || r.h.Get("Retry-After") != "5" {
		t.Fatalf("web: %d Retry-After %q", r.code, r.h.Get("Retry-After"))
	}
	mustContain(t, r, "Le serveur traite déjà beaucoup d’images", `value="Vélorution"`)

	tok, err := a.Service.CreateTokenFor(context.Background(), "api@example.org", "test", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	api, err := a.Service.TokenActor(context.Background(), tok, "192.0.2.8")
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.Service.CreateGroup(context.Background(), api, service.GroupInput{Handle: "velos", Name: "Vélos", Visibility: "public", JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, a.URL+"/api/v1/groups/"+g.ID+"/avatar", bytes.NewReader(imagingtest.JPEG(64, 64)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "image/jpeg")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error struct{ Code, Message, Field string }
	}
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "5" || body.Error.Code != "unavailable" || body.Error.Field != "avatar" || !strings.Contains(body.Error.Message, "images") {
		t.Fatalf("api: %d Retry-After %q %+v", resp.StatusCode, resp.Header.Get("Retry-After"), body.Error)
	}
}
