package web

import "net/http"

// handleDashboard is the signed-in person's space ("Mon espace").
func (w *Web) handleDashboard(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "dashboard", "dashboard.title", nil, nil)
}
