package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleCommentCreate posts a public comment or question.
func (w *Web) handleCommentCreate(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseTextForm(rw, r, "comment", "body")
	if err == nil {
		_, err = w.svc.Comment(r.Context(), httpx.Actor(r.Context()), ref, f.V("body"))
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_commented")+"#comments")
}

// handleCommentDelete removes a comment (its author, or the organisers).
func (w *Web) handleCommentDelete(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	if err := w.svc.DeleteComment(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("cid")); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_comment_deleted")+"#comments")
}

// handlePhotoDelete deletes a photo (its author, the organisers), and its
// file with it.
func (w *Web) handlePhotoDelete(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	if err := w.svc.DeletePhoto(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("pid")); err != nil {
		return err
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_photo_deleted")+"#photos")
}

// handleEventFlag reports the event, a comment or a photo to the
// instance's moderators.
func (w *Web) handleEventFlag(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, err := parseTextForm(rw, r, "flag", "kind", "target", "reason")
	if err == nil {
		kind, target := service.ReportEvent, er.ID
		switch f.V("kind") {
		case service.ReportEventComment, service.ReportEventPhoto:
			kind, target = f.V("kind"), f.V("target")
		}
		err = w.svc.ReportToModerators(r.Context(), httpx.Actor(r.Context()), kind, target, f.V("reason"))
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_flagged"))
}

// handlePhotoAdd adds a photo (multipart): the organisers, or admitted
// participants once the event has started.
func (w *Web) handlePhotoAdd(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	f, data, err := parseMultipart(rw, r, "photo", "photo", "caption", "photo")
	if err == nil && data == nil {
		err = invalid("photo", "err.image.required")
	}
	if err == nil {
		_, err = w.svc.AddPhoto(r.Context(), httpx.Actor(r.Context()), ref, data, f.V("caption"))
	}
	if err != nil {
		if e := cortege.ErrorOf(err); e != nil && e.Field == "" && e.Code == cortege.EINVALID {
			e.Field = "photo"
		}
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_photo")+"#photos")
}
