package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// maxImage caps an uploaded picture: 10 MiB, as the image re-encoder does.
const maxImage = 10 << 20

// readImage reads a picture sent as the raw request body (Content-Type
// image/jpeg, image/png, image/gif or image/webp); the service re-encodes
// it and strips its metadata.
func readImage(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return nil, errImageType
	}
	if r.ContentLength > maxImage {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxImage))
	if mb := new(http.MaxBytesError); errors.As(err, &mb) {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, badBody("body", "err.api.json_syntax")
	}
	if len(data) == 0 {
		return nil, badBody("body", "err.api.json_empty")
	}
	return data, nil
}

var errImageType = &httpError{http.StatusUnsupportedMediaType, codeMediaType, "err.api.image_type", ""}

// groupImage serves PUT and DELETE of a group's avatar or banner.
func (a *API) groupImage(field string, remove bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var data []byte
		if !remove {
			var err error
			if data, err = readImage(w, r); err != nil {
				return err
			}
		}
		g, err := a.group(r)
		if err != nil {
			return err
		}
		ng, err := a.svc.SetGroupImage(r.Context(), httpx.Actor(r.Context()), g.ID, field, data)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, a.toGroup(ng))
	}
}
