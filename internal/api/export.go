package api

import "codeberg.org/cortege/cortege/internal/service"

// Export answers GET /api/v1/me/export: everything about the account.
type Export struct {
	Account   ExportAccount   `json:"account"`
	Profiles  []ExportProfile `json:"profiles"`
	APITokens []ExportToken   `json:"api_tokens"`
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
		APITokens: make([]ExportToken, 0, len(ex.APITokens)),
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
