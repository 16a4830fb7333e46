package api

// The schemas of openapi/series.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["SeriesListing"] = SeriesListing{}
	featureSchemas["SeriesDate"] = SeriesDate{}
}
