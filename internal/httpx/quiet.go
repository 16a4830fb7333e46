package httpx

import "context"

// quietKey carries the access log's note of a request (WithLogNote).
const quietKey ctxKey = 100

// LogNote is what a handler tells the access log about its request.
type LogNote struct {
	// Quiet: log the route alone, without path, status, size or duration
	// (a ballot's cast: nothing that could be set beside a sign-off).
	Quiet bool
}

// WithLogNote returns ctx carrying a fresh note for the access log, and
// the note, which the log reads once the handler returned.
func WithLogNote(ctx context.Context) (context.Context, *LogNote) {
	n := &LogNote{}
	return context.WithValue(ctx, quietKey, n), n
}

// Quiet asks the access log to write the route alone for this request
// (nothing happens when the request did not come through a log).
func Quiet(ctx context.Context) {
	if n, ok := ctx.Value(quietKey).(*LogNote); ok {
		n.Quiet = true
	}
}
