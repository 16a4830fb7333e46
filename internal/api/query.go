package api

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

// Query-string readers. Each refuses a malformed value with EINVALID
// naming the parameter, so a client learns which one is wrong.

// queryPage reads ?page= (1-based, default 1, at most 10000).
func queryPage(r *http.Request) (int, error) {
	s := r.URL.Query().Get("page")
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 10000 {
		return 0, cortege.Invalid("page", "err.api.query")
	}
	return n, nil
}

// queryText reads a free-text parameter: valid UTF-8, no NUL, at most max
// runes.
func queryText(r *http.Request, name string, max int) (string, error) {
	s := r.URL.Query().Get(name)
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || utf8.RuneCountInString(s) > max {
		return "", cortege.Invalid(name, "err.api.query")
	}
	return s, nil
}

// queryFloat reads a finite number; ok is false when the parameter is
// absent.
func queryFloat(r *http.Request, name string, min, max float64) (v float64, ok bool, err error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < min || v > max {
		return 0, false, cortege.Invalid(name, "err.api.query")
	}
	return v, true, nil
}

// queryBool reads true/false (also 1/0); absent is false.
func queryBool(r *http.Request, name string) (bool, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, cortege.Invalid(name, "err.api.query")
	}
	return b, nil
}

// queryTime reads an RFC 3339 instant or a date (YYYY-MM-DD, midnight
// UTC); zero when absent.
func queryTime(r *http.Request, name string) (time.Time, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(name, s)
}

// parseTime reads an RFC 3339 instant or a date, as bodies and queries
// give them; field names the value at fault. Whether the date is one
// Cortège keeps (cortege.CheckTime) is the domain's to say, once the
// caller may act; an instant that reads as Go's zero time would pass for
// "not given", so it is refused here.
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil || t.IsZero() {
		return time.Time{}, cortege.Invalid(field, "err.api.time")
	}
	return t.UTC(), nil
}

// optTimeIn parses an optional time of a body: nil or "" is zero.
func optTimeIn(field string, s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	return parseTime(field, *s)
}
