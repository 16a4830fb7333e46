package web

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

// FuzzParseEventTime: whatever is typed in an event's start, the form
// answers a time showing that clock in the zone or an error naming the
// field, never a panic; search dates (parseLocal) always place a valid
// date somewhere.
func FuzzParseEventTime(f *testing.F) {
	for _, s := range []string{"2027-03-28T02:30", "2027-10-31 02:30", "28/03/2027 02:30", "2027-03-28", "", "x"} {
		f.Add(s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseEventTime("start", s, paris)
		if err != nil {
			e := cortege.ErrorOf(err)
			if e == nil || e.Field != "start" {
				t.Fatalf("%q: %v", s, err)
			}
			if _, lerr := parseLocal("start", s, paris); lerr == nil && e.Message != "err.time.nonexistent" {
				t.Fatalf("%q: refused (%v) though it reads as a date", s, err)
			}
			return
		}
		w, ok, _ := parseWall("start", s)
		if ok && cortege.WallOf(got, paris) != w {
			t.Fatalf("%q read as %v", s, got)
		}
	})
}

// FuzzParseMultipart feeds the form reader of pages that take a file (the
// event form's picture) any body under any content type: it never
// panics, refuses a body it cannot read as EINVALID (or over its limit),
// and otherwise gives every named field (empty when absent) as valid
// UTF-8 without NUL, and a file only from its file field, within the
// upload limit.
func FuzzParseMultipart(f *testing.F) {
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		r := httptest.NewRequest("POST", "/events", bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		fm, data, err := parseMultipart(httptest.NewRecorder(), r, "event", "picture", "title", "tags", "picture")
		if err != nil {
			if isTooLarge(err) {
				return
			}
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID {
				t.Fatalf("%q %q: %v", contentType, body, err)
			}
			return
		}
		for _, k := range []string{"title", "tags", "picture"} {
			v, ok := fm.Values[k]
			if !ok || !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
				t.Fatalf("%q %q: field %s = %q (%v)", contentType, body, k, v, ok)
			}
		}
		if len(data) > maxUploadBytes || data != nil && !bytes.Contains(body, data) {
			t.Fatalf("%q: a file of %d bytes not from the body", contentType, len(data))
		}
	})
}
