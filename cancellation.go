package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxCancelReasonLen bounds the reason organisers give when they cancel
// an event: a few sentences, not a second description.
const MaxCancelReasonLen = 2000

// CheckCancelReason trims a cancellation reason and checks it (Markdown,
// optional, at most MaxCancelReasonLen characters, no invisible control
// characters); errors name the field "reason".
func CheckCancelReason(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if err := CheckChars("reason", s, true); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) > MaxCancelReasonLen {
		return "", Invalid("reason", "err.cancel.reason_too_long")
	}
	return s, nil
}

// Check-in margins: the door opens a few hours before the start and stays
// open a few hours after the end (late arrivals, the evening's end).
const (
	CheckInEarly = 6 * time.Hour
	CheckInLate  = 6 * time.Hour
)

// CheckInExpected reports whether now is a moment people can plausibly
// be checked in: on a local day the event covers (in its own zone), or
// within CheckInEarly before its start or CheckInLate after its end.
// Outside it, check-in still works but organisers are warned: they may
// have opened the wrong occurrence of a series.
func (e *Event) CheckInExpected(now time.Time) bool {
	if !now.Before(e.Start.Add(-CheckInEarly)) && !now.After(e.End.Add(CheckInLate)) {
		return true
	}
	loc := e.Location()
	day := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	d := day(now)
	return !d.Before(day(e.Start)) && !d.After(day(e.End.Add(-time.Nanosecond)))
}
