package service

import (
	"context"
	"path/filepath"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// UploadFile is an upload as it may be served to one actor.
type UploadFile struct {
	Path        string
	ContentType string // image/jpeg or image/png
	// Public: an object anyone may see shows it, so it may be cached by
	// anyone for ever (its name is its content). Otherwise it is served
	// only after this check, never to be stored by a shared cache.
	Public bool
}

// OpenUpload returns the upload named name when the actor may see an
// object that shows it, under the same rules as the object: an event's
// picture or photo (VisibleTo; a hidden photo for organisers only), a
// group's avatar or banner (the group's page), a profile's avatar (not
// deleted; while suspended, its owner and administrators), a petition's
// picture (published; a draft's for its organisers). link, when
// not empty, is the management link or session of the event whose page
// asked (ByManageToken, ByManageSession).
// Anything else — a file no row names any more, another's private
// picture — is ENOTFOUND, as if it did not exist.
func (s *Service) OpenUpload(ctx context.Context, a cortege.Actor, name string, link EventRef) (*UploadFile, error) {
	path := s.UploadPath(name)
	if path == "" {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	public, err := s.uploadAccess(ctx, a, name, link)
	if err != nil {
		return nil, err
	}
	ctype := "image/jpeg"
	if filepath.Ext(name) == ".png" {
		ctype = "image/png"
	}
	return &UploadFile{Path: path, ContentType: ctype, Public: public}, nil
}

// uploadAccess reports whether an object anyone may see shows the upload
// (public), or else whether one the actor may see does (nil error), else
// ENOTFOUND.
func (s *Service) uploadAccess(ctx context.Context, a cortege.Actor, name string, link EventRef) (bool, error) {
	q := s.db.Q()
	refs, err := q.UploadRefs(ctx, name)
	if err != nil {
		return false, err
	}
	visible := false
	for _, r := range refs {
		public, seen, err := s.refAccess(ctx, q, a, r, link)
		if err != nil && !cortege.IsNotFound(err) {
			return false, err
		}
		if public {
			return true, nil
		}
		visible = visible || seen
	}
	if !visible {
		return false, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return false, nil
}

// refAccess applies the rules of the object one row is: may anyone see it
// (public), may the actor (seen)?
func (s *Service) refAccess(ctx context.Context, q *store.Q, a cortege.Actor, r store.UploadRef, link EventRef) (public, seen bool, err error) {
	switch r.Kind {
	case store.UploadEvent, store.UploadPhoto:
		hidden := false
		eventID := r.ID
		if r.Kind == store.UploadPhoto {
			p, err := q.EventPhotoByID(ctx, r.ID)
			if err != nil {
				return false, false, err
			}
			eventID, hidden = p.EventID, p.Hidden
		}
		e, err := q.EventByID(ctx, eventID)
		if err != nil {
			return false, false, err
		}
		if e.Listed() && !hidden {
			return true, true, nil
		}
		manage := s.manages(ctx, q, link, e.ID)
		v, _, err := s.viewer(ctx, q, a, e, manage)
		if err != nil {
			return false, false, err
		}
		return false, e.VisibleTo(v) && (!hidden || v.Organiser || v.Admin), nil
	case store.UploadGroup:
		g, err := q.GroupByID(ctx, r.ID)
		if err != nil {
			return false, false, err
		}
		if g.Visibility == cortege.VisibilityPublic && !g.Hidden {
			return true, true, nil
		}
		_, _, err = s.groupRole(ctx, q, a, g)
		return false, err == nil, ignoreNotFound(err)
	case store.UploadProfile:
		p, err := q.ProfileByID(ctx, r.ID)
		if err != nil || p.Deleted {
			return false, false, err
		}
		if !p.Suspended {
			return true, true, nil
		}
		_, err = publicProfile(a, p)
		return false, err == nil, nil
	case store.UploadPetition:
		p, err := q.PetitionByID(ctx, r.ID)
		if err != nil {
			return false, false, err
		}
		if p.State != cortege.PetitionDraft {
			return true, true, nil
		}
		org, err := s.isPetitionOrganiser(ctx, q, a, p)
		return false, org, err
	}
	return false, false, nil
}

// manages reports whether link, the management link or session a visitor
// brings, gives access to event id.
func (s *Service) manages(ctx context.Context, q *store.Q, link EventRef, id string) bool {
	switch {
	case link.ManageToken != "" && cortege.ValidTokenShape(link.ManageToken):
		m, err := q.EventByManageToken(ctx, cortege.HashToken(link.ManageToken))
		return err == nil && m.ID == id
	case link.ManageSession != "" && link.ID == id:
		m, err := s.manageSessionEvent(ctx, q, link)
		return err == nil && m.ID == id
	}
	return false
}
