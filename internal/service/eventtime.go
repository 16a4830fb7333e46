package service

import (
	"fmt"
	"strings"
	"time"
)

// formatRelative writes when an event starts as seen from now, in the
// event's zone and the reader's language: "today at 20:24" / "aujourd’hui
// à 20:24", "tomorrow at 10:00" / "demain à 10:00", "on Saturday at 10:00"
// / "samedi à 10:00" within the week, else "on Saturday 3 May at 10:00" /
// "le samedi 3 mai à 10:00" (with the year when it is not now's). Days
// are the zone's calendar days, so a DST change or midnight counts right.
func formatRelative(lang string, start, now time.Time, loc *time.Location) string {
	s, n := start.In(loc), now.In(loc)
	days := int(civil(s).Sub(civil(n)).Hours() / 24)
	hour := s.Format("15:04")
	if strings.HasPrefix(lang, "en") {
		switch {
		case days == 0:
			return "today at " + hour
		case days == 1:
			return "tomorrow at " + hour
		case days > 1 && days < 7:
			return "on " + s.Format("Monday") + " at " + hour
		}
		date := s.Format("Monday 2 January")
		if s.Year() != n.Year() {
			date += s.Format(" 2006")
		}
		return "on " + date + " at " + hour
	}
	switch {
	case days == 0:
		return "aujourd’hui à " + hour
	case days == 1:
		return "demain à " + hour
	case days > 1 && days < 7:
		return frDays[s.Weekday()] + " à " + hour
	}
	date := fmt.Sprintf("%s %d %s", frDays[s.Weekday()], s.Day(), frMonths[s.Month()-1])
	if s.Year() != n.Year() {
		date += fmt.Sprintf(" %d", s.Year())
	}
	return "le " + date + " à " + hour
}

// civil is t's calendar day (in t's own zone) as midnight UTC, so two
// days subtract to a whole number of 24 hours whatever the offsets.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// FormatRelative writes when an event starts as seen from now, in its
// zone and lang ("today at 20:24", "demain à 10:00", "on Saturday 3 May
// at 10:00"), as reminder subjects do.
func FormatRelative(lang string, start, now time.Time, loc *time.Location) string {
	return formatRelative(lang, start, now, loc)
}
