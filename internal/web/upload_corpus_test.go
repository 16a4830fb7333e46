package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "golang.org/x/image/webp"

	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// corpusRefusal is the message each refused file of the corpus gets, on
// the form's field.
var corpusRefusal = map[string]string{
	"png-16bit-bomb":      "err.image.memory",
	"png-pixel-flood":     "err.image.dimensions",
	"jpeg-pixel-flood":    "err.image.dimensions",
	"gif-huge-screen":     "err.image.dimensions",
	"gif-too-many-frames": "err.image.frames",
	"webp-huge-canvas":    "err.image.dimensions",
	"webp-animated":       "err.image.unsupported",
	"svg":                 "err.image.unsupported",
	"html-as-png":         "err.image.unsupported",
	"zero-byte":           "err.image.required",
	"png-truncated":       "err.image.truncated",
	"jpeg-truncated":      "err.image.truncated",
	"too-large":           "err.upload.too_large",
}

// uploadForm posts a multipart form with one file sent under its own
// name and declared type, from the client address ip.
func (a *evApp) uploadForm(u *user, path, ip string, fields map[string]string, field string, it imagingtest.Item) res {
	a.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, it.File))
	h.Set("Content-Type", it.Type)
	fw, _ := mw.CreatePart(h)
	fw.Write(it.Data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "fr")
	req.Header.Set("X-Forwarded-For", ip)
	r, err := u.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	return res{code: r.StatusCode, body: string(body), h: r.Header}
}

// storedFiles counts the files under the uploads directory.
func storedFiles(t *testing.T, a *evApp) int {
	n := 0
	filepath.WalkDir(filepath.Dir(filepath.Dir(a.Service.UploadPath(strings.Repeat("0", 64)+".jpg"))), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// checkServed fetches an upload and checks what is served: a fresh JPEG
// or PNG typed as what its bytes are, nosniff, never HTML or SVG, without
// the metadata or the second file the upload carried, at most side pixels.
func (a *evApp) checkServed(t *testing.T, it imagingtest.Item, u *user, path string, side int) {
	t.Helper()
	r := a.get(u, path)
	ct := r.h.Get("Content-Type")
	if r.code != http.StatusOK || (ct != "image/jpeg" && ct != "image/png") || r.h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: GET %s: %d %q nosniff %q", it.Name, path, r.code, ct, r.h.Get("X-Content-Type-Options"))
		return
	}
	if sniffed := http.DetectContentType([]byte(r.body)); sniffed != ct {
		t.Errorf("%s: served as %s, its bytes are %s", it.Name, ct, sniffed)
	}
	for _, bad := range []string{imagingtest.GPSSecret, "Exif", "PK\x03\x04", "alert", "<script", "<svg", "<html", "acTL", "fcTL"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("%s: the stored file still holds %q", it.Name, bad)
		}
	}
	if ct == "image/jpeg" {
		for _, m := range jpegMarkers([]byte(r.body)) {
			if m >= 0xE1 && m <= 0xEF || m == 0xFE {
				t.Errorf("%s: the stored JPEG has an APP%d/comment segment", it.Name, m-0xE0)
			}
		}
	}
	m, _, err := image.DecodeConfig(strings.NewReader(r.body))
	if err != nil || m.Width > side || m.Height > side {
		t.Errorf("%s: stored picture %d×%d (%v), at most %d", it.Name, m.Width, m.Height, err, side)
	}
}

// jpegMarkers lists the markers of a JPEG's segments up to its first scan.
func jpegMarkers(b []byte) []byte {
	var out []byte
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		m := b[i+1]
		out = append(out, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(b[i+2])<<8 | int(b[i+3])
	}
	return out
}

