package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
)

// eventDest returns the scan destinations of the event columns ($EV in
// queries/event.sql), with the millisecond times in ts.
func eventDest(e *cortege.Event, tags *string, ts *[6]int64) []any {
	return []any{&e.ID, &e.Title, &e.Description, &ts[0], &ts[1], &e.TZ, &e.PlaceArea, &e.Place, &e.HasCoords, &e.Lat, &e.Lon,
		&e.OnlineURL, &e.PlaceTBA, &e.OnlineTBA, &e.HidePlace, &e.HideOnline, &e.Category, tags, &e.Picture, &e.Status,
		&e.Published, &e.Visibility, &e.JoinMode, &e.Capacity, &e.HideCount, &e.ParticipantsVisible, &e.Conduct,
		&e.ConductRequired, &e.CommentsClosed, &e.Report, &ts[2], &e.SeriesID, &e.Occurrence, &e.Sequence,
		&e.CreatedBy, &e.AnonEmailHash, &e.Confirmed, &e.Lang, &ts[3], &ts[4], &ts[5]}
}

func scanEvent(s scanner, extra ...any) (*cortege.Event, error) {
	var e cortege.Event
	var tags string
	var ts [6]int64
	if err := s.Scan(append(eventDest(&e, &tags, &ts), extra...)...); err != nil {
		return nil, err
	}
	e.Start, e.End, e.ReportAt, e.CreatedAt, e.UpdatedAt, e.CancelledAt = fromMS(ts[0]), fromMS(ts[1]), fromMS(ts[2]), fromMS(ts[3]), fromMS(ts[4]), fromMS(ts[5])
	e.Tags = splitList(tags)
	return &e, nil
}

// splitList reads a comma-separated column.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (q *Q) event(ctx context.Context, name string, args ...any) (*cortege.Event, error) {
	e, err := scanEvent(q.stmt(ctx, name).QueryRowContext(ctx, args...))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.event.not_found")
	}
	return e, wrap(name, err)
}

func (q *Q) events(ctx context.Context, name string, args ...any) ([]*cortege.Event, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, e)
	}
	return out, wrap(name, rows.Err())
}

// changed runs a statement that must change one row; none is ENOTFOUND.
func (q *Q) changed(ctx context.Context, name string, args ...any) error {
	n, err := q.execN(ctx, name, args...)
	if err == nil && n == 0 {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return err
}

// CreateEvent inserts e; manageHash is the hash of its management link's
// token ("" for an event created with an account).
func (q *Q) CreateEvent(ctx context.Context, e *cortege.Event, manageHash string) error {
	_, err := q.exec(ctx, "CreateEvent", e.ID, e.Title, e.Description, ms(e.Start), ms(e.End), e.TZ, e.PlaceArea, e.Place,
		e.HasCoords, e.Lat, e.Lon, e.OnlineURL, e.PlaceTBA, e.OnlineTBA, e.HidePlace, e.HideOnline, e.Category,
		strings.Join(e.Tags, ","), e.Picture, e.Status, e.Published, e.Visibility, e.JoinMode, e.Capacity, e.HideCount,
		e.ParticipantsVisible, e.Conduct, e.ConductRequired, e.CommentsClosed, e.Report, ms(e.ReportAt),
		nullStr(e.SeriesID), e.Occurrence, e.Sequence, nullStr(e.CreatedBy), e.AnonEmailHash, nullStr(manageHash),
		e.Confirmed, e.Lang, e.SearchText(), ms(e.CreatedAt), ms(e.UpdatedAt), ms(e.CancelledAt))
	return err
}

// UpdateEvent saves e's editable fields, its sequence and search text.
func (q *Q) UpdateEvent(ctx context.Context, e *cortege.Event) error {
	return q.changed(ctx, "UpdateEvent", e.Title, e.Description, ms(e.Start), ms(e.End), e.TZ, e.PlaceArea, e.Place,
		e.HasCoords, e.Lat, e.Lon, e.OnlineURL, e.PlaceTBA, e.OnlineTBA, e.HidePlace, e.HideOnline, e.Category,
		strings.Join(e.Tags, ","), e.Picture, e.Status, e.Published, e.Visibility, e.JoinMode, e.Capacity, e.HideCount,
		e.ParticipantsVisible, e.Conduct, e.ConductRequired, e.CommentsClosed, e.Report, ms(e.ReportAt), e.Sequence,
		e.Confirmed, e.SearchText(), ms(e.UpdatedAt), ms(e.CancelledAt), ms(e.Start), ms(e.Start), ms(e.Start), ms(e.Start), e.ID)
}

// EventByID returns an event or ENOTFOUND.
func (q *Q) EventByID(ctx context.Context, id string) (*cortege.Event, error) {
	return q.event(ctx, "EventByID", id)
}

// EventByManageToken returns the event whose management link's token has
// this hash, or ENOTFOUND.
func (q *Q) EventByManageToken(ctx context.Context, hash string) (*cortege.Event, error) {
	return q.event(ctx, "EventByManageToken", hash)
}

// LockEvent locks an event's row for the rest of the transaction (on
// PostgreSQL; SQLite has a single writer), so capacity checks do not race.
func (q *Q) LockEvent(ctx context.Context, id string) error {
	var got string
	return q.get(ctx, "LockEvent", []any{id}, &got)
}

// ClaimEvent attaches an event created without an account to a profile.
func (q *Q) ClaimEvent(ctx context.Context, id, profileID string) error {
	return q.changed(ctx, "ClaimEvent", profileID, ms(q.db.now()), id)
}

// OrganisedEvent is an event a profile organises, with the requests
// waiting for approval.
type OrganisedEvent struct {
	Event   *cortege.Event
	Pending int
}

// EventsOrganisedBy lists events a profile organises ending after from,
// in order of start, at most limit: one statement per span class, each
// from its own floor, merged.
func (q *Q) EventsOrganisedBy(ctx context.Context, profileID string, from time.Time, limit int) ([]OrganisedEvent, error) {
	end := ms(from)
	parts, err := spanParts(from, func(class int, lo int64) ([]OrganisedEvent, []int64, error) {
		rows, err := q.query(ctx, "EventsOrganisedBy", profileID, class, lo, end, limit, class, lo, KeyOf(from), end, limit, profileID, limit)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		var out []OrganisedEvent
		var keys []int64
		for rows.Next() {
			var o OrganisedEvent
			var k int64
			if o.Event, err = scanEvent(rows, &o.Pending, &k); err != nil {
				return nil, nil, wrap("EventsOrganisedBy", err)
			}
			out, keys = append(out, o), append(keys, k)
		}
		return out, keys, wrap("EventsOrganisedBy", rows.Err())
	})
	return firstByKey(parts, limit), err
}

// JoinedEvent is an event with the status of a profile's participation.
type JoinedEvent struct {
	Event  *cortege.Event
	Status string
}

func (q *Q) joined(ctx context.Context, name string, args ...any) ([]JoinedEvent, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JoinedEvent
	for rows.Next() {
		var j JoinedEvent
		if j.Event, err = scanEvent(rows, &j.Status); err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, j)
	}
	return out, wrap(name, rows.Err())
}

