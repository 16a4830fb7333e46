package api

import "time"

// timeString writes a time as the API does everywhere: RFC 3339 in UTC.
func timeString(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// optTime is timeString for times that may not have happened (null then).
func optTime(t time.Time) *string {
	if t.IsZero() || t.Unix() <= 0 {
		return nil
	}
	s := timeString(t)
	return &s
}
