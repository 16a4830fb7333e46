package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// ReportCreate is the body of POST /api/v1/reports: something to show the
// instance moderators. target_kind is group, post, discussion, message,
// profile, event, event_comment or event_photo.
type ReportCreate struct {
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	Reason     string `json:"reason"`
}

// handleReportCreate reports content the caller can see; rate-limited.
func (a *API) handleReportCreate(w http.ResponseWriter, r *http.Request) error {
	var in ReportCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if !validID(in.TargetID) {
		in.TargetID = ""
	}
	switch in.TargetKind {
	case service.ReportEvent, service.ReportEventComment, service.ReportEventPhoto:
		if in.TargetID == "" {
			return badTarget()
		}
		if err := a.svc.ReportToModerators(ctx, actor, in.TargetKind, in.TargetID, in.Reason); err != nil {
			return err
		}
	default:
		if _, err := a.svc.Report(ctx, actor, in.TargetKind, in.TargetID, in.Reason); err != nil {
			return err
		}
	}
	return noContent(w)
}

func badTarget() error { return cortege.Invalid("target_id", "err.report.target.invalid") }
