package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// maxImage caps an uploaded picture: 10 MiB, as the image re-encoder does.
const maxImage = 10 << 20

// readImage reads a picture sent as the raw request body (Content-Type
// image/jpeg, image/png, image/gif or image/webp) for field; the service
// re-encodes it and strips its metadata. A large one that arrives while
// the decoder has no room is answered busy before it is read into memory.
func (a *API) readImage(w http.ResponseWriter, r *http.Request, field string) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return nil, errImageType
	}
	if r.ContentLength > maxImage {
		return nil, errTooLarge
	}
	data, err := spool(http.MaxBytesReader(w, r.Body, maxImage), func() error { return a.svc.ImagesBusy(field) })
	if mb := new(http.MaxBytesError); errors.As(err, &mb) {
		return nil, errTooLarge
	}
	if cortege.ErrorOf(err) != nil {
		return nil, err
	}
	if err != nil {
		return nil, badBody("body", "err.api.json_syntax")
	}
	if len(data) == 0 {
		return nil, badBody("body", "err.api.json_empty")
	}
	return data, nil
}

// spoolMemory is how much of a picture's body is held in memory while it
// arrives; the rest goes to a temporary file, as multipart forms do.
const spoolMemory = 1 << 20

// spool reads a body that may be large and slow to come: the first MiB in
// memory, the rest into a temporary file, then — unless ready refuses —
// the whole into one buffer of its exact size once it has all arrived. A
// hundred slow clients thus hold a hundred MiB, not a thousand.
func spool(body io.Reader, ready func() error) ([]byte, error) {
	head := make([]byte, spoolMemory)
	n, err := io.ReadFull(body, head)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return head[:n:n], nil
	}
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "cortege-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := f.Write(head); err != nil {
		return nil, err
	}
	head = nil
	size, err := io.Copy(f, body)
	if err != nil {
		return nil, err
	}
	if err := ready(); err != nil {
		return nil, err
	}
	data := make([]byte, spoolMemory+size)
	if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, err
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
			if data, err = a.readImage(w, r, field); err != nil {
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
