package api

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Consultation is a consultation or a vote (secret) as anyone who may see
// it sees it. Its page is url (/votes/{id}); a closed vote's board is
// published at board_url.
type Consultation struct {
	ID string `json:"id"`
	// GroupID is the owning group; null for one of the instance's.
	GroupID         *string `json:"group_id"`
	Title           string  `json:"title"`
	Description     string  `json:"description"`
	DescriptionHTML string  `json:"description_html"`
	Secret          bool    `json:"secret"`
	// Word is how to name it: "vote" when secret, else "consultation".
	Word string `json:"word"`
	// State is the state at the time of reading: an open one past its
	// closing time reads "closed" before the job writes it.
	State    string `json:"state"`
	OpensAt  string `json:"opens_at"`
	ClosesAt string `json:"closes_at"`
	TZ       string `json:"tz"`
	Revote   bool   `json:"revote"`
	Audience string `json:"audience"`
	MinRole  string `json:"min_role"`
	// Guarantee is the code of what the audience and secrecy guarantee.
	Guarantee   string  `json:"guarantee"`
	Lang        string  `json:"lang"`
	CreatedBy   string  `json:"created_by"`
	URL         string  `json:"url"`
	BoardURL    string  `json:"board_url"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	OpenedAt    *string `json:"opened_at"`
	ClosedAt    *string `json:"closed_at"`
	PublishedAt *string `json:"published_at"`
}

// Guarantees, the codes of what a consultation's audience guarantees.
const (
	// guaranteeWeak: anyone with the link, one answer per browser.
	guaranteeWeak = "weak_one_per_browser"
	// guaranteeBlindToken: a secret vote of members; eligibility proven by
	// a blind-signed token nobody can link to the member.
	guaranteeBlindToken = "secret_blind_token"
	// guaranteeCode: a secret vote by anonymous invitation codes, each
	// working once, printed apart from any list of names.
	guaranteeCode = "secret_invitation_code"
	// guaranteeLinked: answers are stored with the member's profile.
	guaranteeLinked = "linked_to_profile"
	// guaranteeLinkedCode: one answer per code, not secret.
	guaranteeLinkedCode = "linked_one_per_code"
)

// guarantee is the code of what c's audience and secrecy guarantee.
func guarantee(c *cortege.Consultation) string {
	switch {
	case c.Audience == cortege.AudienceLink:
		return guaranteeWeak
	case c.Secret && c.Audience == cortege.AudienceCodes:
		return guaranteeCode
	case c.Secret:
		return guaranteeBlindToken
	case c.Audience == cortege.AudienceCodes:
		return guaranteeLinkedCode
	}
	return guaranteeLinked
}

// toConsultation converts a consultation; state is its state at the time
// of reading.
func (a *API) toConsultation(c *cortege.Consultation, state string) Consultation {
	out := Consultation{ID: c.ID, Title: c.Title, Description: c.Description, DescriptionHTML: markdown.ToHTML(c.Description),
		Secret: c.Secret, Word: c.Word(), State: state, OpensAt: timeString(c.OpensAt), ClosesAt: timeString(c.ClosesAt),
		TZ: c.TZ, Revote: c.Revote, Audience: c.Audience, MinRole: c.MinRole, Guarantee: guarantee(c), Lang: c.Lang,
		CreatedBy: c.CreatedBy, URL: a.baseURL + "/votes/" + c.ID, BoardURL: a.baseURL + "/votes/" + c.ID + "/board.json",
		CreatedAt: timeString(c.CreatedAt), UpdatedAt: timeString(c.UpdatedAt),
		OpenedAt: optTime(c.OpenedAt), ClosedAt: optTime(c.ClosedAt), PublishedAt: optTime(c.PublishedAt)}
	if c.GroupID != "" {
		g := c.GroupID
		out.GroupID = &g
	}
	return out
}

// ConsultationDetail answers GET /api/v1/consultations/{id}: the
// consultation, its questions in order, and what the caller may do.
type ConsultationDetail struct {
	Consultation Consultation           `json:"consultation"`
	Questions    []ConsultationQuestion `json:"questions"`
	// Manage: the caller may edit, open, close and publish it and
	// generate its codes.
	Manage bool `json:"manage"`
	// TokenKey is an open vote of members' blind-signing key (base64 of
	// the PKIX DER RSA public key, the board's token_key); "" otherwise.
	TokenKey string `json:"token_key"`
	// SignedOff: the caller is on the vote's sign-in sheet (took part).
	SignedOff bool `json:"signed_off"`
}

func (a *API) toConsultationDetail(v *service.ConsultationView, signedOff bool) ConsultationDetail {
	d := ConsultationDetail{Consultation: a.toConsultation(v.Consultation, v.State), Questions: make([]ConsultationQuestion, 0, len(v.Questions)),
		Manage: v.Manage, TokenKey: v.TokenKey, SignedOff: signedOff}
	for _, q := range v.Questions {
		d.Questions = append(d.Questions, toConsultationQuestion(q))
	}
	return d
}

// ConsultationList answers the lists of consultations, newest first.
type ConsultationList struct {
	Consultations []Consultation `json:"consultations"`
}

// ConsultationCreate is the body of POST /api/v1/consultations. opens_at
// and closes_at are local date-times without offset on the clocks of tz
// ("2027-03-28T10:30"), or RFC 3339 instants; group (ID or handle) makes
// it a group's, which the caller administers, else it is the instance's
// (its administrators). secret makes it a vote.
type ConsultationCreate struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Secret      bool   `json:"secret"`
	OpensAt     string `json:"opens_at"`
	ClosesAt    string `json:"closes_at"`
	TZ          string `json:"tz"`
	Revote      bool   `json:"revote"`
	Audience    string `json:"audience"`
	MinRole     string `json:"min_role"`
	Lang        string `json:"lang"`
	Group       string `json:"group"`
}

// ConsultationUpdate is the body of PATCH /api/v1/consultations/{id}, a
// draft's: absent fields stay. A new tz without new times keeps the
// times as read on the clocks.
type ConsultationUpdate struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Secret      *bool   `json:"secret"`
	OpensAt     *string `json:"opens_at"`
	ClosesAt    *string `json:"closes_at"`
	TZ          *string `json:"tz"`
	Revote      *bool   `json:"revote"`
	Audience    *string `json:"audience"`
	MinRole     *string `json:"min_role"`
	Lang        *string `json:"lang"`
}

// consultationWall reads opens_at or closes_at as a wall time of tz: a
// local date-time as typed, or an RFC 3339 instant as the clocks of tz
// show it. Empty is the zero wall (the domain says it is required).
func consultationWall(field, s, tz string) (cortege.Wall, error) {
	if s == "" {
		return cortege.Wall{}, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" || tz == "Local" {
		return cortege.Wall{}, cortege.Invalid("tz", "err.consultation.tz.invalid")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return cortege.WallOf(t, loc), nil
	}
	for _, l := range localLayouts {
		if t, err := time.Parse(l, s); err == nil && !t.IsZero() {
			return cortege.WallOf(t, time.UTC), nil
		}
	}
	return cortege.Wall{}, cortege.Invalid(field, "err.api.time")
}

// consultationID reads the {id} of the path.
func consultationID(r *http.Request) (string, error) { return pathID(r, "id") }

// consultationView returns the consultation of the path as the caller
// sees it.
func (a *API) consultationView(r *http.Request) (*service.ConsultationView, error) {
	id, err := consultationID(r)
	if err != nil {
		return nil, err
	}
	return a.svc.Consultation(r.Context(), httpx.Actor(r.Context()), id)
}

// writeConsultation answers the consultation as the caller now sees it.
func (a *API) writeConsultation(w http.ResponseWriter, r *http.Request, id string, status int) error {
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	v, err := a.svc.Consultation(ctx, actor, id)
	if err != nil {
		return err
	}
	signed := false
	if v.Consultation.Secret && v.State != cortege.ConsultationDraft {
		if signed, err = a.svc.HasSignedOff(ctx, actor, id); err != nil {
			return err
		}
	}
	return writeJSON(w, status, a.toConsultationDetail(v, signed))
}

// handleConsultationGet answers a consultation: a draft only to those who
// manage it.
func (a *API) handleConsultationGet(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	return a.writeConsultation(w, r, id, http.StatusOK)
}

// handleConsultationList lists the instance's consultations.
func (a *API) handleConsultationList(w http.ResponseWriter, r *http.Request) error {
	return a.writeConsultations(w, r, "")
}

// handleGroupConsultations lists a group's consultations.
func (a *API) handleGroupConsultations(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	return a.writeConsultations(w, r, g.ID)
}

func (a *API) writeConsultations(w http.ResponseWriter, r *http.Request, groupID string) error {
	cs, err := a.svc.Consultations(r.Context(), httpx.Actor(r.Context()), groupID)
	if err != nil {
		return err
	}
	now := a.svc.Now()
	out := ConsultationList{Consultations: make([]Consultation, 0, len(cs))}
	for _, c := range cs {
		out.Consultations = append(out.Consultations, a.toConsultation(c, c.StateAt(now)))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleConsultationCreate writes a draft.
func (a *API) handleConsultationCreate(w http.ResponseWriter, r *http.Request) error {
	var in ConsultationCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ci := service.ConsultationInput{Title: in.Title, Description: in.Description, Secret: in.Secret, TZ: in.TZ,
		Revote: in.Revote, Audience: in.Audience, MinRole: in.MinRole, Lang: in.Lang}
	var err error
	if ci.Opens, err = consultationWall("opens_at", in.OpensAt, in.TZ); err != nil {
		return err
	}
	if ci.Closes, err = consultationWall("closes_at", in.ClosesAt, in.TZ); err != nil {
		return err
	}
	if in.Lang != "" && !cortege.ValidLang(in.Lang) {
		return cortege.Invalid("lang", "err.lang.invalid")
	}
	if in.Group != "" {
		g, err := a.groupByRef(r, in.Group)
		if cortege.IsNotFound(err) {
			return cortege.Invalid("group", "err.group.not_found")
		} else if err != nil {
			return err
		}
		ci.GroupID = g.ID
	}
	c, err := a.svc.CreateConsultation(r.Context(), httpx.Actor(r.Context()), ci)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/consultations/"+c.ID)
	return a.writeConsultation(w, r, c.ID, http.StatusCreated)
}

// handleConsultationUpdate edits a draft.
func (a *API) handleConsultationUpdate(w http.ResponseWriter, r *http.Request) error {
	var in ConsultationUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.managedConsultation(r)
	if err != nil {
		return err
	}
	c := v.Consultation
	loc := c.Location()
	ci := service.ConsultationInput{Title: c.Title, Description: c.Description, Secret: c.Secret, TZ: c.TZ,
		Opens: cortege.WallOf(c.OpensAt, loc), Closes: cortege.WallOf(c.ClosesAt, loc),
		Revote: c.Revote, Audience: c.Audience, MinRole: c.MinRole, Lang: c.Lang}
	setStr(&ci.Title, in.Title)
	setStr(&ci.Description, in.Description)
	setStr(&ci.TZ, in.TZ)
	setStr(&ci.Audience, in.Audience)
	setStr(&ci.MinRole, in.MinRole)
	setStr(&ci.Lang, in.Lang)
	if in.Secret != nil {
		ci.Secret = *in.Secret
	}
	if in.Revote != nil {
		ci.Revote = *in.Revote
	}
	if in.Lang != nil && !cortege.ValidLang(*in.Lang) {
		return cortege.Invalid("lang", "err.lang.invalid")
	}
	if in.OpensAt != nil {
		if ci.Opens, err = consultationWall("opens_at", *in.OpensAt, ci.TZ); err != nil {
			return err
		}
	}
	if in.ClosesAt != nil {
		if ci.Closes, err = consultationWall("closes_at", *in.ClosesAt, ci.TZ); err != nil {
			return err
		}
	}
	if _, err := a.svc.UpdateConsultation(r.Context(), httpx.Actor(r.Context()), c.ID, ci); err != nil {
		return err
	}
	return a.writeConsultation(w, r, c.ID, http.StatusOK)
}

// handleConsultationDelete deletes a draft.
func (a *API) handleConsultationDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteConsultation(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// managedConsultation returns the consultation of the path and checks the
// caller manages it (ENOTFOUND when they cannot see it, EFORBIDDEN when
// they only can), before the body is looked at further.
func (a *API) managedConsultation(r *http.Request) (*service.ConsultationView, error) {
	v, err := a.consultationView(r)
	if err != nil {
		return nil, err
	}
	if !v.Manage {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
	}
	return v, nil
}
