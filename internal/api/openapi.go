package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
)

// openapiBase is the core of the OpenAPI 3.1 document; each feature adds
// its paths and schemas in a fragment under openapi/ ({"paths": …,
// "components": {"schemas": …}}), merged at start. A test keeps the merged
// document and the route table in step.
//
//go:embed openapi.json
var openapiBase []byte

//go:embed openapi
var openapiFragments embed.FS

// openAPI is the merged document served at /api/v1/openapi.json.
var openAPI = mustMergeOpenAPI()

func mustMergeOpenAPI() []byte {
	b, err := mergeOpenAPI()
	if err != nil {
		panic(err) // a broken embedded document is a bug the tests catch
	}
	return b
}

// mergeOpenAPI adds every fragment's paths and schemas to the base
// document; a path or schema defined twice is an error.
func mergeOpenAPI() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiBase, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	names, _ := fs.Glob(openapiFragments, "openapi/*.json")
	sort.Strings(names)
	for _, n := range names {
		b, err := openapiFragments.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var frag struct {
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		for p, v := range frag.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s already documented", n, p)
			}
			paths[p] = v
		}
		for s, v := range frag.Components.Schemas {
			if _, dup := schemas[s]; dup {
				return nil, fmt.Errorf("%s: schema %s already defined", n, s)
			}
			schemas[s] = v
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

// handleOpenAPI serves the OpenAPI document.
func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Cache-Control", "no-cache")
	w.Write(openAPI)
	return nil
}
