package web

import (
	"io"
	"net/http"
)

// readUpload reads the file sent under field of a parsed multipart form,
// at most maxUploadBytes, into a buffer of its exact size (no growing
// buffer doubling what twenty uploads at once hold in memory). No file
// chosen, or an empty one, is nil data and no error.
func readUpload(r *http.Request, field string) ([]byte, error) {
	file, hdr, err := r.FormFile(field)
	if err != nil || hdr.Size == 0 {
		return nil, nil
	}
	defer file.Close()
	if hdr.Size > maxUploadBytes {
		return nil, invalid(field, "err.upload.too_large")
	}
	data := make([]byte, hdr.Size)
	if _, err := io.ReadFull(file, data); err != nil {
		return nil, err
	}
	return data, nil
}
