package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// evRef is how an organiser's page names its event in links and form
// actions: by ID, plus the management token when the page was opened
// through the private link of an event created without an account.
type evRef struct {
	ID string
	// ByLink: the visitor manages the event through its private link (a
	// management session), not an account.
	ByLink bool
}

// Path returns the event's page (suffix "") or one of its sub-pages. It
// never carries a token: a management link's holder has a session cookie
// for the event's pages instead.
func (r evRef) Path(suffix string) string { return "/events/" + url.PathEscape(r.ID) + suffix }

// Upload is the address of one of the event's pictures. A management
// link's holder reads them under the event's path, where their session
// cookie goes, since the uploads of a draft or unconfirmed event are
// served only to who may see it.
func (r evRef) Upload(name string) string {
	if r.ByLink {
		return r.Path("/uploads/" + url.PathEscape(name))
	}
	return "/uploads/" + url.PathEscape(name)
}

// eventRef reads the event a request names: through the management
// session of a visitor who opened the event's private link (the cookie),
// else by the path's id. ?token= still names the event by its management
// link for forms an older version showed (GETs with it are exchanged for
// a session first, see tokenless).
func eventRef(r *http.Request) (service.EventRef, evRef) {
	id := r.PathValue("id")
	if tok := tokenParam(r.URL.Query().Get("token")); tok != "" {
		return service.ByManageToken(tok), evRef{ID: id, ByLink: true}
	}
	if secret := eventSecret(r, manageCookie); secret != "" {
		return service.ByManageSession(id, secret), evRef{ID: id, ByLink: true}
	}
	return service.ByID(id), evRef{ID: id}
}

// checkTexts refuses what no text of a request may hold, whoever sends it
// and whatever it is for: invalid UTF-8 and NUL, faults of the request's
// encoding (the API refuses them in a body alike, before anything else).
// What a field may hold beyond that (controls, bidi overrides, invisible
// characters, line breaks) is the domain's rule, cortege.CheckChars, applied
// by the service once the actor may act; the message goes next to the field.
func checkTexts(f *form) error {
	for k, v := range f.Values {
		if !utf8.ValidString(v) {
			return invalid(k, "err.text.utf8")
		}
		if strings.IndexByte(v, 0) >= 0 {
			return invalid(k, "err.text.control")
		}
	}
	return nil
}

// parseMultipart reads a form that may carry a file (multipart, up to the
// upload limit) or not (urlencoded), keeping the named fields as typed and
// the file's bytes when one was sent under fileField.
func parseMultipart(rw http.ResponseWriter, r *http.Request, name, fileField string, fields ...string) (*form, []byte, error) {
	f := &form{Name: name, Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range fields {
		f.Values[k] = ""
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxUploadBytes+256<<10)
	err := r.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	if err != nil {
		if isTooLarge(err) {
			return f, nil, err
		}
		return f, nil, invalid("", "err.form.invalid")
	}
	for _, k := range fields {
		f.Values[k] = r.PostForm.Get(k)
	}
	if err := checkTexts(f); err != nil {
		return f, nil, err
	}
	if r.MultipartForm == nil || fileField == "" {
		return f, nil, nil
	}
	defer r.MultipartForm.RemoveAll()
	data, err := readUpload(r, fileField)
	return f, data, err
}

// parseTextForm is parseForm plus the text check every events form gets.
func parseTextForm(rw http.ResponseWriter, r *http.Request, name string, fields ...string) (*form, error) {
	f, err := parseForm(rw, r, name, fields...)
	if err != nil {
		return f, err
	}
	return f, checkTexts(f)
}

// localLayouts are the date-time spellings accepted: what datetime-local
// inputs send, and what people type where the browser offers a text box.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02", "02/01/2006 15:04", "02/01/2006"}

// parseLocal reads a date and time typed in the zone loc; "" is the zero
// time. A time the clocks show twice (the autumn change) is the first; one
// they skip moves past the gap (search dates; events use parseEventTime).
func parseLocal(field, s string, loc *time.Location) (time.Time, error) {
	w, ok, err := parseWall(field, s)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return cortege.AtWall(w, loc), nil
}

// parseEventTime is parseLocal for an event's start and end: a time the
// clocks skip (02:30 on the night of the spring change) is refused with a
// message naming the field.
func parseEventTime(field, s string, loc *time.Location) (time.Time, error) {
	w, ok, err := parseWall(field, s)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return cortege.LocalTime(field, w, loc)
}

// parseWall reads a typed date and time as a wall clock; ok is false for "".
func parseWall(field, s string) (w cortege.Wall, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return w, false, nil
	}
	if len(s) > 40 {
		return w, false, invalid(field, "err.event.date_invalid")
	}
	for _, l := range localLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return cortege.WallOf(t, time.UTC), true, nil
		}
	}
	return w, false, invalid(field, "err.event.date_invalid")
}

