package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// SetPetitionPicture gives a petition its picture (re-encoded, its
// metadata stripped, with the card variant of link previews), or takes it
// away when data is nil: its organisers, while the text may change. The
// picture it replaces is collected once no row names it.
func (s *Service) SetPetitionPicture(ctx context.Context, a cortege.Actor, id string, data []byte) (*cortege.Petition, error) {
	q := s.db.Q()
	p, err := s.organisedPetition(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !p.CanEdit(true, s.now()) {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.petition.not_editable")
	}
	name := ""
	if data != nil {
		if name, err = s.saveImage(ctx, a, data, "picture", photoUploadMaxSide, VariantCard); err != nil {
			return nil, err
		}
	}
	var out *cortege.Petition
	old := ""
	err = s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, id)
		if err != nil {
			return err
		}
		old, p.Picture, p.UpdatedAt = p.Picture, name, s.now()
		out = p
		return q.UpdatePetition(ctx, p)
	})
	if err != nil {
		s.releaseUploads(ctx, name)
		return nil, err
	}
	if old != name {
		s.releaseUploads(ctx, old)
	}
	return out, nil
}
