package service

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
)

// saveImage re-encodes an uploaded picture and stores it under the uploads
// directory, named by the hash of its content. It returns the file name.
func (s *Service) saveImage(data []byte, field string, maxSide int) (string, error) {
	res, err := imaging.Reencode(data, maxSide)
	switch {
	case errors.Is(err, imaging.ErrTooLarge):
		return "", cortege.Invalid(field, "err.image.too_large")
	case err != nil:
		return "", cortege.Invalid(field, "err.image.unsupported")
	}
	name := res.Hash + res.Ext
	path := s.UploadPath(name)
	if _, err := os.Stat(path); err == nil {
		return name, nil // same content already stored
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(res.Data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	tmp.Close()
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return name, nil
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
