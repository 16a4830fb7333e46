package api

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

// FuzzQuery feeds raw query strings to the readers of list parameters
// (?page=, ?q=, ?lat=, ?per_page=, ?online=, ?from=, ?scope=): each refuses
// with EINVALID naming its parameter, or returns a value within its
// bounds that reads back the same (a page number, a finite number in
// range, a time that writes and parses as itself, text that is UTF-8
// without NUL and within its length).
func FuzzQuery(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := &http.Request{URL: &url.URL{RawQuery: raw}}
		q := r.URL.Query()
		named := func(name string, err error) {
			t.Helper()
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != name {
				t.Fatalf("%q: ?%s= refused with %v", raw, name, err)
			}
		}
		if n, err := queryPage(r); err != nil {
			named("page", err)
		} else if n < 1 || n > 10000 || q.Get("page") != "" && strconv.Itoa(n) != strings.TrimLeft(strings.TrimPrefix(q.Get("page"), "+"), "0") {
			t.Fatalf("%q: page %d", raw, n)
		}
		if s, err := queryText(r, "q", 200); err != nil {
			named("q", err)
		} else if s != q.Get("q") || !utf8.ValidString(s) || strings.ContainsRune(s, 0) || utf8.RuneCountInString(s) > 200 {
			t.Fatalf("%q: text %q", raw, s)
		}
		if v, ok, err := queryFloat(r, "lat", -90, 90); err != nil {
			named("lat", err)
		} else if ok && (math.IsNaN(v) || v < -90 || v > 90) || !ok && q.Get("lat") != "" {
			t.Fatalf("%q: lat %v %v", raw, v, ok)
		}
		if v, ok, err := queryFloat(r, "per_page", 1, 100); err != nil {
			named("per_page", err)
		} else if ok && (int(v) < 1 || int(v) > 100) {
			t.Fatalf("%q: per_page %v", raw, v)
		}
		if b, err := queryBool(r, "online"); err != nil {
			named("online", err)
		} else if want, _ := strconv.ParseBool(q.Get("online")); b != want {
			t.Fatalf("%q: online %v", raw, b)
		}
		if tm, err := queryTime(r, "from"); err != nil {
			named("from", err)
		} else if q.Get("from") != "" {
			back, err := parseTime("from", timeString(tm))
			if tm.IsZero() || err != nil || !back.Equal(tm) {
				t.Fatalf("%q: from %v wrote %q, read back %v (%v)", raw, tm, timeString(tm), back, err)
			}
		}
		if sc, err := parseScope("scope", q.Get("scope")); err != nil {
			named("scope", err)
		} else if s := q.Get("scope"); s != "" && s != "this" && s != "following" || sc != 0 && s != "following" {
			t.Fatalf("%q: scope %v", raw, sc)
		}
	})
}
