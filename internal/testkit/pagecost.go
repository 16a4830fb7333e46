package testkit

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// CostSizes are the sizes of a Scene at which CompareCosts measures
// pages: fewer rows than a page (20) holds, then enough for a second page
// of upcoming events holding a series, a cancelled and a co-organised
// event (the reference of the next pages), then a full second page and a
// third: more rows to reveal a look-up per row.
var CostSizes = []int{3, 33, 45}

// CostPage is a page whose cost in statements is measured: its path (a
// function, for a link found on another page), who asks (nil:
// anonymous) and a text its body must hold, so an empty page does not
// pass for a cheap one.
type CostPage struct {
	Name string
	Path func(s *Scene) string
	Who  func(s *Scene) *Person
	Want string
	// From is the first size the page is compared from (the next page
	// of a list only exists once there are more rows than a page).
	From int
}

// Path is a CostPage path that does not depend on the Scene.
func Path(p string) func(*Scene) string { return func(*Scene) string { return p } }

// Anonymous is a CostPage visitor without an account.
func Anonymous(*Scene) *Person { return nil }

// CompareCosts grows s through CostSizes, measures every page at each
// (asked twice, the second answer counted: the first warms what is done
// once, such as a session's touch), logs the figures and fails for a
// page that costs more statements at a larger size than at the first it
// is compared from. a should run without the page cache, or anonymous
// pages would cost 0 once kept.
func CompareCosts(t *testing.T, a *App, s *Scene, pages []CostPage) {
	t.Helper()
	t.Logf("engine %s", a.DB.Dialect)
	got := make([][]int, len(pages))
	for _, n := range CostSizes {
		s.Grow(t, n)
		for i, p := range pages {
			c := -1
			if n >= p.From {
				path, who := p.Path(s), p.Who(s)
				a.Fetch(t, path, who, p.Want)
				before := a.DB.Statements()
				a.Fetch(t, path, who, p.Want)
				c = int(a.DB.Statements() - before)
			}
			got[i] = append(got[i], c)
		}
	}
	for i, p := range pages {
		ref, at := -1, 0
		for j, n := range CostSizes {
			c := got[i][j]
			switch {
			case c < 0:
			case ref < 0:
				ref, at = c, n
			case c > ref:
				t.Errorf("%s: %d statements at size %d, %d at size %d: the page costs more with more rows", p.Name, ref, at, c, n)
			}
		}
		t.Logf("%-28s statements at sizes %v: %v", p.Name, CostSizes, got[i])
	}
}

// Fetch GETs path as who (nil: anonymous; a session cookie for pages, a
// bearer token under /api/), failing unless the answer is 200 with want
// in its body, which it returns.
func (a *App) Fetch(t testing.TB, path string, who *Person, want string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "fr")
	switch {
	case who == nil:
	case strings.HasPrefix(path, "/api/"):
		req.Header.Set("Authorization", "Bearer "+who.Token)
	default:
		req.AddCookie(&http.Cookie{Name: "cortege_session", Value: who.Session})
	}
	r, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
		body := string(b)
		if len(body) > 2000 {
			body = body[:2000]
		}
		t.Fatalf("GET %s: %d, want %q in\n%s", path, r.StatusCode, want, body)
	}
	return string(b)
}