// TestUploadCorpus sends every file of the upload corpus (hostile ones
// included: EXIF GPS, pixel floods, a decompression bomb, polyglots, SVG,
// HTML, wrong types, empty, truncated, too large) three ways — as an
// avatar from the settings page, as the picture of an event created
// without an account, and to the API — and checks what is stored
// (re-encoded, metadata and polyglot payloads gone) and what is served
// (typed as its bytes, nosniff, never HTML or SVG); a refusal names the
// field with its message and stores nothing. Never a 500.
func TestUploadCorpus(t *testing.T) {
	t.Parallel()
	a := &evApp{t: t, App: testkit.NewAppWith(t, func(c *service.Config) {
		c.UploadLimits = service.UploadLimits{Anonymous: 1000, AnonymousInstance: 1000, PerIP: 1000}
	}, func(o *web.Options) { o.TrustProxy = true })}
	ctx := context.Background()
	u := a.signIn("corpus@example.org")
	me := a.actor(u)
	tok, _, err := a.Service.CreateAPIToken(ctx, me, service.TokenInput{Label: "corpus"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.Service.CreateGroup(ctx, me, service.GroupInput{Handle: "lecorpus", Name: "Corpus", Visibility: "public", JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for i, it := range imagingtest.Corpus() {
		start, before := time.Now(), storedFiles(t, a)
		key := corpusRefusal[it.Name]
		msg := html.EscapeString(a.Catalog.T("fr", key))

		// 1. An avatar, signed in.
		r := a.uploadForm(u, "/settings/profiles/"+me.Profile.ID+"/avatar", fmt.Sprintf("198.51.100.%d", i+1), nil, "avatar", it)
		switch {
		case it.Picture && r.code == http.StatusSeeOther:
			p, err := a.Service.ProfileByRef(ctx, me, me.Profile.ID)
			if err != nil || p.Avatar == "" {
				t.Fatalf("%s: avatar not set: %v", it.Name, err)
			}
			a.checkServed(t, it, a.visitor(), "/uploads/"+p.Avatar, 512)
		case !it.Picture && (r.code == http.StatusUnprocessableEntity || r.code == http.StatusRequestEntityTooLarge):
			if !strings.Contains(r.body, msg) {
				t.Errorf("%s: avatar refused (%d) without %q", it.Name, r.code, a.Catalog.T("fr", key))
			}
			if n := storedFiles(t, a); n != before {
				t.Errorf("%s: refused, yet %d files stored", it.Name, n-before)
			}
		default:
			t.Errorf("%s: avatar answered %d (picture: %v)\n%s", it.Name, r.code, it.Picture, excerpt(r.body))
		}

		// 2. The picture of an event created without an account.
		email := fmt.Sprintf("anon%d@example.org", i)
		r = a.uploadForm(a.visitor(), "/events", fmt.Sprintf("203.0.113.%d", i+1), map[string]string{"email": email, "title": "Rassemblement " + it.Name,
			"start": when(72 * time.Hour), "tz": "Europe/Paris", "place_area": "Lyon", "publish": "1"}, "picture", it)
		switch {
		case r.code == http.StatusSeeOther && (it.Picture || it.Name == "zero-byte"): // no file chosen: an event without picture
		case !it.Picture && r.code == http.StatusUnprocessableEntity && strings.Contains(r.body, msg):
		case it.Name == "too-large" && r.code == http.StatusRequestEntityTooLarge:
		default:
			t.Errorf("%s: anonymous event answered %d\n%s", it.Name, r.code, excerpt(r.body))
		}

		// 3. The API, with the declared type.
		req, _ := http.NewRequest(http.MethodPut, a.URL+"/api/v1/groups/"+g.ID+"/avatar", bytes.NewReader(it.Data))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", it.Type)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i+1))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			AvatarURL string `json:"avatar_url"`
			Error     struct{ Code, Field string }
		}
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		imageType := strings.HasPrefix(it.Type, "image/")
		switch {
		case resp.StatusCode >= 500:
			t.Errorf("%s: API %d", it.Name, resp.StatusCode)
		case it.Picture && imageType && resp.StatusCode == http.StatusOK:
			a.checkServed(t, it, a.visitor(), strings.TrimPrefix(out.AvatarURL, a.URL), 512)
		case !imageType && resp.StatusCode == http.StatusUnsupportedMediaType:
		case !it.Picture && resp.StatusCode >= 400 && out.Error.Code != "":
		default:
			t.Errorf("%s: API answered %d %+v", it.Name, resp.StatusCode, out.Error)
		}
		outcome := "stored"
		if !it.Picture {
			outcome = "refused: " + key
		}
		summary = append(summary, fmt.Sprintf("%-20s %9d bytes  %-32s %v", it.Name, len(it.Data), outcome, time.Since(start).Round(time.Millisecond)))
	}
	testkit.Figures(t, fmt.Sprintf("upload corpus, %d files × 3 paths:\n%s", len(summary), strings.Join(summary, "\n")))
}
