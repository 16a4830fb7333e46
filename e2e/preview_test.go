package e2e

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// apiSend sends a JSON (or picture) body with the bearer token and
// returns the answer, failing t unless it is want.
func apiSend(t *testing.T, method, u, token, ctype string, body []byte, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, u, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ctype)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d %s", method, u, res.StatusCode, b)
	}
	return b
}

// photoJPEG is a picture as a phone takes it: 1600×1200, with a subject.
func photoJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for y := 0; y < 1200; y++ {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 6), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPreviewOfEachPage: links to an event, a group, a post and a profile
// of a running Cortège, read by the preview fetcher as Signal or Mastodon
// would, give a card: title, a description with the event's date and
// place, the site's name and a picture at the size previews want.
func TestPreviewOfEachPage(t *testing.T) {
	base, data := startCortege(t)
	token := apiToken(t, data, "orga@example.org")
	const js = "application/json"

	gb := apiSend(t, "POST", base+"/api/v1/groups", token, js, []byte(`{"handle":"pentes","name":"Collectif des Pentes","address":"Lyon 1er",
		"description":"Les **voisins** des pentes de la Croix-Rousse.","visibility":"public","join_mode":"open"}`), http.StatusCreated)
	gid := regexp.MustCompile(`"id":"([0-9A-Z]{26})"`).FindStringSubmatch(string(gb))[1]
	apiSend(t, "PUT", base+"/api/v1/groups/"+gid+"/banner", token, "image/jpeg", photoJPEG(t), http.StatusOK)

	id := apiCreate(t, base, token, `{"title":"Marche pour le climat","start":"2030-06-08T14:00:00+02:00","end":"2030-06-08T17:00:00+02:00",
		"tz":"Europe/Paris","place_area":"Lyon 2e","place":"Place Bellecour","description":"Venez **nombreux** avec vos banderoles."}`)
	apiSend(t, "PUT", base+"/api/v1/events/"+id+"/picture", token, "image/jpeg", photoJPEG(t), http.StatusOK)

	ev := FetchPreview(t, base+"/events/"+id)
	if ev.Title != "Marche pour le climat" || ev.SiteName != "Cortège" || ev.Type != "website" || ev.URL != base+"/events/"+id || ev.Card != "summary_large_image" {
		t.Errorf("event preview: %+v", ev)
	}
	for _, w := range []string{"samedi 8 juin 2030, 14:00 – 17:00", "Place Bellecour, Lyon 2e", "Venez nombreux avec vos banderoles."} {
		if !strings.Contains(ev.Description, w) {
			t.Errorf("event description lacks %q: %q", w, ev.Description)
		}
	}
	if ev.ImageWidth != 1200 || ev.ImageHeight != 630 || !strings.HasPrefix(ev.Image, base+"/uploads/card/") || ev.ImageAlt == "" {
		t.Errorf("event picture: %s %d×%d %q", ev.Image, ev.ImageWidth, ev.ImageHeight, ev.ImageAlt)
	}

	g := FetchPreview(t, base+"/@pentes")
	if g.Title != "Collectif des Pentes" || g.Description != "Lyon 1er — Les voisins des pentes de la Croix-Rousse." || g.ImageWidth != 1200 || g.ImageHeight != 630 {
		t.Errorf("group preview: %+v", g)
	}

	pb := apiSend(t, "POST", base+"/api/v1/groups/"+gid+"/posts", token, js, []byte(`{"title":"Compte rendu de l’assemblée","body":"Nous étions **80**.","visibility":"public","publish":true}`), http.StatusCreated)
	pid := regexp.MustCompile(`"id":"([0-9A-Z]{26})"`).FindStringSubmatch(string(pb))[1]
	p := FetchPreview(t, base+"/@pentes/posts/"+pid)
	if p.Title != "Compte rendu de l’assemblée" || p.Type != "article" || p.Description != "Collectif des Pentes — Nous étions 80." || p.ImageWidth != 1200 {
		t.Errorf("post preview: %+v", p)
	}

	var me struct {
		Profiles []struct{ ID, Handle string }
	}
	if err := json.Unmarshal([]byte(apiGet(t, base+"/api/v1/me", token)), &me); err != nil || len(me.Profiles) == 0 {
		t.Fatalf("me: %v", err)
	}
	apiSend(t, "PATCH", base+"/api/v1/profiles/"+me.Profiles[0].ID, token, js, []byte(`{"display_name":"Camille","bio":"J’organise les *marches* du quartier."}`), http.StatusOK)
	pr := FetchPreview(t, base+"/@"+me.Profiles[0].Handle)
	if pr.Title != "Camille (@"+me.Profiles[0].Handle+")" || pr.Type != "profile" || pr.Description != "J’organise les marches du quartier." {
		t.Errorf("profile preview: %+v", pr)
	}
	// No avatar: the instance's card, drawn by the server.
	if !strings.Contains(pr.Image, "/cards/instance-") || pr.ImageWidth != 1200 || pr.ImageHeight != 630 {
		t.Errorf("profile picture: %s %d×%d", pr.Image, pr.ImageWidth, pr.ImageHeight)
	}
}

// TestPreviewHidesTheAddress: the preview of an event whose address is
// reserved to approved participants names the commune and never the
// street, nor the online link or the exact coordinates, in any tag.
func TestPreviewHidesTheAddress(t *testing.T) {
	base, data := startCortege(t)
	token := apiToken(t, data, "orga@example.org")
	id := apiCreate(t, base, token, `{"title":"Rassemblement discret","start":"2030-06-08T18:00:00+02:00","tz":"Europe/Paris",
		"place_area":"Grenoble","place":"12 rue des Lilas","coordinates":{"lat":45.187612,"lon":5.735788},"hide_place":true,"join_mode":"approval",
		"online_url":"https://visio.example.org/secret","hide_online":true}`)
	p := FetchPreview(t, base+"/events/"+id)
	if !strings.Contains(p.Description, "Grenoble") || !strings.Contains(p.Description, "samedi 8 juin 2030, 18:00") {
		t.Errorf("preview lacks the commune or the date: %q", p.Description)
	}
	for k, v := range p.Tags {
		for _, bad := range []string{"Lilas", "12 rue", "visio.example", "45.187", "5.735"} {
			if strings.Contains(v, bad) {
				t.Errorf("%s = %q reveals %q", k, v, bad)
			}
		}
	}
}

// FuzzParsePreview: whatever a page holds, reading its head neither
// panics nor invents a tag.
func FuzzParsePreview(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta property="og:title" content="A &amp; B"><meta name="description" content="d"></head><body><meta property="og:title" content="late"></body></html>`))
	f.Add([]byte(`<meta property="og:image" content="/x.png"><meta property="og:image:width" content="abc">`))
	f.Fuzz(func(t *testing.T, page []byte) {
		p := parsePreview(page)
		for k := range p.Tags {
			if k == "" {
				t.Fatal("a tag without a name")
			}
		}
		if n := bytes.Count(bytes.ToLower(page), []byte("meta")); len(p.Tags) > n {
			t.Fatalf("%d tags from %d meta elements", len(p.Tags), n)
		}
	})
}
