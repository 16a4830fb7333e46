package cortege

// Actor is who performs a use case: the signed-in account and the profile it
// acts as. Every service method takes one explicitly and checks permission
// itself; Anonymous is the zero value.
type Actor struct {
	Account   *Account
	Profile   *Profile
	SessionID string // hash of the session acting, empty for API tokens
	// TokenID is the API token acting, empty for a session or the command
	// line; Scopes are that token's.
	TokenID string
	Scopes  []string
	IP      string // remote address, for rate limits only
}

// Anonymous is the actor of a visitor who is not signed in.
var Anonymous = Actor{}

// SignedIn reports whether the actor is an active account.
func (a Actor) SignedIn() bool { return a.Account != nil && a.Account.Status == AccountActive }

// ViaToken reports whether the actor acts through an API token.
func (a Actor) ViaToken() bool { return a.TokenID != "" }

// Allows reports whether the actor's credentials carry scope: a session
// carries every scope, a token those it was given.
func (a Actor) Allows(scope string) bool { return !a.ViaToken() || contains(a.Scopes, scope) }

// IsAdmin reports whether the actor administers the instance: an
// administrator's account, through a session or a token with the admin
// scope.
func (a Actor) IsAdmin() bool { return a.SignedIn() && a.Account.IsAdmin() && a.Allows(ScopeAdmin) }

// Owns reports whether profile p belongs to the actor's account.
func (a Actor) Owns(p *Profile) bool {
	return a.SignedIn() && p != nil && !p.Deleted && p.AccountID == a.Account.ID
}
