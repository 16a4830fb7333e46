package service

import (
	"bytes"
	"cmp"
	"context"
	"net/url"
	"sort"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/feed"
	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/store"
)

// Feeds are a bounded window, read in one statement a section: the
// instance's (and a search's) events not over now up to feedAhead (at
// most feedMax) and those of the last feedBack (at most feedPast); a
// group's and a person's from feedBack ago, at most feedMax.
const (
	feedBack  = 30 * 24 * time.Hour
	feedAhead = 90 * 24 * time.Hour
	feedMax   = 200
	feedPast  = 50
)

// host is the base URL's host, for iCalendar UIDs.
func (s *Service) host() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "cortege.invalid"
}

// calendarOf writes events (already redacted for the reader) as iCalendar.
func (s *Service) calendarOf(ctx context.Context, q *store.Q, name string, evs []*cortege.Event) ([]byte, error) {
	cal, err := s.calendar(ctx, q, name, evs)
	if err != nil {
		return nil, err
	}
	return ics.Marshal(cal)
}

// calendar builds the calendar of events (already redacted for the
// reader), one VEVENT each: downloads and the invitations mails carry
// (itip.go). Subscribed feeds write series as rules (feedCalendar).
func (s *Service) calendar(ctx context.Context, q *store.Q, name string, evs []*cortege.Event) (ics.Calendar, error) {
	cal := ics.Calendar{Name: name, Stamp: s.now()}
	d, err := icsDataOf(ctx, q, evs)
	if err != nil {
		return cal, err
	}
	for _, e := range evs {
		cal.Events = append(cal.Events, s.icsEvent(d, e))
	}
	return cal, nil
}

// icsData is what the entries of a calendar need beyond their events,
// read for the whole calendar in two statements: the creators' profiles
// and the reasons of the cancelled events.
type icsData struct {
	profiles map[string]*cortege.Profile
	reasons  map[string]string
}

func icsDataOf(ctx context.Context, q *store.Q, evs []*cortege.Event) (*icsData, error) {
	var creators, cancelled []string
	for _, e := range evs {
		if e.CreatedBy != "" {
			creators = append(creators, e.CreatedBy)
		}
		if e.Cancelled() && e.CancelReason == "" {
			cancelled = append(cancelled, e.ID)
		}
	}
	d := &icsData{}
	var err error
	if d.profiles, err = q.ProfilesByIDs(ctx, creators); err != nil {
		return nil, err
	}
	if d.reasons, err = q.CancelReasons(ctx, cancelled); err != nil {
		return nil, err
	}
	return d, nil
}

// icsEvent is the VEVENT of one event (already redacted for the reader).
func (s *Service) icsEvent(d *icsData, e *cortege.Event) ics.Event {
	ie := ics.Event{
		UID: e.ID + "@" + s.host(), Summary: e.Title, Description: e.Description, URL: s.eventURL(e.ID),
		Start: e.Start, End: e.End, TZ: e.TZ, Status: strings.ToUpper(e.Status), Sequence: e.Sequence,
		Created: e.CreatedAt, Modified: e.UpdatedAt, Categories: e.Tags,
		Location: strings.Trim(strings.TrimSpace(e.Place+", "+e.PlaceArea), ", "),
	}
	if e.Place == "" && e.PlaceArea == "" && e.OnlineURL != "" {
		ie.Location = e.OnlineURL
	}
	if e.HasCoords && e.Place != "" {
		ie.HasGeo, ie.Lat, ie.Lon = true, e.Lat, e.Lon
	}
	if e.OnlineURL != "" {
		ie.Description = strings.TrimSpace(ie.Description + "\n\n" + e.OnlineURL)
	}
	if p := d.profiles[e.CreatedBy]; p != nil && p.Name() != "" {
		ie.OrganizerName, ie.OrganizerURI = p.Name(), s.URL("/@"+p.Handle)
	}
	if reason := cmp.Or(e.CancelReason, d.reasons[e.ID]); e.Cancelled() && reason != "" {
		ie.Comment = reason
		ie.Description = strings.TrimSpace(reason + "\n\n" + ie.Description)
	}
	return ie
}

// EventICS returns one event as an .ics file, as the actor may see it
// (no hidden place or link unless approved or organiser).
func (s *Service) EventICS(ctx context.Context, a cortege.Actor, ref EventRef) ([]byte, error) {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return s.calendarOf(ctx, q, "", []*cortege.Event{e.Redacted(v)})
}

// InstanceICS is the calendar of the instance's listed events.
func (s *Service) InstanceICS(ctx context.Context) ([]byte, error) {
	return s.SearchICS(ctx, cortege.Anonymous, EventQuery{})
}

