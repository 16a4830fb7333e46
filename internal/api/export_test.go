package api

// What the scenario tests of package api_test need from inside: they live
// outside the package because testkit, which they use, imports it.

// OpenAPIDocument is the embedded OpenAPI document.
var OpenAPIDocument = openAPI

// JSONType is the Content-Type of every answer.
const JSONType = jsonType

// RouteLine is one route of the table: method and path pattern.
type RouteLine struct{ Method, Path string }

// RouteTable returns the route table's methods and patterns.
func RouteTable() []RouteLine {
	var out []RouteLine
	for _, rt := range (&API{}).routes() {
		out = append(out, RouteLine{rt.Method, rt.Path})
	}
	return out
}

// MatchPath is matchPath.
var MatchPath = matchPath
