// Package ics writes RFC 5545 calendars of events: CRLF line ends, lines
// folded at 75 octets, a VTIMEZONE for each zone used (generated from Go's
// time zone data), DTSTART and DTEND in the event's zone, STATUS, SEQUENCE,
// ORGANIZER, URL and LOCATION, recurring events (RRULE with EXDATE, and
// RECURRENCE-ID overrides), REFRESH-INTERVAL for subscribed feeds, and the
// iTIP CANCEL notice that drops an event from the calendars it was added to. It knows nothing of HTTP, SQL
// or who may see what: callers pass only what the reader may see.
package ics

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	ical "github.com/arran4/golang-ical"

	"codeberg.org/cortege/cortege"
)

// Methods of a calendar (RFC 5546 iTIP): PUBLISH for feeds and
// invitations to add, CANCEL for the notice that drops an event from the
// calendars it was added to.
const (
	MethodPublish = "PUBLISH"
	MethodCancel  = "CANCEL"
)

// Statuses of an event, as iCalendar spells them.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Event is one VEVENT.
type Event struct {
	UID           string // globally unique, e.g. "ID@host"
	Summary       string
	Description   string
	Location      string // "" to leave LOCATION out (hidden or unknown)
	HasGeo        bool
	Lat, Lon      float64
	URL           string
	OrganizerName string
	OrganizerURI  string // a URI for the organiser (its public page), "" for none
	Start, End    time.Time
	TZ            string // IANA zone name; "" or unknown: UTC
	Status        string // StatusConfirmed, StatusTentative, StatusCancelled (any case)
	Sequence      int
	Created       time.Time
	Modified      time.Time
	Categories    []string

	// OrganizerEmail, when set, makes ORGANIZER a mailto: address (what
	// iTIP messages sent by mail need) named OrganizerName; OrganizerURI
	// is then left out.
	OrganizerEmail string
	Attendees      []Attendee // ATTENDEE lines: in a CANCEL, the recipient
	Comment        string     // COMMENT, e.g. why the event was cancelled

	// Recurrence (RFC 5545 §3.8.5). RRule makes the event the master of a
	// series: a rule without UNTIL ("FREQ=WEEKLY;BYDAY=TU"), whose
	// instances start on Start's wall clock in TZ; Until, when set, is the
	// start of the last instance (UNTIL, in UTC). ExDates are instances the
	// rule gives that are not part of the series (cancelled or removed
	// dates), as the rule gives them. RecurrenceID makes the event the
	// override of the instance the rule gives at that instant (with its
	// master's UID and TZ): another time, place or title.
	RRule        string
	Until        time.Time
	ExDates      []time.Time
	RecurrenceID time.Time
}

// Attendee is one ATTENDEE of an event: a mailbox and its name.
type Attendee struct {
	Name  string
	Email string
}

// Calendar is a VCALENDAR of events.
type Calendar struct {
	Method string    // MethodPublish ("" too) or MethodCancel
	Name   string    // X-WR-CALNAME, "" for none
	Stamp  time.Time // DTSTAMP of every event: when the calendar was made
	// Refresh, when set, tells subscribed readers how often to fetch the
	// calendar again (REFRESH-INTERVAL, RFC 7986, and X-PUBLISHED-TTL for
	// Outlook and older readers).
	Refresh time.Duration
	Events  []Event
}

// ProductID is the PRODID of Cortège's calendars.
const ProductID = "-//Cortège//Cortège events//FR"

// Marshal returns the calendar as RFC 5545 text.
func Marshal(c Calendar) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Write writes the calendar to w.
func Write(w io.Writer, c Calendar) error {
	cal := ical.NewCalendarFor("Cortège")
	cal.SetProductId(ProductID)
	switch strings.ToUpper(c.Method) {
	case "", MethodPublish:
		cal.SetMethod(ical.MethodPublish)
	case MethodCancel:
		cal.SetMethod(ical.MethodCancel)
	default:
		return fmt.Errorf("ics: unknown method %q", c.Method)
	}
	cal.SetCalscale("GREGORIAN")
	if c.Name != "" {
		cal.SetXWRCalName(clean(c.Name))
	}
	if c.Refresh > 0 {
		d := duration(c.Refresh)
		cal.SetRefreshInterval(d)
		cal.SetXPublishedTTL(d)
	}
	stamp := c.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}
	// One VTIMEZONE per zone, covering the years of its events.
	type span struct{ from, to time.Time }
	zones := map[string]*span{}
	for _, e := range c.Events {
		z := zoneName(e.TZ)
		if z == "UTC" {
			continue
		}
		s, ok := zones[z]
		if !ok {
			s = &span{e.Start, e.End}
			zones[z] = s
		}
		for _, t := range append([]time.Time{e.Start, e.End, e.Until, e.RecurrenceID}, e.ExDates...) {
			if t.IsZero() {
				continue
			}
			if t.Before(s.from) {
				s.from = t
			}
			if t.After(s.to) {
				s.to = t
			}
		}
	}
	names := make([]string, 0, len(zones))
	for z := range zones {
		names = append(names, z)
	}
	sort.Strings(names)
	for _, z := range names {
		tz, err := Timezone(z, zones[z].from, zones[z].to)
		if err != nil {
			return err
		}
		cal.AddVTimezone(tz)
	}
	for _, e := range c.Events {
		cal.AddVEvent(vevent(e, stamp))
	}
	return cal.SerializeTo(w, ical.WithNewLineWindows)
}