// EventsJoinedBy lists events a profile takes part in, ending after from
// and starting before to.
func (q *Q) EventsJoinedBy(ctx context.Context, profileID string, from, to time.Time, limit int) ([]JoinedEvent, error) {
	hi := noKey
	if !to.IsZero() {
		hi = KeyOf(to)
	}
	return q.joined(ctx, "EventsJoinedBy", profileID, keyFloor(from), hi, ms(from), limit)
}

// PastEventsJoinedBy lists events over at now that a profile attended or
// was approved for, latest first.
func (q *Q) PastEventsJoinedBy(ctx context.Context, profileID string, now time.Time, limit int) ([]JoinedEvent, error) {
	return q.joined(ctx, "PastEventsJoinedBy", profileID, KeyOf(now), ms(now), limit)
}

// SuggestedEvents lists upcoming events of a profile's groups it has not joined.
// One statement per span class, each from its own floor, merged.
func (q *Q) SuggestedEvents(ctx context.Context, profileID string, now time.Time, limit int) ([]*cortege.Event, error) {
	parts, err := spanParts(now, func(class int, lo int64) ([]*cortege.Event, []int64, error) {
		ks, err := q.keyedEvents(ctx, "SuggestedEvents", class, lo, ms(now), profileID, profileID, limit, profileID, limit)
		keys := make([]int64, len(ks))
		for i, k := range ks {
			keys[i] = k.Key
		}
		return eventsOf(ks), keys, err
	})
	return firstByKey(parts, limit), err
}

// EventsStartingBetween lists live events starting in (from, to].
func (q *Q) EventsStartingBetween(ctx context.Context, from, to time.Time, limit int) ([]*cortege.Event, error) {
	return q.events(ctx, "EventsStartingBetween", ms(from), ms(to), limit)
}

// EventsInSeries lists a series' occurrences from index from on.
func (q *Q) EventsInSeries(ctx context.Context, seriesID string, from int) ([]*cortege.Event, error) {
	return q.events(ctx, "EventsInSeries", seriesID, from)
}

// EventsInSeriesAfter returns at most limit occurrences of a series that
// end after t, in order.
func (q *Q) EventsInSeriesAfter(ctx context.Context, seriesID string, t time.Time, limit int) ([]*cortege.Event, error) {
	return q.events(ctx, "EventsInSeriesAfter", seriesID, t.UnixMilli(), limit)
}

// IsGroupMemberOfEvent reports whether a profile is an active member of a
// group organising the event.
func (q *Q) IsGroupMemberOfEvent(ctx context.Context, eventID, profileID string) (bool, error) {
	var n int
	err := q.get(ctx, "IsGroupMemberOfEvent", []any{eventID, profileID}, &n)
	return n > 0, err
}

// IsGroupOrganiserOfEvent reports whether a profile administers or
// moderates a group organising the event.
func (q *Q) IsGroupOrganiserOfEvent(ctx context.Context, eventID, profileID string) (bool, error) {
	var n int
	err := q.get(ctx, "IsGroupOrganiserOfEvent", []any{eventID, profileID}, &n)
	return n > 0, err
}

