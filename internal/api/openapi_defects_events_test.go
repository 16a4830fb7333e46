package api

// The schemas of openapi/conduct.json and openapi/export.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	for name, v := range map[string]any{
		"GroupConduct": GroupConduct{}, "GroupConductUpdate": GroupConductUpdate{},
		"EventConduct": EventConduct{}, "EventCode": EventCode{},
		"ExportConduct": ExportConduct{}, "ExportAnswer": ExportAnswer{}, "ExportPost": ExportPost{},
		"ExportDiscussion": ExportDiscussion{}, "ExportMessage": ExportMessage{}, "ExportComment": ExportComment{},
		"ExportPhoto": ExportPhoto{}, "ExportTask": ExportTask{}, "ExportResource": ExportResource{},
		"ExportAnnouncement": ExportAnnouncement{}, "ExportReport": ExportReport{},
	} {
		featureSchemas[name] = v
	}
}
