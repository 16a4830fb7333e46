package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleCheckinPage is the organisers' door page, made for a phone: a
// ticket-code field (a camera scanner is added by checkin.js where the
// browser can read QR codes), the counts, and the admitted participants
// with a one-tap "arrived" button for those without their ticket. A
// cancelled event's door is closed; outside the event's day the page
// warns (check-in still works: the organiser decides).
func (w *Web) handleCheckinPage(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	return w.checkinPage(rw, r, http.StatusOK, d, ref, nil)
}

func (w *Web) checkinPage(rw http.ResponseWriter, r *http.Request, status int, d *manageData, ref service.EventRef, f *form) error {
	a := httpx.Actor(r.Context())
	all, err := w.svc.Participants(r.Context(), a, ref)
	if err != nil {
		return err
	}
	d.Participants = d.Participants[:0]
	for _, p := range all {
		if cortege.HoldsSeat(p.Status) {
			d.Participants = append(d.Participants, p)
			if p.Status == cortege.PartAttended {
				d.Arrived++
			}
		}
	}
	c, err := w.svc.Counts(r.Context(), a, ref)
	if err != nil {
		return err
	}
	d.V.Counts = &c
	d.OffDay = w.svc.CheckInOffDay(d.V.Event)
	return w.renderManage(rw, r, status, "event_checkin", "event.checkin.title", d, f)
}

// handleCheckin marks someone as attended: by the code of their ticket
// (typed or scanned), or by a tap on their line (pid).
func (w *Web) handleCheckin(rw http.ResponseWriter, r *http.Request) error {
	d, ref, err := w.managed(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	f, err := parseTextForm(rw, r, "checkin", "code", "pid")
	if err == nil {
		if pid := f.V("pid"); pid != "" {
			d.Result, err = w.svc.CheckInParticipant(r.Context(), a, ref, pid)
		} else {
			d.Result, err = w.svc.CheckIn(r.Context(), a, ref, f.V("code"))
		}
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.checkinPage(rw, r, status, d, ref, f)
	}
	return w.checkinPage(rw, r, http.StatusOK, d, ref, &form{Name: "checkin", Values: map[string]string{}})
}
