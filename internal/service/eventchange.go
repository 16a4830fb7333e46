package service

import (
	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail"
)

// changeLine writes a recorded change as one recipient may read it: the
// old and new values when they may see the detail; else (an exact place
// or an online link kept for approved people) that it changed, the
// public area at most, and when they will see it, so the mail neither
// leaks the detail nor says nothing. e is the stored event, r its copy
// redacted for viewer.
func changeLine(lang string, c cortege.EventChange, e, r *cortege.Event, viewer cortege.EventViewer) mail.EventChangeLine {
	hidden := c.Field == cortege.ChangePlace && !e.PlaceVisibleTo(viewer) || c.Field == cortege.ChangeOnline && !e.OnlineVisibleTo(viewer)
	if !hidden {
		c = e.ChangeFor(c, viewer) // a value hidden when it was set stays so
		return mail.EventChangeLine{Field: c.Field, From: formatChange(lang, c.From), To: formatChange(lang, c.To)}
	}
	l := mail.EventChangeLine{Field: c.Field, Hidden: mail.HiddenUntilApproval, Announced: c.From == ""}
	if viewer.Status == cortege.PartWaitlisted {
		l.Hidden = mail.HiddenUntilSeat
	}
	if c.Field == cortege.ChangePlace {
		l.To = r.PlaceArea
	}
	return l
}
