package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// burstWindow is how far back the bursts page looks by default, and the
// furthest it may look.
const (
	burstWindow    = 48 * time.Hour
	maxBurstWindow = 60 * 24 * time.Hour
)

// petitionBursts is the view model of the suspicious bursts page.
type petitionBursts struct {
	*PetitionTool
	Bursts []burstRow
	Hours  int
	Min    int
	Done   string
	Count  int // how many the last invalidation took off, for its message
}

// burstRow is one burst with the value its checkbox posts.
type burstRow struct {
	service.SignatureBurst
	Value string // kind|key|unix minute
}

// burstValue is what a burst's checkbox posts.
func burstValue(b service.SignatureBurst) string {
	return b.Kind + "|" + b.Key + "|" + strconv.FormatInt(b.Minute.Unix(), 10)
}

// parseBurst reads a posted burst value back.
func parseBurst(s string) (service.SignatureBurst, bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 {
		return service.SignatureBurst{}, false
	}
	sec, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || (parts[0] != service.BurstNet && parts[0] != service.BurstDomain) || parts[1] == "" {
		return service.SignatureBurst{}, false
	}
	return service.SignatureBurst{Kind: parts[0], Key: parts[1], Minute: time.Unix(sec, 0).UTC()}, true
}

// handleBursts lists the minutes in which many signatures came from one
// network (shown by a short hash, never an address) or one mail domain.
func (w *Web) handleBursts(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "bursts")
	if err != nil {
		return err
	}
	window := burstWindow
	if h, err := strconv.Atoi(r.URL.Query().Get("hours")); err == nil && h > 0 {
		window = min(time.Duration(h)*time.Hour, maxBurstWindow)
	}
	least, _ := strconv.Atoi(r.URL.Query().Get("min"))
	if least <= 0 {
		least = service.DefaultBurstMin
	}
	bs, err := w.svc.SignatureBursts(r.Context(), httpx.Actor(r.Context()), t.P().ID, w.svc.Now().Add(-window), least)
	if err != nil {
		return err
	}
	d := &petitionBursts{PetitionTool: t, Hours: int(window / time.Hour), Min: least, Done: doneKey(r)}
	d.Count, _ = strconv.Atoi(r.URL.Query().Get("n"))
	for _, b := range bs {
		d.Bursts = append(d.Bursts, burstRow{SignatureBurst: b, Value: burstValue(b)})
	}
	return w.render(rw, r, http.StatusOK, "petition_bursts", "ptools.bursts.title", d, nil)
}

// confirmBurstInvalidate asks before invalidating: the signatures leave
// the count and their addresses cannot sign again.
func (w *Web) confirmBurstInvalidate() confirmation {
	return confirmation{Key: "ptools_burst_invalidate", About: func(r *http.Request) (string, bool, error) {
		t, err := w.organisedPetition(r, "bursts")
		if err != nil {
			return "", false, err
		}
		if r.Method == http.MethodPost && len(r.PostForm["burst"]) == 0 {
			return "", false, nil // nothing chosen: the page says so
		}
		return t.P().Title, true, nil
	}}
}

// handleBurstInvalidate invalidates every live signature of the bursts
// chosen.
func (w *Web) handleBurstInvalidate(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "bursts")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return invalid("burst", "err.form.invalid")
	}
	chosen := r.PostForm["burst"]
	if len(chosen) == 0 {
		return w.redirect(rw, r, t.Path("/bursts?done=invalidated&n=0"))
	}
	if len(chosen) > 200 {
		return cortege.Invalid("burst", "err.signature.too_many")
	}
	n := 0
	for _, v := range chosen {
		b, ok := parseBurst(v)
		if !ok {
			return cortege.Invalid("burst", "err.signature.burst.invalid")
		}
		k, err := w.svc.InvalidateBurst(r.Context(), httpx.Actor(r.Context()), t.P().ID, b)
		if err != nil {
			return err
		}
		n += k
	}
	return w.redirect(rw, r, t.Path("/bursts?done=invalidated&n="+strconv.Itoa(n)))
}
