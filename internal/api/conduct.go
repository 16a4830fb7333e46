package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
)

// GroupConduct is a group's code of conduct: Markdown, its sanitised HTML,
// and whether the group's events require its acceptance.
type GroupConduct struct {
	Text      string  `json:"text"`
	HTML      string  `json:"html"`
	Required  bool    `json:"required"`
	UpdatedAt *string `json:"updated_at"`
}

// GroupConductUpdate is the body of PUT /api/v1/groups/{group}/conduct; an
// empty text removes the code.
type GroupConductUpdate struct {
	Text     string `json:"text"`
	Required bool   `json:"required"`
}

// EventConduct is what an event's participants are asked to respect: the
// event's own code, or each organising group's when it has none.
type EventConduct struct {
	Codes    []EventCode `json:"codes"`
	Required bool        `json:"required"`
}

// EventCode is one code of conduct of an event; group is the handle of the
// group it comes from, "" for the event's own.
type EventCode struct {
	Group string `json:"group"`
	Text  string `json:"text"`
	HTML  string `json:"html"`
}

func toGroupConduct(c *cortege.GroupConduct) GroupConduct {
	return GroupConduct{Text: c.Text, HTML: markdown.ToHTML(c.Text), Required: c.Required, UpdatedAt: optTime(c.UpdatedAt)}
}

func toEventConduct(c cortege.EventConduct) EventConduct {
	out := EventConduct{Codes: []EventCode{}, Required: c.Required}
	for _, code := range c.Codes {
		x := EventCode{Text: code.Text, HTML: markdown.ToHTML(code.Text)}
		if code.Group != nil {
			x.Group = code.Group.Handle
		}
		out.Codes = append(out.Codes, x)
	}
	return out
}

// handleGroupConductGet answers a group's code of conduct; anyone who sees
// the group.
func (a *API) handleGroupConductGet(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	c, err := a.svc.GroupConduct(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toGroupConduct(c))
}

// handleGroupConductPut writes a group's code of conduct; administrators.
func (a *API) handleGroupConductPut(w http.ResponseWriter, r *http.Request) error {
	var in GroupConductUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	c, err := a.svc.SetGroupConduct(r.Context(), httpx.Actor(r.Context()), g.ID, in.Text, in.Required)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toGroupConduct(c))
}