// SearchICS is the calendar of a discovery search (the instance's listed
// events when in is empty): the same filters as SearchEvents, every date
// of a series (written as its rule), the last month's and the next
// feedAhead's unless in says from when (see searchAll).
func (s *Service) SearchICS(ctx context.Context, a cortege.Actor, in EventQuery) ([]byte, error) {
	evs, err := s.searchAll(ctx, a, in)
	if err != nil {
		return nil, err
	}
	q := s.db.Q()
	set, _ := q.InstanceSettings(ctx)
	return s.feedCalendar(ctx, q, set.Name, evs)
}

// searchAll runs a search for a feed, every date of a series included:
// unless in says from when, the events not over now up to feedAhead and
// those of the last feedBack (one statement each), at most feedMax and
// feedPast of them.
func (s *Service) searchAll(ctx context.Context, a cortege.Actor, in EventQuery) ([]*cortege.Event, error) {
	in.allDates, in.Page, in.After = true, 1, 0
	sections := []EventQuery{in}
	if in.From.IsZero() {
		now := s.now()
		up, past := in, in
		up.From, up.PerPage = now, feedMax
		if up.To.IsZero() {
			up.To = now.Add(feedAhead)
		}
		past.From, past.PerPage = now.Add(-feedBack), feedPast
		if past.To.IsZero() || past.To.After(now) {
			past.To = now
		}
		sections = []EventQuery{past, up}
	} else {
		sections[0].PerPage = feedMax
	}
	var evs []*cortege.Event
	seen := map[string]bool{}
	for _, q := range sections {
		p, err := s.SearchEvents(ctx, a, q)
		if err != nil {
			return nil, err
		}
		for _, it := range p.Items {
			if !seen[it.Event.ID] {
				seen[it.Event.ID] = true
				evs = append(evs, it.Event)
			}
		}
	}
	// By start, as feeds are (a search near a point comes by distance).
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start.Before(evs[j].Start) })
	return evs, nil
}

// groupFeedEvents lists the events of a group the actor may see, from a
// month back, at most feedMax: two statements (three signed in).
func (s *Service) groupFeedEvents(ctx context.Context, q *store.Q, a cortege.Actor, groupID string) (*cortege.Group, []*cortege.Event, error) {
	g, err := q.GroupByID(ctx, groupID)
	if err != nil {
		return nil, nil, err
	}
	ks, err := q.EventsByGroup(ctx, groupID, s.now().Add(-feedBack), time.Time{}, 0, feedMax)
	if err != nil {
		return nil, nil, err
	}
	evs := make([]*cortege.Event, len(ks))
	for i, k := range ks {
		evs[i] = k.Event
	}
	vs, err := s.viewers(ctx, q, a, evs)
	if err != nil {
		return nil, nil, err
	}
	var out []*cortege.Event
	for _, e := range evs {
		v := vs[e.ID]
		if e.VisibleTo(v) && (e.Visibility == cortege.VisibilityPublic || v.GroupMember || v.Organiser) {
			out = append(out, e.Redacted(v))
		}
	}
	return g, out, nil
}

// GroupICS is the calendar of a group's events the actor may see.
func (s *Service) GroupICS(ctx context.Context, a cortege.Actor, groupID string) ([]byte, error) {
	q := s.db.Q()
	g, evs, err := s.groupFeedEvents(ctx, q, a, groupID)
	if err != nil {
		return nil, err
	}
	return s.feedCalendar(ctx, q, g.Name, evs)
}

