package api

import "codeberg.org/cortege/cortege/internal/service"

// The data export (GET /api/v1/me/export) is one document, the same as the
// settings page's download: its format belongs to the service, as the
// calendars and CSV files do, and these names document its parts in the
// OpenAPI schemas.
type (
	// Export is the whole document.
	Export = service.Export
	// ExportAccount is the account.
	ExportAccount = service.ExportAccount
	// ExportProfile is one profile.
	ExportProfile = service.ExportProfile
	// ExportMembership is one profile's relation to a group.
	ExportMembership = service.ExportMembership
	// ExportConduct is the code of conduct of a group the profile administers.
	ExportConduct = service.ExportConduct
	// ExportEvent is an event organised or registered for.
	ExportEvent = service.ExportEvent
	// ExportAnswer is an answer to a registration question.
	ExportAnswer = service.ExportAnswer
	// ExportPost is a group post written.
	ExportPost = service.ExportPost
	// ExportDiscussion is a thread started.
	ExportDiscussion = service.ExportDiscussion
	// ExportMessage is a discussion message written.
	ExportMessage = service.ExportMessage
	// ExportComment is an event comment written.
	ExportComment = service.ExportComment
	// ExportPhoto is an event photo added.
	ExportPhoto = service.ExportPhoto
	// ExportTask is a task created or assigned.
	ExportTask = service.ExportTask
	// ExportResource is a group resource added.
	ExportResource = service.ExportResource
	// ExportAnnouncement is an announcement sent.
	ExportAnnouncement = service.ExportAnnouncement
	// ExportReport is a report filed.
	ExportReport = service.ExportReport
	// ExportToken is an API token (never its secret).
	ExportToken = service.ExportAPIToken
)
