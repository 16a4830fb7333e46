package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file served under a content-hashed name.
type asset struct {
	data  []byte
	ctype string
}

// assets maps source names ("app.css") to hashed URLs
// ("/static/app.3f9a1c2e.css") and hashed names back to content.
type assets struct {
	urls   map[string]string
	byName map[string]*asset
}

// loadAssets fingerprints every embedded static file.
func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, byName: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.urls[name] = "/static/" + hashed
		a.byName[hashed] = &asset{data: b, ctype: ctype}
		return nil
	})
	return a, err
}

// url returns the hashed URL of a source asset name; templates call it.
func (a *assets) url(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing-" + name
}

// handleStatic serves a fingerprinted asset with a year-long immutable
// cache: its name changes whenever its content does.
func (w *Web) handleStatic(rw http.ResponseWriter, r *http.Request) {
	a, ok := w.assets.byName[r.PathValue("name")]
	if !ok {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(a.data))
}
