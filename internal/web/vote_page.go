package web

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// votePageData is the view model of /votes/{id}: the vote or
// consultation, who may take part and what that guarantees, its running
// counts and, while it takes ballots, the ballot form.
type votePageData struct {
	V      *service.ConsultationView
	C      *cortege.Consultation
	Path   string // /votes/ID
	Word   string // "vote" (secret) or "consultation" (Consultation.Word)
	Text   template.HTML
	Group  *cortege.Group // nil for one of the instance's
	Opens  string         // in the vote's zone
	Closes string
	Zone   string // the zone's name
	// Who and Guarantee say, in plain words, who may take part and what
	// that guarantees.
	Who, Guarantee string
	Counts         *voteCounts // while open
	// Accepting: the vote takes ballots now; Soon: open, not yet at its
	// opening time.
	Accepting, Soon bool
	// The ballot form: nil when there is none for this visitor.
	Ballot    *ballotView
	CodePath  bool   // by invitation codes: the form has a code field
	Code      string // the code, from ?code= or as typed
	CodeErr   string
	TokenPath bool // members: the browser blinds a token (vote.js)
	SignedOff bool // the member already took part
	// Revote: the member took part and the vote allows re-voting: the
	// ballot form takes their re-vote key (vote_revote.go).
	Revote      bool
	Key, KeyErr string // the key as typed, and its refusal
	// NotEligible: signed in, but not of the role the vote asks.
	NotEligible bool
	SignIn      string
	Respond     string // a non-secret consultation's answer form
	Board       bool   // closed: the board may be looked up
	Results     bool   // results published (or the manager's preview)
}

// voteCounts are the running counts an open vote shows.
type voteCounts struct{ SignOffs, Ballots int }

// voteTime writes an instant in the vote's zone, as the language writes it.
func voteTime(t time.Time, loc *time.Location, lang string) string {
	if t.IsZero() {
		return ""
	}
	if lang == "fr" {
		return t.In(loc).Format("02/01/2006 15:04")
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// handleVote shows a vote's or a consultation's page.
func (w *Web) handleVote(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.votePage(r)
	if err != nil {
		return err
	}
	if d.Ballot != nil && d.CodePath {
		d.Code = truncate(r.URL.Query().Get("code"), 64)
	}
	return w.renderVote(rw, r, http.StatusOK, d, nil)
}

// votePage gathers a vote's page for the request's actor. A draft the
// actor does not manage, or a vote of a group they may not see, is
// ENOTFOUND (the 404 page).
func (w *Web) votePage(r *http.Request) (*votePageData, error) {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	lang := info(r).lang
	v, err := w.svc.Consultation(ctx, a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	c := v.Consultation
	loc := c.Location()
	d := &votePageData{V: v, C: c, Path: "/votes/" + c.ID, Word: c.Word(), Text: markdown.HTML(c.Description),
		Opens: voteTime(c.OpensAt, loc, lang), Closes: voteTime(c.ClosesAt, loc, lang), Zone: loc.String()}
	if c.GroupID != "" {
		d.Group, err = w.svc.GroupByID(ctx, a, c.GroupID)
		switch {
		case err == nil:
		case cortege.IsNotFound(err) && c.Audience == cortege.AudienceCodes:
			// A code holder who may not see the group (a private one)
			// reaches its vote by the link: the page names no group.
			d.Group = nil
		default:
			return nil, err
		}
	}
	d.Who, d.Guarantee = w.voteAudience(lang, c, d.Group)
	if !c.Secret {
		d.Respond = d.Path + "/respond"
		return d, nil
	}
	now := w.svc.Now()
	d.Accepting = c.Accepting(now)
	d.Soon = v.State == cortege.ConsultationOpen && !d.Accepting
	d.Board = v.State == cortege.ConsultationClosed || v.State == cortege.ConsultationPublished
	d.Results = v.State == cortege.ConsultationPublished || (v.State == cortege.ConsultationClosed && v.Manage)
	if v.State == cortege.ConsultationOpen {
		n, err := w.svc.VoteCountsOf(ctx, a, c.ID)
		if err != nil {
			return nil, err
		}
		d.Counts = &voteCounts{SignOffs: int(n.SignOffs), Ballots: int(n.Ballots)}
	}
	if !d.Accepting {
		return d, nil
	}
	switch c.Audience {
	case cortege.AudienceCodes:
		d.CodePath = true
		d.Ballot = w.newBallotView(lang, v.Questions, nil, nil)
	case cortege.AudienceMembers:
		if !a.SignedIn() {
			d.SignIn = "/login?next=" + url.QueryEscape(d.Path)
			return d, nil
		}
		if d.SignedOff, err = w.svc.HasSignedOff(ctx, a, c.ID); err != nil {
			return d, err
		}
		if d.SignedOff {
			if d.Revote = c.Revote; d.Revote {
				d.Ballot = w.newBallotView(lang, v.Questions, nil, nil)
			}
			return d, nil
		}
		if c.GroupID != "" {
			role, err := w.svc.GroupRole(ctx, a, c.GroupID)
			if err != nil {
				return nil, err
			}
			if d.NotEligible = cortege.RoleRank(role) < cortege.RoleRank(c.MinRole); d.NotEligible {
				return d, nil
			}
		}
		d.TokenPath = v.TokenKey != ""
		d.Ballot = w.newBallotView(lang, v.Questions, nil, nil)
	}
	return d, nil
}

// voteAudience says who may take part and what it guarantees.
func (w *Web) voteAudience(lang string, c *cortege.Consultation, g *cortege.Group) (string, string) {
	t := func(k string, args ...any) string { return w.cat.T(lang, k, args...) }
	switch c.Audience {
	case cortege.AudienceMembers:
		who := t("votepage.who.instance")
		if g != nil {
			who = t("votepage.who.members", g.Name, t("votepage.role."+c.MinRole))
		}
		if c.Secret {
			return who, t("votepage.guarantee.members")
		}
		return who, t("votepage.guarantee.members_linked")
	case cortege.AudienceCodes:
		if c.Secret {
			return t("votepage.who.codes"), t("votepage.guarantee.codes")
		}
		return t("votepage.who.codes"), t("votepage.guarantee.codes_linked")
	case cortege.AudienceLink:
		return t("votepage.who.link"), t("votepage.guarantee.link")
	}
	return t("votepage.who.roll"), ""
}

// renderVote writes the vote's page, titled by the vote. A page that may
// carry an invitation code sends no referrer and is never stored.
func (w *Web) renderVote(rw http.ResponseWriter, r *http.Request, status int, d *votePageData, f *form) error {
	p, err := w.newPage(r, "votepage.page.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = d.C.Title
	if d.C.State == cortege.ConsultationDraft {
		p.Meta.closed(p)
	} else {
		p.Meta.URL = w.abs(d.Path)
		p.Meta.Description = markdown.Plain(d.C.Description, 200)
	}
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	h := rw.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	return w.write(rw, status, "vote_show", p)
}