func vevent(e Event, stamp time.Time) *ical.VEvent {
	v := ical.NewEvent(e.UID)
	v.SetDtStampTime(stamp)
	timeProp(v.SetProperty, ical.ComponentPropertyDtStart, e.Start, e.TZ)
	timeProp(v.SetProperty, ical.ComponentPropertyDtEnd, e.End, e.TZ)
	if !e.RecurrenceID.IsZero() {
		timeProp(v.SetProperty, ical.ComponentPropertyRecurrenceId, e.RecurrenceID, e.TZ)
	}
	if e.RRule != "" && e.RecurrenceID.IsZero() {
		rule := strings.Join(strings.Fields(clean(e.RRule)), "")
		if !e.Until.IsZero() {
			rule += ";UNTIL=" + e.Until.UTC().Format("20060102T150405Z")
		}
		v.AddRrule(rule)
		for _, x := range e.ExDates {
			timeProp(v.AddProperty, ical.ComponentPropertyExdate, x, e.TZ)
		}
	}
	v.SetSummary(clean(e.Summary))
	if e.Description != "" {
		v.SetDescription(clean(e.Description))
	}
	if e.Location != "" {
		v.SetLocation(clean(e.Location))
	}
	if e.HasGeo {
		v.SetProperty(ical.ComponentPropertyGeo, fmt.Sprintf("%.6f;%.6f", e.Lat, e.Lon))
	}
	if e.URL != "" {
		v.SetURL(e.URL)
	}
	switch {
	case e.OrganizerEmail != "":
		v.SetOrganizer(mailto(e.OrganizerEmail), cn(e.OrganizerName)...)
	case e.OrganizerURI != "":
		v.SetProperty(ical.ComponentPropertyOrganizer, e.OrganizerURI, cn(e.OrganizerName)...)
	}
	for _, a := range e.Attendees {
		v.AddAttendee(mailto(a.Email), cn(a.Name)...)
	}
	if e.Comment != "" {
		v.AddComment(clean(e.Comment))
	}
	switch strings.ToUpper(e.Status) {
	case StatusTentative:
		v.SetStatus(ical.ObjectStatusTentative)
	case StatusCancelled:
		v.SetStatus(ical.ObjectStatusCancelled)
	default:
		v.SetStatus(ical.ObjectStatusConfirmed)
	}
	v.SetSequence(e.Sequence)
	if !e.Created.IsZero() {
		v.SetCreatedTime(e.Created)
	}
	if !e.Modified.IsZero() {
		v.SetModifiedAt(e.Modified)
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = strings.ReplaceAll(clean(c), ",", " ")
		}
		v.SetProperty(ical.ComponentPropertyCategories, strings.Join(cats, ","))
	}
	return v
}

// timeProp writes a DATE-TIME property (DTSTART, EXDATE…) of t with set:
// local time with a TZID in a known zone, UTC ("Z") otherwise.
func timeProp(set func(ical.ComponentProperty, string, ...ical.PropertyParameter), p ical.ComponentProperty, t time.Time, tz string) {
	z := zoneName(tz)
	if z == "UTC" {
		set(p, t.UTC().Format("20060102T150405Z"))
		return
	}
	loc, _ := cortege.LoadLocation(z)
	set(p, t.In(loc).Format("20060102T150405"), ical.WithTZID(z))
}

// duration writes d as an RFC 5545 DURATION of whole hours, minutes or
// seconds (PT1H).
func duration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("PT%dH", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("PT%dM", d/time.Minute)
	}
	return fmt.Sprintf("PT%dS", d/time.Second)
}

// mailto returns the CAL-ADDRESS of a mailbox, without any space or
// control character that could break the line.
func mailto(email string) string {
	return "mailto:" + strings.Join(strings.Fields(clean(email)), "")
}

// cn returns the CN parameter of a name, none for an empty name. The
// library writes parameter values unquoted, so the characters that would
// end or break one (",", ";", ":", quotes, backslash) become spaces.
func cn(name string) []ical.PropertyParameter {
	name = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(",;:\"'\\", r) || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, name)), " ")
	if name == "" {
		return nil
	}
	return []ical.PropertyParameter{&ical.KeyValues{Key: string(ical.ParameterCn), Value: []string{name}}}
}

// clean drops carriage returns and other control characters except line
// feeds (which TEXT escapes as \n), so no value can break the line structure.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// zoneName returns name when Go knows the zone, else "UTC".
func zoneName(name string) string {
	if name == "" || name == "Local" {
		return "UTC"
	}
	if _, err := cortege.LoadLocation(name); err != nil {
		return "UTC"
	}
	if name == "Etc/UTC" || name == "UTC" {
		return "UTC"
	}
	return name
}
