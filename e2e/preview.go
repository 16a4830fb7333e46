package e2e

import (
	"bytes"
	"image"
	_ "image/gif" // pictures previews may point at
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "golang.org/x/image/webp"
	"golang.org/x/net/html"
)

// PreviewUserAgent is what the preview fetcher says it is. Signal asks for
// pages as "WhatsApp" (so that sites answer with their Open Graph tags),
// Mastodon as a bot; the fetcher does both.
const PreviewUserAgent = "WhatsApp/2.24 (compatible; Cortege-preview-test; Bot)"

// Limits of the fetcher, close to what messaging apps allow themselves.
const (
	previewMaxPage  = 2 << 20
	previewMaxImage = 10 << 20
	previewTimeout  = 20 * time.Second
)

// Preview is the card a messaging app or Mastodon draws from a link: what
// the fetcher read in the page's head, with the size of the picture as it
// decoded (checked against the size the page declares).
type Preview struct {
	Title       string // og:title, else twitter:title, else <title>
	Description string // og:description, else twitter:description, else description
	Image       string // absolute URL of og:image (else twitter:image), "" when none
	ImageWidth  int
	ImageHeight int
	SiteName    string // og:site_name
	Type        string // og:type
	URL         string // og:url
	// ImageType and ImageAlt are og:image:type and og:image:alt; Card is
	// twitter:card.
	ImageType, ImageAlt, Card string
	// Tags holds every <meta> of the head by property or name (og:…,
	// twitter:…, description, robots), unescaped: privacy tests search it.
	Tags map[string]string
}

// FetchPreview reads pageURL as Signal, WhatsApp or Mastodon do to draw a
// link's card: one plain GET with a bot's User-Agent, no cookie, no
// JavaScript, the HTML head parsed for Open Graph, Twitter and description
// tags; then it fetches og:image and checks that it decodes as a picture
// of the declared width, height and type. A page or picture that a
// preview could not use fails t.
func FetchPreview(t testing.TB, pageURL string) Preview {
	t.Helper()
	client := &http.Client{Timeout: previewTimeout} // no cookie jar
	body, hdr := previewGet(t, client, pageURL, "text/html", previewMaxPage)
	if mt, _, _ := mime.ParseMediaType(hdr.Get("Content-Type")); mt != "text/html" {
		t.Fatalf("preview of %s: Content-Type %q, not a page", pageURL, hdr.Get("Content-Type"))
	}
	if c := hdr.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("preview of %s: an anonymous fetch got a cookie: %q", pageURL, c)
	}
	p := parsePreview(body)
	if p.Title == "" {
		t.Fatalf("preview of %s: no title", pageURL)
	}
	if p.Image == "" {
		return p
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	img, err := base.Parse(p.Image)
	if err != nil {
		t.Fatalf("preview of %s: og:image %q: %v", pageURL, p.Image, err)
	}
	p.Image = img.String()
	data, ih := previewGet(t, client, p.Image, "image/*", previewMaxImage)
	ctype := ih.Get("Content-Type")
	if !strings.HasPrefix(ctype, "image/") || p.ImageType != "" && ctype != p.ImageType {
		t.Errorf("preview of %s: picture served as %q, declared %q", pageURL, ctype, p.ImageType)
	}
	if ih.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("preview of %s: picture served without nosniff", pageURL)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("preview of %s: picture %s does not decode: %v", pageURL, p.Image, err)
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		t.Fatalf("preview of %s: picture %s (%s) is broken: %v", pageURL, p.Image, format, err)
	}
	dw, dh := p.ImageWidth, p.ImageHeight
	p.ImageWidth, p.ImageHeight = cfg.Width, cfg.Height
	if dw != 0 && dw != cfg.Width || dh != 0 && dh != cfg.Height {
		t.Errorf("preview of %s: picture is %d×%d, declared %d×%d", pageURL, cfg.Width, cfg.Height, dw, dh)
	}
	return p
}

// previewGet GETs u as the fetcher, failing t unless it answers 200; it
// reads at most max bytes, as apps cut long pages.
func previewGet(t testing.TB, c *http.Client, u, accept string, max int64) ([]byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	req.Header.Set("User-Agent", PreviewUserAgent)
	req.Header.Set("Accept", accept)
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("preview: GET %s: %v", u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, max))
	if err != nil {
		t.Fatalf("preview: GET %s: %v", u, err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: GET %s: %d", u, res.StatusCode)
	}
	return b, res.Header
}

// parsePreview reads the head of a page: its <title> and <meta> tags,
// stopping at <body> as preview fetchers do.
func parsePreview(page []byte) Preview {
	p := Preview{Tags: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(page))
	title, inTitle := "", false
loop:
	for {
		switch z.Next() {
		case html.ErrorToken:
			break loop
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "body":
				break loop
			case "title":
				inTitle = true
			case "meta":
				var key, content string
				for _, a := range tok.Attr {
					switch a.Key {
					case "property", "name":
						key = a.Val
					case "content":
						content = a.Val
					}
				}
				if _, seen := p.Tags[key]; key != "" && !seen { // the first one counts
					p.Tags[key] = content
				}
			}
		case html.TextToken:
			if inTitle {
				title += string(z.Text())
			}
		case html.EndTagToken:
			switch tok := z.Token(); tok.Data {
			case "title":
				inTitle = false
			case "head":
				break loop
			}
		}
	}
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(p.Tags[k]); v != "" {
				return v
			}
		}
		return ""
	}
	p.Title = first("og:title", "twitter:title")
	if p.Title == "" {
		p.Title = strings.TrimSpace(title)
	}
	p.Description = first("og:description", "twitter:description", "description")
	p.Image = first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
	p.ImageWidth, _ = strconv.Atoi(first("og:image:width"))
	p.ImageHeight, _ = strconv.Atoi(first("og:image:height"))
	p.ImageType, p.ImageAlt = first("og:image:type"), first("og:image:alt", "twitter:image:alt")
	p.SiteName, p.Type, p.URL, p.Card = first("og:site_name"), first("og:type"), first("og:url"), first("twitter:card")
	return p
}
