package cortege

import (
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event statuses, as in iCalendar's STATUS.
const (
	EventConfirmed = "confirmed"
	EventTentative = "tentative"
	EventCancelled = "cancelled"
)

// Events share the groups' visibilities (VisibilityPublic: listed and
// searchable; VisibilityUnlisted: by link only; VisibilityPrivate: the
// organisers, the organising groups' members and the people invited) and
// join modes JoinApproval and JoinInvitation; JoinFree is the events' open
// mode.
const JoinFree = "free"

// Limits on event fields.
const (
	MaxEventTitleLen       = 140
	MaxEventDescriptionLen = 20000
	MaxEventPlaceLen       = 300
	MaxEventURLLen         = 2000
	MaxEventTags           = 10
	MaxEventTagLen         = 40
	MaxEventConductLen     = 5000
	MaxEventReportLen      = 20000
	MaxEventDuration       = 31 * 24 * time.Hour
	MaxEventCapacity       = 100000
)

// EventCategories are the categories offered in forms; an instance may show
// them translated ("cat.demonstration"…).
var EventCategories = []string{
	"demonstration", "meeting", "assembly", "training", "canvassing", "festive",
	"screening", "conference", "action", "online", "other",
}

// Event is something people gather for, at a place, online, or both.
// Start and End are instants; TZ is the IANA zone the event is shown in, so
// that "19:00 in Paris" stays 19:00 across daylight-saving changes.
type Event struct {
	ID          string
	Title       string
	Description string // Markdown, rendered and sanitised at the boundary
	Start, End  time.Time
	TZ          string

	// PlaceArea is the town or neighbourhood everyone sees; Place is the
	// exact address, which HidePlace reserves to approved participants.
	PlaceArea  string
	Place      string
	HasCoords  bool
	Lat, Lon   float64
	OnlineURL  string
	PlaceTBA   bool // place "to be announced"
	OnlineTBA  bool // online link "to be announced"
	HidePlace  bool // exact place and coordinates only for approved participants
	HideOnline bool // online link only for approved participants

	Category string
	Tags     []string
	Picture  string // upload name of the re-encoded picture

	Status     string // confirmed, tentative, cancelled
	Published  bool   // false: a draft only the organisers see
	Visibility string
	JoinMode   string
	Capacity   int // 0: no limit

	HideCount           bool // hide the participant count from the public
	ParticipantsVisible bool // participants may see the list of participants
	// Conduct is the event's own code of conduct; "" inherits the
	// organising groups' (ConductOf). ConductRequired asks participants to
	// accept the own or inherited code.
	Conduct         string
	ConductRequired bool
	CommentsClosed  bool

	Report   string // after-event report (compte-rendu), Markdown
	ReportAt time.Time

	SeriesID   string
	Occurrence int // index in the series, 0 for the first
	Sequence   int // iCalendar SEQUENCE: grows at each significant change

	CreatedBy     string // profile id; empty for an event created without an account
	AnonEmailHash string // hash of the creator's address when created without an account
	Confirmed     bool   // false until an anonymous creator confirmed by mail
	Lang          string // language of mails to an anonymous creator

	CreatedAt   time.Time
	UpdatedAt   time.Time
	CancelledAt time.Time
	// CancelReason is what the organisers said when calling the event off
	// (Markdown, "" when they said nothing); see cancellation.go.
	CancelReason string
}

// Location returns the event's zone, UTC when the name is unknown.
func (e *Event) Location() *time.Location {
	if loc, err := LoadLocation(e.TZ); err == nil {
		return loc
	}
	return time.UTC
}

// LocalStart is the start in the event's zone.
func (e *Event) LocalStart() time.Time { return e.Start.In(e.Location()) }

// LocalEnd is the end in the event's zone.
func (e *Event) LocalEnd() time.Time { return e.End.In(e.Location()) }

// MultiDay reports whether the event ends on another local day than it starts.
func (e *Event) MultiDay() bool {
	s, n := e.LocalStart(), e.LocalEnd().Add(-time.Nanosecond)
	return s.Year() != n.Year() || s.YearDay() != n.YearDay()
}

// Cancelled reports whether the event was called off. It stays visible.
func (e *Event) Cancelled() bool { return e.Status == EventCancelled }

// Past reports whether the event has ended at now.
func (e *Event) Past(now time.Time) bool { return !e.End.After(now) }

// Online reports whether the event has, or will have, an online link.
func (e *Event) Online() bool { return e.OnlineURL != "" || e.OnlineTBA }

// Physical reports whether the event has, or will have, a place.
func (e *Event) Physical() bool {
	return e.Place != "" || e.PlaceArea != "" || e.PlaceTBA || e.HasCoords
}

// Listed reports whether the event appears in public listings and search:
// published, confirmed by its creator, public.
func (e *Event) Listed() bool {
	return e.Published && e.Confirmed && e.Visibility == VisibilityPublic
}

// Validate checks and normalises the editable fields.
func (e *Event) Validate() error {
	e.Title = strings.TrimSpace(e.Title)
	e.Description = strings.TrimSpace(e.Description)
	e.PlaceArea = strings.TrimSpace(e.PlaceArea)
	e.Place = strings.TrimSpace(e.Place)
	e.OnlineURL = strings.TrimSpace(e.OnlineURL)
	e.Conduct = strings.TrimSpace(e.Conduct)
	e.Category = strings.TrimSpace(strings.ToLower(e.Category))
	if err := checkFields(
		textField{"title", e.Title, false}, textField{"description", e.Description, true}, textField{"place_area", e.PlaceArea, false},
		textField{"place", e.Place, true}, textField{"online_url", e.OnlineURL, false}, textField{"conduct", e.Conduct, true},
		textField{"category", e.Category, false}, textField{"report", e.Report, true},
	); err != nil {
		return err
	}
	if e.Title == "" {
		return Invalid("title", "err.event.title_required")
	}
	if !oneLine(e.Title, MaxEventTitleLen) {
		return Invalid("title", "err.event.title_invalid")
	}
	if !utf8.ValidString(e.Description) || utf8.RuneCountInString(e.Description) > MaxEventDescriptionLen {
		return Invalid("description", "err.too_long")
	}
	if _, err := LoadLocation(e.TZ); err != nil || e.TZ == "" || e.TZ == "Local" {
		return Invalid("tz", "err.event.tz_invalid")
	}
	if e.Start.IsZero() {
		return Invalid("start", "err.event.start_required")
	}
	if err := CheckTime("start", e.Start); err != nil {
		return err
	}
	if e.End.IsZero() {
		e.End = e.Start.Add(2 * time.Hour)
		if err := CheckTime("start", e.End); err != nil {
			return err // the end was not given: the start is what to change
		}
	}
	if err := CheckTime("end", e.End); err != nil {
		return err
	}
	if !e.End.After(e.Start) {
		return Invalid("end", "err.event.end_before_start")
	}
	if e.End.Sub(e.Start) > MaxEventDuration {
		return Invalid("end", "err.event.too_long")
	}
	if !oneLine(e.PlaceArea, MaxEventPlaceLen) {
		return Invalid("place_area", "err.event.place_invalid")
	}
	if !utf8.ValidString(e.Place) || utf8.RuneCountInString(e.Place) > MaxEventPlaceLen {
		return Invalid("place", "err.event.place_invalid")
	}
	if e.HasCoords && (math.IsNaN(e.Lat) || math.IsNaN(e.Lon) || e.Lat < -90 || e.Lat > 90 || e.Lon < -180 || e.Lon > 180) {
		return Invalid("lat", "err.event.coords_invalid")
	}
	if e.OnlineURL != "" {
		if !ValidWebURL(e.OnlineURL) {
			return Invalid("online_url", "err.event.url_invalid")
		}
		e.OnlineTBA = false
	}
	if e.Place != "" {
		e.PlaceTBA = false
	}
	if e.Category != "" && !contains(EventCategories, e.Category) {
		return Invalid("category", "err.event.category_invalid")
	}
	tags, err := NormalizeTags(e.Tags)
	if err != nil {
		return err
	}
	e.Tags = tags
	if e.Status == "" {
		e.Status = EventConfirmed
	}
	if !contains([]string{EventConfirmed, EventTentative, EventCancelled}, e.Status) {
		return Invalid("status", "err.event.status_invalid")
	}
	if e.Visibility == "" {
		e.Visibility = VisibilityPublic
	}
	if !contains([]string{VisibilityPublic, VisibilityUnlisted, VisibilityPrivate}, e.Visibility) {
		return Invalid("visibility", "err.event.visibility_invalid")
	}
	if e.JoinMode == "" {
		e.JoinMode = JoinFree
	}
	if !contains([]string{JoinFree, JoinApproval, JoinInvitation}, e.JoinMode) {
		return Invalid("join_mode", "err.event.join_mode_invalid")
	}
	if e.Capacity < 0 || e.Capacity > MaxEventCapacity {
		return Invalid("capacity", "err.event.capacity_invalid")
	}
	if !utf8.ValidString(e.Conduct) || utf8.RuneCountInString(e.Conduct) > MaxEventConductLen {
		return Invalid("conduct", "err.too_long")
	}
	if !utf8.ValidString(e.Report) || utf8.RuneCountInString(e.Report) > MaxEventReportLen {
		return Invalid("report", "err.too_long")
	}
	if e.Lang == "" {
		e.Lang = DefaultLang
	}
	return CheckLang("lang", e.Lang)
}

func oneLine(s string, max int) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !strings.ContainsAny(s, "\r\n")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SearchText returns the accent-free, lower-case text that event search
// matches: title, description, places, category and tags. It is computed in
// Go so that both engines search the same way.
func (e *Event) SearchText() string {
	parts := []string{e.Title, e.PlaceArea, e.Category, strings.Join(e.Tags, " "), e.Description}
	if !e.HidePlace {
		parts = append(parts, e.Place)
	}
	return NormalizeSearch(strings.Join(parts, " "))
}

// NormalizeSearch folds text for search: accents removed, lower case, punctuation turned into single spaces ("Défilé, Saint-Étienne" →
// "defile saint etienne").
func NormalizeSearch(s string) string {
	var b strings.Builder
	space := true
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			r = f
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// Distance returns the great-circle distance in kilometres between two
// points (haversine).
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// BoundingBox returns the latitude and longitude ranges containing every
// point within km of (lat, lon), for a coarse SQL filter refined by Distance.
func BoundingBox(lat, lon, km float64) (minLat, maxLat, minLon, maxLon float64) {
	dLat := km / 111.0
	minLat, maxLat = math.Max(-90, lat-dLat), math.Min(90, lat+dLat)
	c := math.Cos(lat * math.Pi / 180)
	if c < 0.01 || maxLat >= 89.9 || minLat <= -89.9 {
		return minLat, maxLat, -180, 180
	}
	dLon := km / (111.0 * c)
	if dLon >= 180 {
		return minLat, maxLat, -180, 180
	}
	return minLat, maxLat, lon - dLon, lon + dLon
}

// EventChange records that a field of an event moved from one value to
// another, so the page can say "moved from … to …" and participants are told.
type EventChange struct {
	ID       string
	EventID  string
	Field    string // start, end, place, online_url, status, tz
	From, To string
	// FromHidden and ToHidden: the place or link was hidden (shown after
	// approval) before and after the change, so the value stays hidden
	// from those who could not see it then, even once the event shows it.
	FromHidden, ToHidden bool
	ByProfile            string
	At                   time.Time
}

// Fields whose change is recorded and told to participants.
const (
	ChangeStart  = "start"
	ChangeEnd    = "end"
	ChangePlace  = "place"
	ChangeOnline = "online_url"
	ChangeStatus = "status"
)

// Changes compares an event before and after an edit and returns the
// changes participants must hear about (times in RFC 3339 in the event's
// zone, places as text). Filling in a "to be announced" place counts.
func Changes(before, after *Event) []EventChange {
	var out []EventChange
	add := func(f, from, to string) {
		if from != to {
			out = append(out, EventChange{EventID: after.ID, Field: f, From: from, To: to})
		}
	}
	if !before.Start.Equal(after.Start) || before.TZ != after.TZ {
		add(ChangeStart, before.LocalStart().Format(time.RFC3339), after.LocalStart().Format(time.RFC3339))
	}
	if !before.End.Equal(after.End) || before.TZ != after.TZ {
		add(ChangeEnd, before.LocalEnd().Format(time.RFC3339), after.LocalEnd().Format(time.RFC3339))
	}
	add(ChangePlace, placeText(before), placeText(after))
	if n := len(out); n > 0 && out[n-1].Field == ChangePlace {
		out[n-1].FromHidden, out[n-1].ToHidden = before.HidePlace, after.HidePlace
	}
	add(ChangeOnline, before.OnlineURL, after.OnlineURL)
	if n := len(out); n > 0 && out[n-1].Field == ChangeOnline {
		out[n-1].FromHidden, out[n-1].ToHidden = before.HideOnline, after.HideOnline
	}
	add(ChangeStatus, before.Status, after.Status)
	return out
}

// placeText is the place as a change records it: "" while to be announced.
func placeText(e *Event) string {
	if e.PlaceTBA && e.Place == "" {
		return ""
	}
	return strings.Trim(strings.TrimSpace(e.Place+", "+e.PlaceArea), ", ")
}

// Significant reports whether changes warrant a new iCalendar SEQUENCE and
// a notice to participants.
func Significant(changes []EventChange) bool { return len(changes) > 0 }