// AddEventOrganizer adds a group to an event's organisers (invited or
// accepted); an existing row is left as it is.
func (q *Q) AddEventOrganizer(ctx context.Context, o *cortege.EventOrganiser) error {
	_, err := q.exec(ctx, "AddEventOrganizer", o.EventID, o.GroupID, o.Status, nullStr(o.InvitedBy), ms(o.CreatedAt))
	return err
}

// SetEventOrganizerStatus accepts (or re-invites) an organising group.
func (q *Q) SetEventOrganizerStatus(ctx context.Context, eventID, groupID, status string) error {
	return q.changed(ctx, "SetEventOrganizerStatus", status, eventID, groupID)
}

// RemoveEventOrganizer removes a group from an event's organisers.
func (q *Q) RemoveEventOrganizer(ctx context.Context, eventID, groupID string) error {
	return q.changed(ctx, "RemoveEventOrganizer", eventID, groupID)
}

func (q *Q) organisers(ctx context.Context, name string, arg string) ([]*cortege.EventOrganiser, error) {
	rows, err := q.query(ctx, name, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.EventOrganiser
	for rows.Next() {
		var o cortege.EventOrganiser
		var c int64
		if err := rows.Scan(&o.EventID, &o.GroupID, &o.Status, &o.InvitedBy, &c); err != nil {
			return nil, wrap(name, err)
		}
		o.CreatedAt = fromMS(c)
		out = append(out, &o)
	}
	return out, wrap(name, rows.Err())
}

// EventOrganizers lists the groups organising or invited to organise an event.
func (q *Q) EventOrganizers(ctx context.Context, eventID string) ([]*cortege.EventOrganiser, error) {
	return q.organisers(ctx, "EventOrganizers", eventID)
}

// EventInvitationsForGroup lists the co-organising invitations a group has
// not answered.
func (q *Q) EventInvitationsForGroup(ctx context.Context, groupID string) ([]*cortege.EventOrganiser, error) {
	return q.organisers(ctx, "EventInvitationsForGroup", groupID)
}

// AddEventChange records a change of an event.
func (q *Q) AddEventChange(ctx context.Context, c *cortege.EventChange) error {
	_, err := q.exec(ctx, "AddEventChange", c.ID, c.EventID, c.Field, c.From, c.To, c.FromHidden, c.ToHidden, c.ByProfile, ms(c.At))
	return err
}

// EventChanges lists an event's recorded changes, oldest first.
func (q *Q) EventChanges(ctx context.Context, eventID string) ([]*cortege.EventChange, error) {
	rows, err := q.query(ctx, "EventChanges", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.EventChange
	for rows.Next() {
		var c cortege.EventChange
		var at int64
		if err := rows.Scan(&c.ID, &c.EventID, &c.Field, &c.From, &c.To, &c.FromHidden, &c.ToHidden, &c.ByProfile, &at); err != nil {
			return nil, wrap("EventChanges", err)
		}
		c.At = fromMS(at)
		out = append(out, &c)
	}
	return out, wrap("EventChanges", rows.Err())
}

// ReplaceQuestions sets an event's registration questions.
func (q *Q) ReplaceQuestions(ctx context.Context, eventID string, qs []*cortege.Question) error {
	return q.InTx(ctx, func(q *Q) error {
		if _, err := q.exec(ctx, "DeleteQuestions", eventID); err != nil {
			return err
		}
		for i, x := range qs {
			x.EventID, x.Position = eventID, i
			if _, err := q.exec(ctx, "AddQuestion", x.ID, eventID, x.Label, x.Kind, strings.Join(x.Choices, "\x1f"), x.Required, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// Questions lists an event's registration questions in order.
func (q *Q) Questions(ctx context.Context, eventID string) ([]*cortege.Question, error) {
	rows, err := q.query(ctx, "Questions", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Question
	for rows.Next() {
		var x cortege.Question
		var choices string
		if err := rows.Scan(&x.ID, &x.EventID, &x.Label, &x.Kind, &choices, &x.Required, &x.Position); err != nil {
			return nil, wrap("Questions", err)
		}
		if choices != "" {
			x.Choices = strings.Split(choices, "\x1f")
		}
		out = append(out, &x)
	}
	return out, wrap("Questions", rows.Err())
}

// MarkMailed records that the reminder or notice key went out and reports
// whether this call recorded it (false: someone already did).
func (q *Q) MarkMailed(ctx context.Context, key, eventID string) (bool, error) {
	n, err := q.execN(ctx, "MarkMailed", key, eventID, ms(q.db.now()))
	return n > 0, err
}

// CreateEventReport files a report to the instance moderators about an
// event, a comment or a photo.
func (q *Q) CreateEventReport(ctx context.Context, id, reporterID, kind, targetID, reason string) error {
	_, err := q.exec(ctx, "CreateEventReport", id, nullStr(reporterID), kind, targetID, reason, ms(q.db.now()))
	return err
}

// DeleteEvent removes an event and everything hanging off it.
func (q *Q) DeleteEvent(ctx context.Context, id string) error {
	return q.changed(ctx, "DeleteEvent", id)
}
