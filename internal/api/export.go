package api

import "codeberg.org/cortege/cortege/internal/service"

// Export answers GET /api/v1/me/export: everything about the account.
type Export struct {
	Account   ExportAccount      `json:"account"`
	Profiles  []ExportProfile    `json:"profiles"`
	Groups    []ExportMembership `json:"groups"`
	Events    []ExportEvent      `json:"events"`
	APITokens []ExportToken      `json:"api_tokens"`
}

// ExportMembership is one profile's relation to a group in an export.
type ExportMembership struct {
	Profile string `json:"profile"`
	Group   string `json:"group"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Status  string `json:"status"`
	Since   string `json:"since"`
}

// ExportEvent is an event one of the profiles organises or takes part in.
type ExportEvent struct {
	Profile string `json:"profile"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Start   string `json:"start"`
	Role    string `json:"role"`
	Status  string `json:"status,omitempty"`
}

// ExportAccount is the account part of an export.
type ExportAccount struct {
	Email       string  `json:"email"`
	Role        string  `json:"role"`
	Lang        string  `json:"lang"`
	HasPassword bool    `json:"has_password"`
	CreatedAt   string  `json:"created_at"`
	LastLoginAt *string `json:"last_login_at"`
}

// ExportProfile is one profile in an export.
type ExportProfile struct {
	Handle      string `json:"handle"`
	DisplayName string `json:"display_name"`
	Bio         string `json:"bio"`
	Avatar      string `json:"avatar"`
	IsDefault   bool   `json:"is_default"`
	CreatedAt   string `json:"created_at"`
}

// ExportToken is one API token in an export (never its secret).
type ExportToken struct {
	Label      string  `json:"label"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
}

func toExport(ex *service.Export) Export {
	out := Export{
		Account: ExportAccount{
			Email: ex.Account.Email, Role: ex.Account.Role, Lang: ex.Account.Lang, HasPassword: ex.Account.HasPassword,
			CreatedAt: timeString(ex.Account.CreatedAt), LastLoginAt: optTime(ex.Account.LastLoginAt),
		},
		Profiles:  make([]ExportProfile, 0, len(ex.Profiles)),
		Groups:    make([]ExportMembership, 0, len(ex.Groups)),
		Events:    make([]ExportEvent, 0, len(ex.Events)),
		APITokens: make([]ExportToken, 0, len(ex.APITokens)),
	}
	for _, m := range ex.Groups {
		out.Groups = append(out.Groups, ExportMembership{Profile: m.Profile, Group: m.Group, Name: m.Name, Role: m.Role, Status: m.Status, Since: timeString(m.Since)})
	}
	for _, e := range ex.Events {
		out.Events = append(out.Events, ExportEvent{Profile: e.Profile, Title: e.Title, URL: e.URL, Start: timeString(e.Start), Role: e.Role, Status: e.Status})
	}
	for _, p := range ex.Profiles {
		out.Profiles = append(out.Profiles, ExportProfile{
			Handle: p.Handle, DisplayName: p.DisplayName, Bio: p.Bio, Avatar: p.Avatar,
			IsDefault: p.Default, CreatedAt: timeString(p.CreatedAt),
		})
	}
	for _, t := range ex.APITokens {
		out.APITokens = append(out.APITokens, ExportToken{Label: t.Label, CreatedAt: timeString(t.CreatedAt), LastUsedAt: optTime(t.LastUsedAt)})
	}
	return out
}
