package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
)

// Announcement is a private message from the organisers to participants
// of some statuses; nobody replies to it.
type Announcement struct {
	ID        string `json:"id"`
	Audience  string `json:"audience"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	SentTo    int    `json:"sent_to"`
	CreatedAt string `json:"created_at"`
	BodyHTML  string `json:"body_html"` // body (Markdown) rendered and sanitised
}

func toAnnouncement(x *cortege.Announcement) Announcement {
	return Announcement{ID: x.ID, Audience: x.Audience, Subject: x.Subject, Body: x.Body, BodyHTML: markdown.ToHTML(x.Body),
		SentTo: x.SentTo, CreatedAt: timeString(x.CreatedAt)}
}

// AnnouncementList answers GET /api/v1/events/{id}/announcements.
type AnnouncementList struct {
	Announcements []Announcement `json:"announcements"`
}

// AnnouncementCreate is the body of POST /api/v1/events/{id}/announcements;
// audience is all, approved, pending, waitlisted or attended.
type AnnouncementCreate struct {
	Audience string `json:"audience"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
}

// Comment is a public comment or question on an event; a removed one
// keeps its place without its text.
type Comment struct {
	ID        string         `json:"id"`
	Author    *PublicProfile `json:"author"`
	Body      string         `json:"body"`
	Deleted   bool           `json:"deleted"`
	CanDelete bool           `json:"can_delete"`
	CreatedAt string         `json:"created_at"`
}

func (a *API) toComment(c *cortege.EventComment, author *cortege.Profile, canDelete bool) Comment {
	out := Comment{ID: c.ID, Author: a.optProfile(author), Body: c.Body, Deleted: c.Deleted, CanDelete: canDelete, CreatedAt: timeString(c.CreatedAt)}
	if c.Deleted {
		out.Body = ""
	}
	return out
}

// CommentList answers GET /api/v1/events/{id}/comments (50 a page).
type CommentList struct {
	Comments []Comment `json:"comments"`
	Page     int       `json:"page"`
}

// CommentCreate is the body of POST /api/v1/events/{id}/comments.
type CommentCreate struct {
	Body string `json:"body"`
}

// Photo is a picture added after an event, with its licence.
type Photo struct {
	ID        string `json:"id"`
	ProfileID string `json:"profile_id"`
	URL       string `json:"url"`
	Caption   string `json:"caption"`
	Licence   string `json:"licence"`
	Hidden    bool   `json:"hidden"`
	CreatedAt string `json:"created_at"`
}

func (a *API) toPhoto(p *cortege.EventPhoto) Photo {
	return Photo{ID: p.ID, ProfileID: p.ProfileID, URL: a.uploadURL(p.File), Caption: p.Caption, Licence: p.Licence, Hidden: p.Hidden, CreatedAt: timeString(p.CreatedAt)}
}

// PhotoList answers GET /api/v1/events/{id}/photos.
type PhotoList struct {
	Photos []Photo `json:"photos"`
}

// PhotoUpdate is the body of PATCH /api/v1/events/{id}/photos/{photo}.
type PhotoUpdate struct {
	Hidden bool `json:"hidden"`
}

// CheckInBody is the body of POST /api/v1/events/{id}/check-in: a ticket
// code as typed (case, dashes and look-alike letters forgiven) or read
// from its QR code.
type CheckInBody struct {
	Code string `json:"code"`
}

// CheckInResult says who was checked in; already is true when the ticket
// had been used before, off_day when it happened outside the event's day.
type CheckInResult struct {
	Participant Participant `json:"participant"`
	Already     bool        `json:"already"`
	OffDay      bool        `json:"off_day"`
	Counts      EventCounts `json:"counts"`
}

