package cortege

import "time"

// MaxGroupConductLen bounds a group's code of conduct (Markdown).
const MaxGroupConductLen = 10000

// GroupConduct is a group's code of conduct: Markdown its administrators
// write once, shown on the group's page and on every event the group
// organises that has no code of its own. Required asks participants of
// those events to accept it when they register.
type GroupConduct struct {
	GroupID   string
	Text      string // Markdown, rendered and sanitised at the boundary
	Required  bool
	UpdatedBy string // profile
	UpdatedAt time.Time
}

// Validate checks and normalises a group's code of conduct. Requiring an
// empty code makes no sense, so it is refused with the field named.
func (c *GroupConduct) Validate() error {
	t, err := CheckText("conduct", c.Text, MaxGroupConductLen, true)
	if err != nil {
		return err
	}
	c.Text = t
	if c.Required && c.Text == "" {
		return Invalid("conduct", "err.group.conduct_required")
	}
	return nil
}

// EventCode is one code of conduct that applies to an event: the event's
// own (Group nil, plain text) or an organising group's (Markdown).
type EventCode struct {
	Group *Group
	Text  string
}

// EventConduct is what an event's participants are asked to respect.
type EventConduct struct {
	Codes    []EventCode
	Required bool // registering needs the acceptance of every code shown
}

// ConductOf decides which codes of conduct apply to e, given the groups
// organising it (in their order: the group that created the event first)
// and their codes by group ID. The event's own code, when written, wins
// alone. Otherwise every organising group's code applies, since each group
// answers for the events it organises: a co-organised event shows them all,
// one after the other, and acceptance is required when the event or any of
// those groups asks for it. Without any code nothing is required.
func ConductOf(e *Event, organisers []*Group, codes map[string]*GroupConduct) EventConduct {
	if e.Conduct != "" {
		return EventConduct{Codes: []EventCode{{Text: e.Conduct}}, Required: e.ConductRequired}
	}
	out := EventConduct{Required: e.ConductRequired}
	for _, g := range organisers {
		if c := codes[g.ID]; c != nil && c.Text != "" {
			out.Codes = append(out.Codes, EventCode{Group: g, Text: c.Text})
			out.Required = out.Required || c.Required
		}
	}
	if len(out.Codes) == 0 {
		out.Required = false
	}
	return out
}
