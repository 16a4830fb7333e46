package api

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3.1 document of this API. A test keeps it and the
// route table in step.
//
//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves the OpenAPI document.
func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Cache-Control", "no-cache")
	w.Write(openAPI)
	return nil
}