// handleAnnouncementList lists an event's announcements; organisers.
func (a *API) handleAnnouncementList(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	xs, err := a.svc.Announcements(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	out := AnnouncementList{Announcements: make([]Announcement, 0, len(xs))}
	for _, x := range xs {
		out.Announcements = append(out.Announcements, toAnnouncement(x))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleAnnouncementCreate mails an announcement to the chosen
// participants, those without an account included; organisers.
func (a *API) handleAnnouncementCreate(w http.ResponseWriter, r *http.Request) error {
	var in AnnouncementCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	x, err := a.svc.Announce(r.Context(), httpx.Actor(r.Context()), ref, in.Audience, in.Subject, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toAnnouncement(x))
}

// handleCommentList lists an event's comments, oldest first.
func (a *API) handleCommentList(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	cs, err := a.svc.Comments(r.Context(), httpx.Actor(r.Context()), ref, page)
	if err != nil {
		return err
	}
	out := CommentList{Comments: make([]Comment, 0, len(cs)), Page: page}
	for _, c := range cs {
		out.Comments = append(out.Comments, a.toComment(c.Comment, c.Author, c.CanDelete))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleCommentCreate posts a comment while comments are open.
func (a *API) handleCommentCreate(w http.ResponseWriter, r *http.Request) error {
	var in CommentCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	actor := httpx.Actor(r.Context())
	c, err := a.svc.Comment(r.Context(), actor, ref, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a.toComment(c, actor.Profile, true))
}

// handleCommentDelete removes a comment: its author, the organisers or an
// instance administrator.
func (a *API) handleCommentDelete(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "comment")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteComment(r.Context(), httpx.Actor(r.Context()), ref, cid); err != nil {
		return err
	}
	return noContent(w)
}

// handlePhotoList lists an event's photos (organisers see hidden ones).
func (a *API) handlePhotoList(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	ps, err := a.svc.Photos(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	out := PhotoList{Photos: make([]Photo, 0, len(ps))}
	for _, p := range ps {
		out.Photos = append(out.Photos, a.toPhoto(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handlePhotoCreate adds a photo sent as the raw image body, ?caption=
// optional; organisers, and admitted participants once the event began.
func (a *API) handlePhotoCreate(w http.ResponseWriter, r *http.Request) error {
	caption, err := queryText(r, "caption", cortege.MaxPhotoCaption)
	if err != nil {
		return err
	}
	data, err := a.readImage(w, r, "photo")
	if err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	p, err := a.svc.AddPhoto(r.Context(), httpx.Actor(r.Context()), ref, data, caption)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a.toPhoto(p))
}

// handlePhotoUpdate hides or shows a photo; organisers.
func (a *API) handlePhotoUpdate(w http.ResponseWriter, r *http.Request) error {
	var in PhotoUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "photo")
	if err != nil {
		return err
	}
	if err := a.svc.SetPhotoHidden(r.Context(), httpx.Actor(r.Context()), ref, pid, in.Hidden); err != nil {
		return err
	}
	return noContent(w)
}

// handlePhotoDelete deletes a photo and its file; its author, organisers.
func (a *API) handlePhotoDelete(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "photo")
	if err != nil {
		return err
	}
	if err := a.svc.DeletePhoto(r.Context(), httpx.Actor(r.Context()), ref, pid); err != nil {
		return err
	}
	return noContent(w)
}

// handleCheckIn marks a ticket's holder as attended; organisers.
func (a *API) handleCheckIn(w http.ResponseWriter, r *http.Request) error {
	var in CheckInBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	res, err := a.svc.CheckIn(r.Context(), httpx.Actor(r.Context()), ref, in.Code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, CheckInResult{Participant: toParticipant(res.Participant), Already: res.Already, OffDay: res.OffDay, Counts: toCounts(res.Counts)})
}

// handleCounts answers registered / approved / attended figures;
// organisers.
func (a *API) handleCounts(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	c, err := a.svc.Counts(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCounts(c))
}

// handleEventICS answers the event as an iCalendar file, as the caller may
// see it (no hidden place or link unless approved or organiser).
func (a *API) handleEventICS(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	b, err := a.svc.EventICS(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+ref.ID+`.ics"`)
	h.Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}
