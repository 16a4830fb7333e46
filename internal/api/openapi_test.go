package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas         map[string]openAPISchema `json:"schemas"`
		SecuritySchemes map[string]struct {
			Type   string `json:"type"`
			Scheme string `json:"scheme"`
		} `json:"securitySchemes"`
	} `json:"components"`
}

type openAPISchema struct {
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	if !json.Valid(openAPI) {
		t.Fatal("openapi.json is not valid JSON")
	}
	var doc openAPIDoc
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func TestOpenAPIVersionAndSecurity(t *testing.T) {
	doc := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	if s := doc.Components.SecuritySchemes["bearer"]; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("bearer security scheme = %+v", s)
	}
	if _, ok := doc.Components.Schemas["Error"]; !ok {
		t.Error("no Error schema")
	}
}

// TestOpenAPIMatchesRoutes keeps the document honest: every registered
// route is documented with the same method and path, and every documented
// operation is registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	var registered, documented []string
	for _, rt := range (&API{}).routes() {
		registered = append(registered, rt.Method+" "+rt.Path)
	}
	for path, item := range doc.Paths {
		for key := range item {
			if slices.Contains(httpMethods, key) {
				documented = append(documented, strings.ToUpper(key)+" "+path)
			}
		}
	}
	sort.Strings(registered)
	sort.Strings(documented)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json documents %s, which is not registered", d)
		}
	}
}

// TestOpenAPINoIdenticalPaths enforces OpenAPI 3.1's rule that two paths
// may not differ only by the names of their parameters.
func TestOpenAPINoIdenticalPaths(t *testing.T) {
	seen := map[string]string{}
	for path := range loadOpenAPI(t).Paths {
		shape := path
		for {
			i := strings.IndexByte(shape, '{')
			j := strings.IndexByte(shape, '}')
			if i < 0 || j < i {
				break
			}
			shape = shape[:i] + "*" + shape[j+1:]
		}
		if other, ok := seen[shape]; ok {
			t.Errorf("paths %s and %s are identical but for parameter names", path, other)
		}
		seen[shape] = path
	}
}

// TestOpenAPIReferences checks that every $ref points into the document.
func TestOpenAPIReferences(t *testing.T) {
	var root any
	if err := json.Unmarshal(openAPI, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && resolve(root, ref) == nil {
				t.Errorf("unresolved $ref %q", ref)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(root)
}

// resolve follows a local JSON pointer such as "#/components/schemas/Me".
func resolve(root any, ref string) any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	cur := root
	for _, part := range strings.Split(rest, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// TestOpenAPISchemasMatchTypes checks that each documented schema lists
// exactly the JSON fields of the Go type the API encodes or decodes.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	types := map[string]any{
		"Error": ErrorBody{}, "ErrorDetail": ErrorDetail{},
		"Account": Account{}, "Me": Me{}, "MeUpdate": MeUpdate{},
		"Profile": Profile{}, "PublicProfile": PublicProfile{}, "ProfileCreate": ProfileCreate{}, "ProfileUpdate": ProfileUpdate{},
		"Token": Token{}, "TokenList": TokenList{},
		"Instance": Instance{}, "InstanceUpdate": InstanceUpdate{},
		"Export": Export{}, "ExportAccount": ExportAccount{}, "ExportProfile": ExportProfile{}, "ExportToken": ExportToken{}, "ExportMembership": ExportMembership{}, "ExportEvent": ExportEvent{},
	}
	for name, v := range featureSchemas {
		types[name] = v
	}
	for name := range doc.Components.Schemas {
		if _, ok := types[name]; !ok {
			t.Errorf("schema %s has no Go type in this test", name)
		}
	}
	for name, v := range types {
		s, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("type %T has no schema %s", v, name)
			continue
		}
		var documented []string
		for p := range s.Properties {
			documented = append(documented, p)
		}
		sort.Strings(documented)
		fields := jsonFields(reflect.TypeOf(v))
		if !slices.Equal(documented, fields) {
			t.Errorf("schema %s has properties %v, type %T has %v", name, documented, v, fields)
		}
		for _, r := range s.Required {
			if !slices.Contains(fields, r) {
				t.Errorf("schema %s requires %s, which %T lacks", name, r, v)
			}
		}
		// An answer always holds its fields but the omitempty ones.
		if !strings.HasSuffix(name, "Update") && !strings.HasSuffix(name, "Create") {
			for _, f := range alwaysFields(reflect.TypeOf(v)) {
				if !slices.Contains(s.Required, f) {
					t.Errorf("schema %s does not require %s, which %T always holds", name, f, v)
				}
			}
		}
	}
}

// alwaysFields returns the JSON names of the fields without omitempty.
func alwaysFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" && !strings.Contains(opts, "omitempty") {
			out = append(out, name)
		}
	}
	return out
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
