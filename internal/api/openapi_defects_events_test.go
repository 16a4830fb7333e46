package api

// The schemas of openapi/conduct.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	for name, v := range map[string]any{
		"GroupConduct": GroupConduct{}, "GroupConductUpdate": GroupConductUpdate{},
		"EventConduct": EventConduct{}, "EventCode": EventCode{},
	} {
		featureSchemas[name] = v
	}
}