// CreateICSFeed makes a secret calendar URL of the actor's events ("my
// events"), for a calendar application to subscribe to. The URL is shown
// once; only its hash is kept, and it can be revoked.
func (s *Service) CreateICSFeed(ctx context.Context, a cortege.Actor) (string, *cortege.ICSFeedToken, error) {
	if err := requireSignedIn(a); err != nil {
		return "", nil, err
	}
	if a.Profile == nil {
		return "", nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	tok := cortege.NewToken()
	t := &cortege.ICSFeedToken{ID: cortege.NewID(s.now()), ProfileID: a.Profile.ID, CreatedAt: s.now()}
	if err := s.db.Q().CreateICSFeedToken(ctx, t, cortege.HashToken(tok)); err != nil {
		return "", nil, err
	}
	return s.URL("/feeds/my/" + tok + ".ics"), t, nil
}

// ICSFeeds lists the actor's calendar feed tokens.
func (s *Service) ICSFeeds(ctx context.Context, a cortege.Actor) ([]*cortege.ICSFeedToken, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	if a.Profile == nil {
		return nil, nil
	}
	return s.db.Q().ICSFeedTokens(ctx, a.Profile.ID)
}

// RevokeICSFeed stops one of the actor's calendar feed URLs.
func (s *Service) RevokeICSFeed(ctx context.Context, a cortege.Actor, id string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if a.Profile == nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return s.db.Q().RevokeICSFeedToken(ctx, id, a.Profile.ID)
}

// ProfileICS is the calendar behind a secret feed URL: the events its
// profile takes part in or organises, as that profile may see them.
func (s *Service) ProfileICS(ctx context.Context, token string) ([]byte, error) {
	if !cortege.ValidTokenShape(token) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	q := s.db.Q()
	pid, err := q.ICSFeedProfile(ctx, cortege.HashToken(token))
	if err != nil {
		return nil, err
	}
	prof, err := q.ProfileByID(ctx, pid)
	if err != nil || prof.Deleted || prof.AccountID == "" {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	acc, err := q.AccountByID(ctx, prof.AccountID)
	if err != nil {
		return nil, err
	}
	a := cortege.Actor{Account: acc, Profile: prof}
	from := s.now().Add(-feedBack)
	joined, err := q.EventsJoinedBy(ctx, pid, from, time.Time{}, feedMax)
	if err != nil {
		return nil, err
	}
	organised, err := q.EventsOrganisedBy(ctx, pid, from, feedMax)
	if err != nil {
		return nil, err
	}
	var all []*cortege.Event
	for _, o := range organised {
		all = append(all, o.Event)
	}
	for _, j := range joined {
		all = append(all, j.Event)
	}
	vs, err := s.viewers(ctx, q, a, all)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var evs []*cortege.Event
	// A registration still waiting (for approval, or for a seat) is
	// TENTATIVE: the person may not go.
	add := func(e *cortege.Event, status string) error {
		if seen[e.ID] {
			return nil
		}
		seen[e.ID] = true
		if v := vs[e.ID]; e.VisibleTo(v) {
			r := e.Redacted(v)
			if (status == cortege.PartPending || status == cortege.PartWaitlisted) && !r.Cancelled() {
				r.Status = cortege.EventTentative
			}
			evs = append(evs, r)
		}
		return nil
	}
	for _, o := range organised {
		if err := add(o.Event, ""); err != nil {
			return nil, err
		}
	}
	for _, j := range joined {
		if err := add(j.Event, j.Status); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start.Before(evs[j].Start) })
	return s.feedCalendar(ctx, q, prof.DisplayName, evs)
}

func redactAll(evs []*cortege.Event, v cortege.EventViewer) []*cortege.Event {
	out := make([]*cortege.Event, len(evs))
	for i, e := range evs {
		out[i] = e.Redacted(v)
	}
	return out
}

// atomOf writes an Atom feed of evs; an event standing for its series
// (rules has it) is one entry for the whole series, with a stable ID, the
// rule in words and a link to that next date.
func (s *Service) atomOf(title, page, self string, evs []*cortege.Event, rules map[string]*cortege.Series) ([]byte, error) {
	f := &feed.Feed{ID: self, Title: title, Link: page, Self: self, Updated: s.now()}
	for _, e := range evs {
		id, sum := s.eventURL(e.ID), formatWhen("fr", e)
		if ser := rules[e.SeriesID]; ser != nil {
			id, sum = s.URL("/series/"+ser.ID), ser.Describe("fr", e.Start, s.now())+" ("+e.TZ+")"
		}
		if e.PlaceArea != "" {
			sum += " — " + e.PlaceArea
		}
		if e.Cancelled() {
			sum = "[annulé / cancelled] " + sum
		}
		f.Entries = append(f.Entries, feed.Entry{ID: id, Title: e.Title, Link: s.eventURL(e.ID), Summary: sum,
			Published: e.CreatedAt, Updated: e.UpdatedAt})
	}
	var b bytes.Buffer
	if err := feed.Write(&b, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// InstanceAtom is the Atom feed of the instance's listed events.
func (s *Service) InstanceAtom(ctx context.Context) ([]byte, error) {
	return s.SearchAtom(ctx, cortege.Anonymous, EventQuery{})
}

// SearchAtom is the Atom feed of a discovery search (the instance's
// upcoming listed events when in is empty): its first 100 items, a
// series being one.
func (s *Service) SearchAtom(ctx context.Context, a cortege.Actor, in EventQuery) ([]byte, error) {
	in.Page, in.PerPage = 1, 100
	p, err := s.SearchEvents(ctx, a, in)
	if err != nil {
		return nil, err
	}
	var evs []*cortege.Event
	rules := map[string]*cortege.Series{}
	for _, it := range p.Items {
		evs = append(evs, it.Event)
		if it.Series != nil {
			rules[it.Event.SeriesID] = it.Series.Series
		}
	}
	set, _ := s.db.Q().InstanceSettings(ctx)
	return s.atomOf(set.Name, s.URL("/"), s.URL("/feeds/events.atom"), evs, rules)
}

// GroupAtom is the Atom feed of a group's public events, a series being
// one entry (its next date).
func (s *Service) GroupAtom(ctx context.Context, groupID string) ([]byte, error) {
	q := s.db.Q()
	g, evs, err := s.groupFeedEvents(ctx, q, cortege.Anonymous, groupID)
	if err != nil {
		return nil, err
	}
	evs, rules, err := s.nextOfEach(ctx, q, evs)
	if err != nil {
		return nil, err
	}
	return s.atomOf(g.Name, s.URL("/@"+g.Handle), s.URL("/@"+g.Handle+"/events.atom"), evs, rules)
}

// JSONLDEvent is schema.org's Event for a public event page; the web layer
// marshals it into a <script type="application/ld+json">.
type JSONLDEvent struct {
	Context             string        `json:"@context"`
	Type                string        `json:"@type"`
	Name                string        `json:"name"`
	Description         string        `json:"description,omitempty"`
	StartDate           string        `json:"startDate"`
	EndDate             string        `json:"endDate"`
	EventStatus         string        `json:"eventStatus"`
	EventAttendanceMode string        `json:"eventAttendanceMode"`
	Location            []any         `json:"location,omitempty"`
	Organizer           []JSONLDThing `json:"organizer,omitempty"`
	URL                 string        `json:"url"`
	Image               []string      `json:"image,omitempty"`
	Keywords            string        `json:"keywords,omitempty"`
	MaximumCapacity     int           `json:"maximumAttendeeCapacity,omitempty"`
}

// JSONLDThing is a named schema.org object (Person, Organization, Place,
// VirtualLocation).
type JSONLDThing struct {
	Type    string     `json:"@type"`
	Name    string     `json:"name,omitempty"`
	URL     string     `json:"url,omitempty"`
	Address string     `json:"address,omitempty"`
	Geo     *JSONLDGeo `json:"geo,omitempty"`
}

// JSONLDGeo is schema.org's GeoCoordinates.
type JSONLDGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// JSONLD describes an event as schema.org data, from what an anonymous
// visitor sees whoever views the page (no hidden address, coordinates or
// link even in an organiser's page), with a plain-text description.
func (s *Service) JSONLD(v *EventView) JSONLDEvent {
	e := v.Event.Redacted(cortege.EventViewer{})
	j := JSONLDEvent{Context: "https://schema.org", Type: "Event", Name: e.Title, URL: s.eventURL(e.ID),
		StartDate: e.LocalStart().Format(time.RFC3339), EndDate: e.LocalEnd().Format(time.RFC3339),
		Keywords: strings.Join(e.Tags, ", "), MaximumCapacity: e.Capacity,
		Description: markdown.Plain(e.Description, 500)}
	switch e.Status {
	case cortege.EventCancelled:
		j.EventStatus = "https://schema.org/EventCancelled"
	default:
		j.EventStatus = "https://schema.org/EventScheduled"
	}
	for _, c := range v.Changes {
		if c.Field == cortege.ChangeStart && e.Status != cortege.EventCancelled {
			j.EventStatus = "https://schema.org/EventRescheduled"
		}
	}
	// Hidden details still exist: the attendance mode says so.
	physical, online := v.Event.Physical() || v.PlaceHidden, v.Event.Online() || v.OnlineHidden
	switch {
	case physical && online:
		j.EventAttendanceMode = "https://schema.org/MixedEventAttendanceMode"
	case online:
		j.EventAttendanceMode = "https://schema.org/OnlineEventAttendanceMode"
	default:
		j.EventAttendanceMode = "https://schema.org/OfflineEventAttendanceMode"
	}
	if physical {
		p := JSONLDThing{Type: "Place", Name: e.PlaceArea, Address: strings.Trim(strings.TrimSpace(e.Place+", "+e.PlaceArea), ", ")}
		if p.Name == "" {
			p.Name = p.Address
		}
		if e.HasCoords && !e.HidePlace {
			p.Geo = &JSONLDGeo{Type: "GeoCoordinates", Latitude: e.Lat, Longitude: e.Lon}
		}
		j.Location = append(j.Location, p)
	}
	if online {
		j.Location = append(j.Location, JSONLDThing{Type: "VirtualLocation", URL: e.OnlineURL})
	}
	if v.Creator != nil && v.Creator.Name() != "" {
		j.Organizer = append(j.Organizer, JSONLDThing{Type: "Person", Name: v.Creator.DisplayName, URL: s.URL("/@" + v.Creator.Handle)})
	}
	for _, o := range v.Organisers {
		if o.Status == cortege.OrganiserAccepted {
			j.Organizer = append(j.Organizer, JSONLDThing{Type: "Organization", Name: o.Group.Name, URL: s.URL("/@" + o.Group.Handle)})
		}
	}
	if e.Picture != "" {
		j.Image = []string{s.URL("/uploads/" + string(VariantCard) + "/" + VariantName(e.Picture)), s.URL("/uploads/" + e.Picture)}
	}
	return j
}
