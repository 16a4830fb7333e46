package service_test

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The simulated vote of the unlinkability test: voters sign off (the
// sheet, a blind signature) and later cast (the box, with the unblinded
// token), interleaved over simulated hours, with quiet spells and bursts.

// simVoter is one voter of the simulation and the truth the test keeps
// (and the linker never sees): which ballot is theirs.
type simVoter struct {
	actor   cortege.Actor
	key     string // the sheet's voter key: the profile's ID
	signAt  time.Time
	castAt  time.Time
	casts   bool // a few sign off and never cast
	answers []service.Answer
	proof   service.CastProof
	receipt string // the ballot's ID: the truth
	signed  chan struct{}
}

// simEvent is a sign-off or a cast at a simulated time.
type simEvent struct {
	at   time.Time
	v    *simVoter
	cast bool
}

// simPlan draws n voters over hours of voting from start: 60 % arrive
// at a steady rate, 40 % in five bursts of a few minutes (a reminder
// mail); each casts after a log-normal delay (median 40 s, some take
// many minutes), 2 % never cast. Profiles were created at random times
// in the past years (their IDs are ULIDs of that time).
func simPlan(rng *mrand.Rand, n int, start time.Time, hours float64) []*simVoter {
	span := time.Duration(hours * float64(time.Hour))
	bursts := make([]time.Time, 5)
	for i := range bursts {
		bursts[i] = start.Add(time.Duration(rng.Float64() * float64(span-10*time.Minute)))
	}
	vs := make([]*simVoter, n)
	for i := range vs {
		var at time.Time
		if rng.Float64() < 0.4 {
			b := bursts[rng.IntN(len(bursts))]
			at = b.Add(time.Duration(rng.ExpFloat64() * float64(90*time.Second)))
		} else {
			at = start.Add(time.Duration(rng.Float64() * float64(span)))
		}
		delay := time.Duration(math.Min(40*math.Exp(rng.NormFloat64()), 1800) * float64(time.Second))
		created := start.Add(-time.Duration(rng.Float64() * 3 * 365 * 24 * float64(time.Hour)))
		acc := &cortege.Account{ID: cortege.NewID(created), Status: cortege.AccountActive, Lang: "fr"}
		p := &cortege.Profile{ID: cortege.NewID(created), AccountID: acc.ID}
		vs[i] = &simVoter{actor: cortege.Actor{Account: acc, Profile: p}, key: p.ID, signAt: at, castAt: at.Add(delay),
			casts: rng.Float64() >= 0.02, answers: simAnswers(rng), signed: make(chan struct{})}
	}
	return vs
}

// simAnswers draws a ballot for the two questions of openVote's shape.
func simAnswers(rng *mrand.Rand) []service.Answer {
	q1 := service.Answer{Question: "q1", Choices: []int{rng.IntN(2)}}
	if rng.IntN(10) == 0 {
		q1 = service.Answer{Question: "q1", Blank: true}
	}
	return []service.Answer{q1, {Question: "q2", Choices: []int{rng.IntN(2)}}}
}

// simEvents lists every sign-off and cast in simulated time order.
func simEvents(vs []*simVoter) []simEvent {
	var ev []simEvent
	for _, v := range vs {
		ev = append(ev, simEvent{at: v.signAt, v: v})
		if v.casts {
			ev = append(ev, simEvent{at: v.castAt, v: v, cast: true})
		}
	}
	slices.SortFunc(ev, func(a, b simEvent) int { return a.at.Compare(b.at) })
	return ev
}

// simBox is what the simulation drives: the product's service, or the
// 2018 variant.
type simBox interface {
	signOff(ctx context.Context, v *simVoter) error
	cast(ctx context.Context, v *simVoter) error
}

// simRun plays the events through box with the fake clock set to each
// event's time. Events less than quiet apart run concurrently (up to
// eight in flight), as requests at a busy time do; after a longer gap
// everything in flight ends first, as on a quiet afternoon. mid, when
// set, is called once half the events are done, with nothing in flight.
func simRun(t *testing.T, set func(time.Time), ev []simEvent, box simBox, mid func()) {
	t.Helper()
	const quiet = 5 * time.Second
	ctx := context.Background()
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	fail := func(err error) {
		mu.Lock()
		if failed == nil {
			failed = err
		}
		mu.Unlock()
	}
	for i, x := range ev {
		if i > 0 && x.at.Sub(ev[i-1].at) > quiet {
			wg.Wait()
		}
		if mid != nil && i == len(ev)/2 {
			wg.Wait()
			mid()
		}
		set(x.at)
		sem <- struct{}{}
		wg.Add(1)
		go func(x simEvent) {
			defer func() { <-sem; wg.Done() }()
			if x.cast {
				<-x.v.signed
				if err := box.cast(ctx, x.v); err != nil {
					fail(err)
				}
				return
			}
			defer close(x.v.signed)
			if err := box.signOff(ctx, x.v); err != nil {
				fail(err)
			}
		}(x)
	}
	wg.Wait()
	if failed != nil {
		t.Fatal(failed)
	}
}

// serviceBox drives the product: a blind sign-off, then a cast.
type serviceBox struct {
	t    testing.TB
	svc  *service.Service
	id   string
	user voter
}

func (b *serviceBox) signOff(ctx context.Context, v *simVoter) error {
	p, err := b.user.token(b.t, func(blinded []byte) ([]byte, error) { return b.svc.SignOff(ctx, v.actor, b.id, blinded) })
	v.proof = p
	return err
}

func (b *serviceBox) cast(ctx context.Context, v *simVoter) error {
	r, err := b.svc.Cast(ctx, b.id, v.answers, v.proof)
	v.receipt = r
	return err
}

// lockedBuffer collects log lines from concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return splitLines(l.b.String())
}

func splitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
}

// infoLogger is the service's logger at info level, into buf.
func infoLogger(buf *lockedBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
