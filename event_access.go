package cortege

import "math"

// EventViewer is what the rules need to know about who looks at an event.
// The service fills it; the rules below decide.
type EventViewer struct {
	SignedIn bool
	Admin    bool // instance administrator
	// Organiser: the creating profile, a holder of the management link, or
	// an administrator or moderator of an accepted organising group.
	Organiser bool
	// GroupMember: a member of an accepted organising group (private events).
	GroupMember bool
	// Status of the viewer's participation, "" when none.
	Status string
}

// Admitted reports whether the viewer is an approved (or attended) participant.
func (v EventViewer) Admitted() bool { return HoldsSeat(v.Status) }

// VisibleTo reports whether v may open the event's page. Drafts and events
// whose anonymous creator has not confirmed are the organisers' only;
// private events are for organisers, the organising groups' members and
// the people registered or invited. Cancelled events stay visible.
func (e *Event) VisibleTo(v EventViewer) bool {
	if v.Organiser || v.Admin {
		return true
	}
	if !e.Published || !e.Confirmed {
		return false
	}
	if e.Visibility == VisibilityPrivate {
		return v.GroupMember || v.Status != "" && v.Status != PartRefused
	}
	return true
}

// PlaceVisibleTo reports whether v sees the exact place and coordinates.
func (e *Event) PlaceVisibleTo(v EventViewer) bool {
	return !e.HidePlace || v.Organiser || v.Admitted()
}

// OnlineVisibleTo reports whether v sees the online link.
func (e *Event) OnlineVisibleTo(v EventViewer) bool {
	return !e.HideOnline || v.Organiser || v.Admitted()
}

// CountVisibleTo reports whether v sees how many people take part.
func (e *Event) CountVisibleTo(v EventViewer) bool {
	return !e.HideCount || v.Organiser || v.Admin
}

// ParticipantsVisibleTo reports whether v may see the list of participants:
// organisers always, admitted participants when the organiser opted in.
func (e *Event) ParticipantsVisibleTo(v EventViewer) bool {
	return v.Organiser || e.ParticipantsVisible && v.Admitted()
}

// CanComment reports whether v may post a public comment.
func (e *Event) CanComment(v EventViewer) bool {
	return v.SignedIn && !e.CommentsClosed && e.VisibleTo(v) && (v.Organiser || e.Published)
}

// CanEditEvent reports whether v may edit, cancel or moderate the event.
func (e *Event) CanEditEvent(v EventViewer) bool { return v.Organiser }

// CanAddPhoto reports whether v may add a photo: organisers, and admitted
// participants once the event has started.
func (e *Event) CanAddPhoto(v EventViewer, started bool) bool {
	return v.Organiser || v.Admitted() && started
}

// Redacted returns a copy of e for v, with what v may not see removed: the
// exact place and coordinates (rounded to about 10 km so distance search
// still works) and the online link. Everything shown anywhere (HTML, API,
// ICS, JSON-LD) comes from this copy, so no boundary can leak a detail.
func (e *Event) Redacted(v EventViewer) *Event {
	c := *e
	c.Tags = append([]string(nil), e.Tags...)
	if !e.PlaceVisibleTo(v) {
		c.Place = ""
		if c.HasCoords {
			c.Lat, c.Lon = math.Round(c.Lat*10)/10, math.Round(c.Lon*10)/10
		}
	}
	if !e.OnlineVisibleTo(v) {
		c.OnlineURL = ""
	}
	if !v.Organiser {
		c.AnonEmailHash = ""
	}
	return &c
}

// ChangeFor returns a recorded change as v may read it. The old and new
// place (or online link) are removed for whoever may not see the place
// now, and a value that was hidden when the change was made stays for the
// organisers and admitted participants only: making a hidden place
// public, or moving it, never shows the old address to everyone.
func (e *Event) ChangeFor(c EventChange, v EventViewer) EventChange {
	var now, privileged bool
	switch c.Field {
	case ChangePlace:
		now, privileged = e.PlaceVisibleTo(v), v.Organiser || v.Admitted()
	case ChangeOnline:
		now, privileged = e.OnlineVisibleTo(v), v.Organiser || v.Admitted()
	default:
		return c
	}
	if !now || c.FromHidden && !privileged {
		c.From = ""
	}
	if !now || c.ToHidden && !privileged {
		c.To = ""
	}
	return c
}
