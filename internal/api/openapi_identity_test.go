package api

// The schemas of openapi/identity.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["Identity"] = Identity{}
	featureSchemas["IdentityChoice"] = IdentityChoice{}
}
