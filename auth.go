package cortege

import "time"

// Lifetimes of secrets.
const (
	LoginTokenTTL = 10 * time.Minute
	SessionTTL    = 30 * 24 * time.Hour
)

// Purposes of an emailed one-time token.
const (
	TokenLogin       = "login"
	TokenEmailChange = "email_change"
)

// Session is a signed-in browser. Its cookie carries a random token; only the
// token's hash (ID) is stored.
type Session struct {
	ID        string
	AccountID string
	ProfileID string // the acting profile
	CreatedAt time.Time
	ExpiresAt time.Time
}
