package service

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
)

// saveImage re-encodes an uploaded picture and stores it under the uploads
// directory, named by the hash of its content, with the variants link
// previews ask for (see Variant). It returns the file name.
func (s *Service) saveImage(data []byte, field string, maxSide int, variants ...Variant) (string, error) {
	src, err := imaging.Decode(data)
	if err == nil {
		var res *imaging.Result
		if res, err = imaging.Fit(src, maxSide); err == nil {
			return s.storeImage(res, src, variants)
		}
	}
	switch {
	case errors.Is(err, imaging.ErrTooLarge):
		return "", cortege.Invalid(field, "err.image.too_large")
	case errors.Is(err, imaging.ErrUnsupported):
		return "", cortege.Invalid(field, "err.image.unsupported")
	}
	return "", err
}

// storeImage writes a re-encoded picture and its variants, drawn from the
// decoded upload src (sharper than from the stored copy).
func (s *Service) storeImage(res *imaging.Result, src image.Image, variants []Variant) (string, error) {
	name := res.Hash + res.Ext
	path := s.UploadPath(name)
	if _, err := os.Stat(path); err != nil { // else the same content is already stored
		if err := writeFileAtomic(path, res.Data); err != nil {
			return "", err
		}
	}
	for _, v := range variants {
		vp := s.variantPath(name, v)
		if _, err := os.Stat(vp); err == nil {
			continue
		}
		w, h := v.Size()
		c, err := imaging.Cover(src, w, h)
		if err != nil {
			return "", err
		}
		if err := writeFileAtomic(vp, c.Data); err != nil {
			return "", err
		}
	}
	return name, nil
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
