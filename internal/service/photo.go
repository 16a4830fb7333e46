package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// AddPhoto adds a photo to an event: its organisers, or its admitted
// participants once it has started. The image is re-encoded (metadata and
// GPS stripped, size limited) and shown with the instance's licence.
func (s *Service) AddPhoto(ctx context.Context, a cortege.Actor, ref EventRef, data []byte, caption string) (*cortege.EventPhoto, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !e.CanAddPhoto(v, !e.Start.After(now)) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.photo.not_allowed")
	}
	n, err := q.CountEventPhotosBy(ctx, e.ID, a.Profile.ID)
	if err != nil {
		return nil, err
	}
	if n >= cortege.MaxPhotosPerPerson {
		return nil, cortege.Invalid("photo", "err.photo.too_many")
	}
	set, err := s.EventSettings(ctx)
	if err != nil {
		return nil, err
	}
	p := &cortege.EventPhoto{ID: cortege.NewID(now), EventID: e.ID, ProfileID: a.Profile.ID, Caption: caption, Licence: set.PhotoLicence, CreatedAt: now}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.File, err = s.saveImage(ctx, a, data, "photo", photoUploadMaxSide); err != nil {
		return nil, err
	}
	return p, q.CreateEventPhoto(ctx, p)
}

// Photos lists an event's photos; organisers also see the hidden ones.
func (s *Service) Photos(ctx context.Context, a cortege.Actor, ref EventRef) ([]*cortege.EventPhoto, error) {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return q.EventPhotos(ctx, e.ID, v.Organiser || v.Admin)
}

// SetPhotoHidden hides or shows a photo; organisers and administrators.
func (s *Service) SetPhotoHidden(ctx context.Context, a cortege.Actor, ref EventRef, photoID string, hidden bool) error {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return err
	}
	if !v.Organiser && !v.Admin {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	p, err := q.EventPhotoByID(ctx, photoID)
	if err != nil || p.EventID != e.ID {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return q.SetEventPhotoHidden(ctx, p.ID, hidden)
}

// DeletePhoto deletes a photo: its author, the event's organisers or an
// administrator. Its file goes too unless another row shows the same
// picture.
func (s *Service) DeletePhoto(ctx context.Context, a cortege.Actor, ref EventRef, photoID string) error {
	file := ""
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.deletablePhoto(ctx, q, a, ref, photoID)
		if err != nil {
			return err
		}
		file = p.File
		return q.DeleteEventPhoto(ctx, p.ID)
	})
	if err == nil {
		s.releaseUploads(ctx, file)
	}
	return err
}

// MayDeletePhoto says whether the actor may delete the event's photo
// (nil), without deleting it: the confirmation page asks only who may.
func (s *Service) MayDeletePhoto(ctx context.Context, a cortege.Actor, ref EventRef, photoID string) (*cortege.EventPhoto, error) {
	return s.deletablePhoto(ctx, s.db.Q(), a, ref, photoID)
}

// deletablePhoto is the photo of the event the actor may delete: its
// organisers', instance administrators' and its author's.
func (s *Service) deletablePhoto(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef, photoID string) (*cortege.EventPhoto, error) {
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	p, err := q.EventPhotoByID(ctx, photoID)
	if err != nil || p.EventID != e.ID || p.Hidden && !v.Organiser && !v.Admin && !ownPhoto(a, p) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	if !v.Organiser && !v.Admin && !ownPhoto(a, p) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return p, nil
}

// ownPhoto reports whether the actor's acting profile added the photo.
func ownPhoto(a cortege.Actor, p *cortege.EventPhoto) bool {
	return a.Profile != nil && p.ProfileID != "" && p.ProfileID == a.Profile.ID
}
