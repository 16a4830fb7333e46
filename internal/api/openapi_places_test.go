package api

// The schemas of openapi/places.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["Place"] = Place{}
	featureSchemas["PlaceList"] = PlaceList{}
}
