package web

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// dashboardData is the view model of the dashboard ("tableau de bord"):
// what waits for the person, their tasks, groups, discussions and events.
type dashboardData struct {
	Groups *service.Dashboard
	Events *service.EventDashboard
	Now    time.Time
	ToDo   int       // invitations and requests waiting for an answer
	Clock  zoneClock // times in the reader's zone, labelled
}

// handleDashboard is the signed-in person's space ("Mon espace").
func (w *Web) handleDashboard(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	d := &dashboardData{Now: time.Now(), Clock: w.viewerClock(r)}
	var err error
	if a.Profile != nil {
		if d.Groups, err = w.svc.Dashboard(r.Context(), a); err != nil {
			return err
		}
		d.ToDo = len(d.Groups.Invitations) + len(d.Groups.EmailInvitations) + len(d.Groups.JoinRequests)
	}
	if d.Events, err = w.svc.MyEvents(r.Context(), a); err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "dashboard", "dashboard.title", d, nil)
}
