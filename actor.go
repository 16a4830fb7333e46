package cortege

// Actor is who performs a use case: the signed-in account and the profile it
// acts as. Every service method takes one explicitly and checks permission
// itself; Anonymous is the zero value.
type Actor struct {
	Account   *Account
	Profile   *Profile
	SessionID string // hash of the session acting, empty for API tokens
	IP        string // remote address, for rate limits only
}

// Anonymous is the actor of a visitor who is not signed in.
var Anonymous = Actor{}

// SignedIn reports whether the actor is an active account.
func (a Actor) SignedIn() bool { return a.Account != nil && a.Account.Status == AccountActive }

// IsAdmin reports whether the actor administers the instance.
func (a Actor) IsAdmin() bool { return a.SignedIn() && a.Account.IsAdmin() }

// Owns reports whether profile p belongs to the actor's account.
func (a Actor) Owns(p *Profile) bool {
	return a.SignedIn() && p != nil && !p.Deleted && p.AccountID == a.Account.ID
}