// localValue writes t in loc as a datetime-local input expects it.
func localValue(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

// loadZone checks a zone name typed or chosen in the form.
func loadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, invalid("tz", "err.event.tz_invalid")
	}
	loc, err := cortege.LoadLocation(name)
	if err != nil {
		return nil, invalid("tz", "err.event.tz_invalid")
	}
	return loc, nil
}

// commonZones are offered in the zone select; any other valid IANA name
// already on the event is added.
var commonZones = []string{
	"Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich", "Europe/Monaco", "Europe/London",
	"Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Berlin", "Europe/Rome", "Europe/Amsterdam",
	"Europe/Athens", "Europe/Warsaw", "Europe/Kyiv", "Europe/Istanbul", "Africa/Casablanca", "Africa/Algiers",
	"Africa/Tunis", "Africa/Dakar", "Africa/Abidjan", "Africa/Douala", "Africa/Kinshasa", "Indian/Reunion",
	"Indian/Mayotte", "America/Montreal", "America/Toronto", "America/New_York", "America/Chicago",
	"America/Denver", "America/Los_Angeles", "America/Mexico_City", "America/Guadeloupe", "America/Martinique",
	"America/Cayenne", "America/Port-au-Prince", "America/Sao_Paulo", "America/Miquelon", "Pacific/Noumea",
	"Pacific/Tahiti", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "UTC",
}

// zonesWith returns the zone list with current first when it is not in it.
func zonesWith(current ...string) []string {
	out := append([]string(nil), commonZones...)
	for _, c := range current {
		if c == "" {
			continue
		}
		found := false
		for _, z := range out {
			if z == c {
				found = true
				break
			}
		}
		if !found {
			out = append([]string{c}, out...)
		}
	}
	return out
}

// changeLine is a recorded change as the event page shows it.
type changeLine struct {
	Field    string
	From, To string
	At       string
}

// changeLines writes an event's history for lang, in its zone.
func changeLines(lang string, e *cortege.Event, cs []*cortege.EventChange) []changeLine {
	var out []changeLine
	for _, c := range cs {
		out = append(out, changeLine{Field: c.Field, From: service.FormatChange(lang, c.From), To: service.FormatChange(lang, c.To),
			At: c.At.In(e.Location()).Format("2006-01-02 15:04")})
	}
	return out
}

// eventItem is an event in a list: its dates written for the reader.
type eventItem struct {
	Event      *cortege.Event
	When       string
	DistanceKM float64
	HasDist    bool
	More       int
}

func itemOf(lang string, e *cortege.Event) eventItem {
	return eventItem{Event: e, When: service.FormatWhen(lang, e)}
}

// navData is what the organisers' tabs need: the event and the tab shown.
type navData struct {
	Ref evRef
	Tab string
}

// Nav returns the organisers' tabs with tab current.
func (d *eventPageData) Nav(tab string) navData { return navData{Ref: d.Ref, Tab: tab} }

// Nav returns the organisers' tabs with tab current.
func (d *eventFormData) Nav(tab string) navData { return navData{Ref: d.Ref, Tab: tab} }

// Nav returns the organisers' tabs with tab current.
func (d *manageData) Nav(tab string) navData { return navData{Ref: d.Ref, Tab: tab} }

// FilterLink is the participants page filtered by status.
func (d *manageData) FilterLink(status string) string {
	p := d.Ref.Path("/participants")
	if strings.Contains(p, "?") {
		return p + "&status=" + status
	}
	return p + "?status=" + status
}

// Day writes an instant's date and time in the event's zone.
func (d *manageData) Day(t time.Time) string {
	return t.In(d.V.Event.Location()).Format("02/01/2006 15:04")
}

// At writes an instant's time of day in the event's zone.
func (d *manageData) At(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.V.Event.Location()).Format("15:04")
}
