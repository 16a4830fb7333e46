package service

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// DefaultUploadGrace is how long an upload no row names is kept: the row
// that will name a file just written may not be committed yet (an event
// form still being saved), and a crash may leave a half-written temporary.
const DefaultUploadGrace = time.Hour

// collectUploadsJob is the periodic collection of orphan uploads.
const collectUploadsJob = "uploads.collect"

func (s *Service) registerUploadJobs(r *jobs.Runner) {
	r.Register(collectUploadsJob, func(ctx context.Context, _ json.RawMessage) error {
		_, err := s.CollectUploads(ctx)
		return err
	})
	r.Every(collectUploadsJob, time.Hour)
}

// touchUpload records that name is being written or sent again, before
// the file is: a collection that starts later keeps it for the grace
// period, one already under way holds the row until it has removed the
// file (and then the file is written anew).
func (s *Service) touchUpload(ctx context.Context, name string) error {
	return s.db.Q().TouchUpload(ctx, name, s.now())
}

// releaseUploads deletes the files of uploads a committed change stopped
// naming (a replaced picture, an erased account's avatar, a deleted
// event's photos) when no other row names the same content. Failures are
// only logged: the periodic collection gets the file later.
func (s *Service) releaseUploads(ctx context.Context, names ...string) {
	for _, n := range names {
		if n == "" {
			continue
		}
		if _, err := s.collectUpload(ctx, n); err != nil {
			s.log.Warn("release upload", "name", n, "err", err)
		}
	}
}

// collectUpload deletes the upload name and its variants when no row
// names it and it was not touched within the grace period; it reports
// whether it did.
func (s *Service) collectUpload(ctx context.Context, name string) (bool, error) {
	path := s.UploadPath(name)
	if path == "" {
		return false, nil
	}
	grace := s.cfg.UploadGrace
	if grace <= 0 {
		grace = DefaultUploadGrace
	}
	fileTime := s.now() // a missing file: its row alone is judged
	if st, err := os.Stat(path); err == nil {
		fileTime = st.ModTime()
	}
	// Most files are named by a row: find out without a transaction.
	if refs, err := s.db.Q().UploadRefs(ctx, name); err != nil || len(refs) > 0 {
		return false, err
	}
	collected := false
	err := s.inTx(ctx, func(q *store.Q) error {
		touched, err := q.ClaimUpload(ctx, name, fileTime)
		if err != nil || s.now().Sub(touched) < grace {
			return err
		}
		if refs, err := q.UploadRefs(ctx, name); err != nil || len(refs) > 0 {
			return err
		}
		for _, p := range append([]string{path}, s.variantPaths(name)...) {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		collected = true
		return q.DeleteUpload(ctx, name)
	})
	return collected && err == nil, err
}

// variantPaths are the files of every variant of upload name.
func (s *Service) variantPaths(name string) []string {
	var out []string
	for _, v := range []Variant{VariantCard, VariantSquare} {
		out = append(out, s.variantPath(name, v))
	}
	return out
}

// CollectUploads deletes what the uploads directory holds that nothing
// names any more, past the grace period: uploads no row names, variants
// whose upload is gone, temporary files a crash left; and forgets uploads
// whose file is gone. It returns how many files it deleted.
func (s *Service) CollectUploads(ctx context.Context) (int, error) {
	grace := s.cfg.UploadGrace
	if grace <= 0 {
		grace = DefaultUploadGrace
	}
	old := func(d fs.DirEntry) bool {
		info, err := d.Info()
		return err == nil && s.now().Sub(info.ModTime()) >= grace
	}
	n := 0
	err := filepath.WalkDir(s.cfg.UploadsDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() {
			if d.Name() == "cards" { // the instance card, drawn from settings
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		hash, rest, _ := strings.Cut(name, ".")
		switch {
		case strings.HasPrefix(name, ".upload-"):
			if old(d) && os.Remove(path) == nil {
				n++
			}
		case rest == "jpg" || rest == "png":
			if !old(d) {
				return nil
			}
			done, err := s.collectUpload(ctx, name)
			if err != nil {
				return err
			}
			if done {
				n++
			}
		case strings.HasSuffix(rest, ".jpg"): // a variant
			if !old(d) || s.uploadExists(hash) {
				return nil
			}
			if os.Remove(path) == nil {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	// Rows whose file is gone (deleted by hand, or by a node that crashed
	// mid-collection).
	stale, err := s.db.Q().StaleUploads(ctx, s.now().Add(-grace), 1000)
	for _, name := range stale {
		if _, err := os.Stat(s.UploadPath(name)); errors.Is(err, fs.ErrNotExist) {
			if _, err := s.collectUpload(ctx, name); err != nil {
				return n, err
			}
		}
	}
	return n, err
}

// uploadExists reports whether the upload of content hash is stored, in
// either encoding.
func (s *Service) uploadExists(hash string) bool {
	for _, ext := range []string{".jpg", ".png"} {
		if p := s.UploadPath(hash + ext); p != "" {
			if _, err := os.Stat(p); err == nil {
				return true
			}
		}
	}
	return false
}
