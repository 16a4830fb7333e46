package cortege

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The rule of a series in words ("every Tuesday at 19:00, next on 8
// December" / "tous les mardis à 19 h 00, prochaine le 8 décembre") and
// as RFC 5545 writes it (RRULE), for listings, the API and calendars.

var (
	enWeekdays   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	frWeekdays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonthNames = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	enOrdinals   = []string{"", "first", "second", "third", "fourth", "fifth"}
	frOrdinals   = []string{"", "premier", "deuxième", "troisième", "quatrième", "cinquième"}
	icalDays     = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
)

// loc is the series' zone, UTC when the name is unknown.
func (s *Series) loc() *time.Location {
	if l, err := LoadLocation(s.TZ); err == nil {
		return l
	}
	return time.UTC
}

// ruleWeekday is the weekday of a weekly series: its first date's.
func (s *Series) ruleWeekday() time.Weekday {
	if s.Freq == FreqWeekly {
		return s.FirstStart.In(s.loc()).Weekday()
	}
	return s.Weekday
}

// Words describes the rule in lang (French unless "en…") at the time of
// day at shows in the series' zone (an occurrence's start, since an edit
// of "this and the following" dates may have moved the hour; zero: the
// first date's), with the end of the series when it has one; now decides
// whether dates need their year.
func (s *Series) Words(lang string, at, now time.Time) string {
	loc := s.loc()
	if at.IsZero() {
		at = s.FirstStart
	}
	at, now = at.In(loc), now.In(loc)
	en := strings.HasPrefix(lang, "en")
	clock := at.Format("15:04")
	if !en {
		clock = fmt.Sprintf("%d h %02d", at.Hour(), at.Minute())
	}
	wd := s.ruleWeekday()
	n := s.Interval
	if n < 1 {
		n = 1
	}
	var rule string
	switch {
	case en && s.Freq == FreqWeekly && n == 1:
		rule = "every " + enWeekdays[wd]
	case en && s.Freq == FreqWeekly && n == 2:
		rule = "every other " + enWeekdays[wd]
	case en && s.Freq == FreqWeekly:
		rule = fmt.Sprintf("every %d weeks on %s", n, enWeekdays[wd])
	case en && s.Freq == FreqMonthlyDate && n == 1:
		rule = "every month on the " + EnglishOrdinal(s.MonthDay)
	case en && s.Freq == FreqMonthlyDate:
		rule = fmt.Sprintf("every %d months on the %s", n, EnglishOrdinal(s.MonthDay))
	case en && s.Freq == FreqMonthlyWeekday && n == 1:
		rule = "every " + enWeek(s.Week) + " " + enWeekdays[wd] + " of the month"
	case en && s.Freq == FreqMonthlyWeekday:
		rule = fmt.Sprintf("every %d months on the %s %s", n, enWeek(s.Week), enWeekdays[wd])
	case s.Freq == FreqWeekly && n == 1:
		rule = "tous les " + frWeekdays[wd] + "s"
	case s.Freq == FreqWeekly && n == 2:
		rule = "un " + frWeekdays[wd] + " sur deux"
	case s.Freq == FreqWeekly:
		rule = fmt.Sprintf("toutes les %d semaines le %s", n, frWeekdays[wd])
	case s.Freq == FreqMonthlyDate && n == 1:
		rule = "le " + frDay(s.MonthDay) + " de chaque mois"
	case s.Freq == FreqMonthlyDate:
		rule = fmt.Sprintf("le %s tous les %d mois", frDay(s.MonthDay), n)
	case s.Freq == FreqMonthlyWeekday && n == 1:
		rule = "le " + frWeek(s.Week) + " " + frWeekdays[wd] + " de chaque mois"
	case s.Freq == FreqMonthlyWeekday:
		rule = fmt.Sprintf("le %s %s tous les %d mois", frWeek(s.Week), frWeekdays[wd], n)
	default:
		return ""
	}
	if en {
		rule += " at " + clock
	} else {
		rule += " à " + clock
	}
	if !s.Until.IsZero() {
		last := s.lastDate()
		if en {
			rule += " until " + dayMonth(lang, last, now)
		} else {
			rule += " jusqu’au " + dayMonth(lang, last, now)
		}
	}
	return rule
}

// Describe is Words followed by the next date, for an item standing for
// the whole series in a list: "every Tuesday at 19:00, next on 8
// December" / "tous les mardis à 19 h 00, prochaine le 8 décembre".
func (s *Series) Describe(lang string, next, now time.Time) string {
	w := s.Words(lang, next, now)
	if w == "" || next.IsZero() {
		return w
	}
	if strings.HasPrefix(lang, "en") {
		return w + ", next on " + dayMonth(lang, next.In(s.loc()), now)
	}
	return w + ", prochaine le " + dayMonth(lang, next.In(s.loc()), now)
}

// lastDate is the date of the last occurrence of a series with an end
// (Until itself when no occurrence precedes it, which Validate prevents).
func (s *Series) lastDate() time.Time {
	last := s.Until
	for n := 0; n < 100000; n++ {
		o, ok := s.At(n)
		if !ok {
			continue
		}
		if o.Start.After(s.Until) {
			break
		}
		last = o.Start
	}
	return last.In(s.loc())
}

// dayMonth writes "8 December" / "8 décembre" ("1er" in French), with the
// year when it is not now's.
func dayMonth(lang string, t, now time.Time) string {
	var s string
	if strings.HasPrefix(lang, "en") {
		s = t.Format("2 January")
	} else {
		s = frDay(t.Day()) + " " + frMonthNames[t.Month()-1]
	}
	if t.Year() != now.Year() {
		s += " " + strconv.Itoa(t.Year())
	}
	return s
}

// EnglishOrdinal writes n as an English ordinal: "1st", "2nd", "3rd",
// "11th", "22nd".
func EnglishOrdinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func frDay(n int) string {
	if n == 1 {
		return "1er"
	}
	return strconv.Itoa(n)
}

func enWeek(w int) string {
	if w < 1 || w >= len(enOrdinals) {
		return "last"
	}
	return enOrdinals[w]
}

func frWeek(w int) string {
	if w < 1 || w >= len(frOrdinals) {
		return "dernier"
	}
	return frOrdinals[w]
}

// RRule is the rule as an RFC 5545 RRULE value: FREQ, INTERVAL (when not
// 1), BYDAY or BYMONTHDAY, and UNTIL (in UTC) when until is not zero.
// Its dates are the series' when DTSTART is one of them: a weekly rule
// keeps its weekday, a monthly one skips the months without that date
// (the 31st, a fifth Friday) as At does.
func (s *Series) RRule(until time.Time) string {
	var b strings.Builder
	switch s.Freq {
	case FreqWeekly:
		b.WriteString("FREQ=WEEKLY")
	case FreqMonthlyDate, FreqMonthlyWeekday:
		b.WriteString("FREQ=MONTHLY")
	default:
		return ""
	}
	if s.Interval > 1 {
		fmt.Fprintf(&b, ";INTERVAL=%d", s.Interval)
	}
	switch s.Freq {
	case FreqWeekly:
		b.WriteString(";BYDAY=" + icalDays[s.ruleWeekday()])
	case FreqMonthlyDate:
		fmt.Fprintf(&b, ";BYMONTHDAY=%d", s.MonthDay)
	case FreqMonthlyWeekday:
		fmt.Fprintf(&b, ";BYDAY=%d%s", s.Week, icalDays[s.Weekday])
	}
	if !until.IsZero() {
		b.WriteString(";UNTIL=" + until.UTC().Format("20060102T150405Z"))
	}
	return b.String()
}
