package service

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
)

// UploadLimits cap the pictures sent per hour, counted in the database
// like the sign-in limits so every node shares them; a zero field takes
// its default.
type UploadLimits struct {
	PerAccount        int // per account (default 60)
	PerIP             int // per client address, accounts or not (default 200: a shared address may be many people)
	Anonymous         int // per client address without an account (default 3)
	AnonymousInstance int // without an account, for the whole instance (default 30)
}

// uploadWindow is the window of the upload limits.
const uploadWindow = time.Hour

func (l UploadLimits) withDefaults() UploadLimits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.PerAccount, 60)
	def(&l.PerIP, 200)
	def(&l.Anonymous, 3)
	def(&l.AnonymousInstance, 30)
	return l
}

// limitUpload counts one upload of the actor: per account and per IP when
// signed in, per IP and for the instance under the anonymous caps
// otherwise. The refusal names the form's field.
func (s *Service) limitUpload(ctx context.Context, a cortege.Actor, field string) error {
	l := s.cfg.UploadLimits
	type cap struct {
		key string
		max int
	}
	// The narrowest first, so a refusal there counts nothing further.
	caps := []cap{{"upload:anon:ip:" + a.IP, l.Anonymous}, {"upload:anon", l.AnonymousInstance}}
	if a.SignedIn() {
		caps = []cap{{"upload:account:" + a.Account.ID, l.PerAccount}}
	}
	caps = append(caps, cap{"upload:ip:" + a.IP, l.PerIP})
	for _, c := range caps {
		if err := s.limit(ctx, c.key, c.max, uploadWindow); err != nil {
			if cortege.ErrorCode(err) == cortege.ERATELIMIT {
				return &cortege.Error{Code: cortege.ERATELIMIT, Field: field, Message: "err.upload.rate_limited"}
			}
			return err
		}
	}
	return nil
}

// saveImage counts an upload against the actor's limits, re-encodes it
// through the process's Decoder (header checked before decoding, a
// bounded number decoding at once) and stores it under the uploads
// directory, named by the hash of its content, with the variants link
// previews ask for (see Variant). It returns the file name.
func (s *Service) saveImage(ctx context.Context, a cortege.Actor, data []byte, field string, maxSide int, variants ...Variant) (string, error) {
	if err := s.limitUpload(ctx, a, field); err != nil {
		return "", err
	}
	var res *imaging.Result
	var drawn []*imaging.Result
	err := s.images.Do(ctx, data, func(_ *imaging.Header, src image.Image) error {
		var err error
		if res, err = imaging.Fit(src, maxSide); err != nil {
			return err
		}
		drawn, err = drawVariants(src, variants)
		return err
	})
	if err != nil {
		return "", imageError(field, err)
	}
	return s.storeImage(ctx, res, variants, drawn)
}

// ImagesBusy returns the busy error of field (EUNAVAILABLE) when the
// process's decoder has no room for another picture, so a boundary
// receiving a large one answers before reading it into memory; nil when
// there is room (which may be gone a moment later: then saveImage says so).
func (s *Service) ImagesBusy(field string) error {
	if s.images.Busy() {
		return imageError(field, imaging.ErrBusy)
	}
	return nil
}

// imageError is the message of a refused picture, on the form's field.
func imageError(field string, err error) error {
	for _, m := range []struct {
		err error
		key string
	}{
		{imaging.ErrTooLarge, "err.image.too_large"},
		{imaging.ErrDimensions, "err.image.dimensions"},
		{imaging.ErrMemory, "err.image.memory"},
		{imaging.ErrFrames, "err.image.frames"},
		{imaging.ErrTruncated, "err.image.truncated"},
		{imaging.ErrUnsupported, "err.image.unsupported"},
	} {
		if errors.Is(err, m.err) {
			return cortege.Invalid(field, m.key)
		}
	}
	if errors.Is(err, imaging.ErrBusy) {
		return &cortege.Error{Code: cortege.EUNAVAILABLE, Field: field, Message: "err.image.busy"}
	}
	return err
}

// drawVariants draws each variant of a decoded upload (sharper from the
// upload than from the stored copy).
func drawVariants(src image.Image, variants []Variant) ([]*imaging.Result, error) {
	out := make([]*imaging.Result, len(variants))
	for i, v := range variants {
		w, h := v.Size()
		c, err := imaging.Cover(src, w, h)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// storeImage writes a re-encoded picture (unless the same content is
// stored already) and its drawn variants, touching the upload first so the
// collection of orphans leaves it alone until the row naming it is saved.
func (s *Service) storeImage(ctx context.Context, res *imaging.Result, variants []Variant, drawn []*imaging.Result) (string, error) {
	name := res.Hash + res.Ext
	if err := s.touchUpload(ctx, name); err != nil {
		return "", err
	}
	if res.Data != nil {
		if err := writeNew(s.UploadPath(name), res.Data); err != nil {
			return "", err
		}
	}
	for i, v := range variants {
		if err := writeNew(s.variantPath(name, v), drawn[i].Data); err != nil {
			return "", err
		}
	}
	return name, nil
}

// writeNew writes data to path unless a file is there already (content
// addressed: the same name is the same content).
func writeNew(path string, data []byte) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes data to path through a synced temporary file in
// the same folder, so readers never see half a file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	tmp.Close()
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// UploadPath returns where an uploaded file lives, or "" for a name that is
// not one of ours (so no request can walk out of the uploads directory).
func (s *Service) UploadPath(name string) string {
	hash, ext, ok := strings.Cut(name, ".")
	if !ok || len(hash) != 64 || (ext != "jpg" && ext != "png") {
		return ""
	}
	for _, c := range hash {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return filepath.Join(s.cfg.UploadsDir, hash[:2], name)
}
