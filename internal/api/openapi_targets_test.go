package api

// The schemas of openapi/targets.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["TargetList"] = TargetList{}
	featureSchemas["Target"] = Target{}
	featureSchemas["TargetArea"] = TargetArea{}
	featureSchemas["InterpellationCount"] = InterpellationCount{}
	featureSchemas["TargetImport"] = TargetImport{}
	featureSchemas["TargetRowError"] = TargetRowError{}
}
