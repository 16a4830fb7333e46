package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// cmdDemo fills an empty instance with a realistic French demo: people,
// groups and their life, past and upcoming events with participants, a
// report with photos. Everything goes through the service with explicit
// actors, under the same rules as users.
func cmdDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "demo", "demo [--force] [--scale N [--seed S]] [--data DIR | --database-url URL] [--base-url URL]")
	force := fs.Bool("force", false, "add the demo even if the instance already has groups or events")
	scale := fs.Int("scale", 0, "instead of the demo, generate N events in realistic shapes (groups, series, participations) to measure at scale")
	seed := fs.Uint64("seed", 1, "with --scale: the seed of the generator (the same seed the same day makes the same instance)")
	loader := config.Register(fs, env.Getenv, slices.Concat(dbSettings, []string{"smtp-url"})...)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loader.Load()
	if err != nil {
		return err
	}
	if *scale < 0 {
		return errors.New("--scale: give a number of events (1 or more)")
	}
	// The generator writes a new instance in large transactions from one
	// goroutine: a bulk load (store.Config.BulkLoad), durable at Close.
	db, err := openStoreWith(ctx, cfg, store.Config{BulkLoad: *scale > 0})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	log := cfg.Logger(env.Stderr)
	clock := &demoClock{}
	svc, err := newService(db, cfg, log, nil, clock.Now)
	if err != nil {
		return err
	}
	if !loader.Explicit("base-url") && !loader.Explicit("listen") {
		// Print links to the server as it last announced itself.
		if err := svc.UseRecordedBaseURL(ctx); err != nil {
			return err
		}
	}
	full, err := svc.HasContent(ctx)
	if err != nil {
		return err
	}
	if full && !*force {
		return errors.New("this instance already has groups or events (or the demo); the demo only fills an empty instance. Use a new --data directory or database, or add --force to mix the demo in anyway")
	}
	if *scale > 0 {
		st, facts, err := generateScale(ctx, db, scaleOptions{N: *scale, Seed: *seed, Progress: env.Stderr})
		if err != nil {
			return err
		}
		t := time.Now()
		closed = true
		if err := db.Close(); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "checkpointed and synced to disk in %s\n", time.Since(t).Round(time.Millisecond))
		st.Took += time.Since(t)
		st.describe(env.Stdout, facts)
		return nil
	}
	mailer, err := newMailer(cfg, "demo")
	if err != nil {
		return err
	}
	// The demo's mails go to example.org addresses (RFC 2606: they cannot
	// be delivered); the sink keeps them so the demo can follow the links
	// in them as people would, and forwards anything else as serve would.
	sink := &demoSink{next: mailer.Transport}
	runner := jobs.NewRunner(db, jobs.Config{Workers: 1, Logger: log})
	svc.RegisterJobs(runner, service.Mailer{Transport: sink, Renderer: mailer.Renderer})
	d := &demo{ctx: ctx, svc: svc, clock: clock, runner: runner, sink: sink}
	if err := d.run(); err != nil {
		return err // with the step and the object that failed
	}
	d.summary(env)
	for _, w := range d.warnings {
		fmt.Fprintln(env.Stderr, "warning:", w)
	}
	return nil
}

// demoClock is the service's clock: real time, unless the demo acts at a
// moment of the past (a workshop three weeks ago, its check-ins, its
// report), so that everything carries the date it would have had.
type demoClock struct {
	mu sync.Mutex
	at time.Time // zero: real time
}

// Now returns the demo's current time.
func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	// Advance a little at each reading so that successive actions keep
	// their order.
	c.at = c.at.Add(10 * time.Millisecond)
	return c.at
}

func (c *demoClock) set(t time.Time) {
	c.mu.Lock()
	c.at = t
	c.mu.Unlock()
}

// demoDomain is the domain of every demo address.
const demoDomain = "example.org"

// demoSink is the mail transport of the demo's job runner.
type demoSink struct {
	next mail.Transport
	mu   sync.Mutex
	kept []*mail.Message
}

// Send keeps mail to demo addresses and forwards the rest.
func (s *demoSink) Send(ctx context.Context, from mail.Address, m *mail.Message) error {
	if !strings.HasSuffix(strings.ToLower(m.To.Email), "@"+demoDomain) {
		return s.next.Send(ctx, from, m)
	}
	s.mu.Lock()
	s.kept = append(s.kept, m)
	s.mu.Unlock()
	return nil
}

// take returns the mails kept since the last call.
func (s *demoSink) take() []*mail.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.kept
	s.kept = nil
	return out
}

// linkToken finds the token of a link to path in a mail.
func linkToken(m *mail.Message, path string) string {
	re := regexp.MustCompile(regexp.QuoteMeta(path) + `\?token=([A-Za-z0-9_-]+)`)
	if x := re.FindStringSubmatch(m.Text + m.HTML); x != nil {
		return x[1]
	}
	return ""
}

// demoPerson is a demo account and the actor it acts as.
type demoPerson struct {
	Name, Email, Bio string
	Colour           uint32
	Admin            bool
	actor            cortege.Actor
}

// demo carries the state of one run.
type demo struct {
	ctx    context.Context
	svc    *service.Service
	clock  *demoClock
	runner *jobs.Runner
	sink   *demoSink

	loc        *time.Location
	start      time.Time // real time when the run began
	adminLink  string
	people     map[string]*demoPerson
	groups     map[string]*cortege.Group
	groupOrder []string
	events     []*cortege.Event
	petitions  []*cortege.Petition
	votes      []*cortege.Consultation
	// consultations are the consultations with linked answers.
	consultations []*cortege.Consultation
	mailsKept     int
	// cancelTokens holds the cancel link of each anonymous participant
	// (by address), read from their mails, to show their ticket.
	cancelTokens map[string]string
	n            struct{ posts, discussions, messages, tasks, resources, participants, checkins, photos, comments int }
	warnings     []string
}

// at makes the next actions happen at t (zero: now).
func (d *demo) at(t time.Time) { d.clock.set(t) }

// day returns the local time h:m on the day `offset` days from today in
// Paris.
func (d *demo) day(offset, h, m int) time.Time {
	y, mo, dd := d.start.In(d.loc).Date()
	return time.Date(y, mo, dd+offset, h, m, 0, 0, d.loc)
}

// weekday returns h:m on the first day of weekday wd at least minDays
// from today.
func (d *demo) weekday(wd time.Weekday, minDays, h, m int) time.Time {
	for i := minDays; ; i++ {
		if t := d.day(i, h, m); t.Weekday() == wd {
			return t
		}
	}
}

// thirdFriday returns 19:00 on the next third Friday of a month at least
// two days away.
func (d *demo) thirdFriday() time.Time {
	y, mo, _ := d.start.In(d.loc).Date()
	for i := 0; ; i++ {
		first := time.Date(y, mo+time.Month(i), 1, 19, 0, 0, 0, d.loc)
		fri := first.AddDate(0, 0, (int(time.Friday)-int(first.Weekday())+7)%7+14)
		if fri.After(d.start.Add(48 * time.Hour)) {
			return fri
		}
	}
}

// flush runs the queued jobs (mails) and returns the mails to demo
// addresses they produced.
func (d *demo) flush() ([]*mail.Message, error) {
	if err := d.runner.Drain(d.ctx); err != nil {
		return nil, err
	}
	ms := d.sink.take()
	d.mailsKept += len(ms)
	return ms, nil
}

func (d *demo) run() error {
	var err error
	if d.loc, err = cortege.LoadLocation(service.DefaultTZ); err != nil {
		return err
	}
	d.start = time.Now()
	d.people, d.groups, d.cancelTokens = map[string]*demoPerson{}, map[string]*cortege.Group{}, map[string]string{}
	steps := []struct {
		what string
		fn   func() error
	}{
		{"accounts", d.createPeople},
		{"groups", d.createGroups},
		{"group life", d.groupLife},
		{"events", d.createEvents},
		{"petitions", d.createPetitions},
		{"votes", d.createVotes},
		{"finishing", d.finish},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	return nil
}

// createPeople makes the demo accounts. The administrator is made like
// `admin create` makes one; everyone acts through a personal API token
// (as a script would), revoked at the end.
func (d *demo) createPeople() error {
	d.at(time.Time{})
	for _, key := range demoPeopleOrder {
		p := demoPeople[key]
		d.people[key] = &p
		if err := d.createPerson(&p); err != nil {
			return fmt.Errorf("%s: %w", p.Email, err)
		}
	}
	return nil
}

func (d *demo) createPerson(p *demoPerson) error {
	if p.Admin {
		link, err := d.svc.CreateAdmin(d.ctx, p.Email, p.Name)
		if err != nil {
			return err
		}
		d.adminLink = link
	}
	// The demo chooses each person's public name and handle, as everyone
	// does at their first sign-in.
	secret, err := d.svc.CreateTokenFor(d.ctx, p.Email, demoTokenLabel, service.IdentityInput{DisplayName: p.Name, Handle: cortege.LegacyHandleBase(p.Email)})
	if err != nil {
		return err
	}
	a, err := d.svc.TokenActor(d.ctx, secret, "demo")
	if err != nil {
		return err
	}
	if err := d.svc.SetLanguage(d.ctx, a, "fr"); err != nil {
		return err
	}
	if a, err = d.svc.TokenActor(d.ctx, secret, "demo"); err != nil {
		return err
	}
	prof, err := d.svc.UpdateProfile(d.ctx, a, a.Profile.ID, service.ProfileInput{DisplayName: p.Name, Bio: p.Bio})
	if err != nil {
		return err
	}
	if prof, err = d.svc.SetAvatar(d.ctx, a, prof.ID, avatar(p.Colour, 0x264653).png()); err != nil {
		return err
	}
	a.Profile = prof
	p.actor = a
	if p.Admin {
		return nil
	}
	// Demo people are fictitious: nothing to tell them by mail.
	for _, kind := range cortege.NotificationKinds {
		if err := d.svc.SetNotificationPref(d.ctx, a, kind, false); err != nil {
			return err
		}
	}
	return nil
}

// demoTokenLabel labels the API tokens the demo acts with.
const demoTokenLabel = "cortege demo"

// who returns the actor of a demo person.
func (d *demo) who(key string) cortege.Actor {
	p, ok := d.people[key]
	if !ok {
		panic("demo: unknown person " + key)
	}
	return p.actor
}

// pid returns the profile ID of a demo person.
func (d *demo) pid(key string) string { return d.who(key).Profile.ID }

// finish runs the last mails, revokes the demo's tokens and records that
// the demo was added.
func (d *demo) finish() error {
	d.at(time.Time{})
	if _, err := d.flush(); err != nil {
		return err
	}
	for _, key := range demoPeopleOrder {
		a := d.who(key)
		toks, err := d.svc.APITokens(d.ctx, a)
		if err != nil {
			return err
		}
		for _, t := range toks {
			if t.Label == demoTokenLabel {
				if err := d.svc.RevokeAPIToken(d.ctx, a, t.ID); err != nil {
					return err
				}
			}
		}
	}
	for _, key := range demoPeopleOrder {
		if d.people[key].Admin {
			return d.svc.MarkDemo(d.ctx, d.who(key))
		}
	}
	return nil
}

// summary prints what was made and how to sign in.
func (d *demo) summary(env Env) {
	w := env.Stdout
	var shown []*cortege.Event
	occurrences := 0
	for _, e := range d.events {
		if e.SeriesID != "" && e.Occurrence > 0 {
			occurrences++
			continue
		}
		shown = append(shown, e)
	}
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].Start.Before(shown[j].Start) })
	fmt.Fprintf(w, "Demo ready: %d accounts, %d groups, %d events, plus %d more date(s) of the monthly series.\n", len(d.people), len(d.groups), len(shown), occurrences)
	fmt.Fprintf(w, "  %d posts, %d discussions (%d messages), %d tasks, %d resources\n", d.n.posts, d.n.discussions, d.n.messages, d.n.tasks, d.n.resources)
	fmt.Fprintf(w, "  %d registrations, %d check-ins, %d photos, %d comments\n", d.n.participants, d.n.checkins, d.n.photos, d.n.comments)
	fmt.Fprintf(w, "  %d mails to the demo's @%s addresses were generated and discarded.\n\nGroups:\n", d.mailsKept, demoDomain)
	for _, k := range d.groupOrder {
		g := d.groups[k]
		fmt.Fprintf(w, "  %-32s %-10s %s\n", g.Name, g.Visibility, d.svc.URL("/@"+g.Handle))
	}
	fmt.Fprintln(w, "\nEvents (Europe/Paris time):")
	for _, e := range shown {
		var notes []string
		switch {
		case e.Cancelled():
			notes = append(notes, "cancelled")
		case e.Past(d.start):
			notes = append(notes, "past")
		case e.Status == cortege.EventTentative:
			notes = append(notes, "tentative")
		}
		if e.SeriesID != "" {
			notes = append(notes, "monthly")
		}
		if e.JoinMode == cortege.JoinApproval {
			notes = append(notes, "by approval")
		}
		if e.Online() && !e.Physical() {
			notes = append(notes, "online")
		}
		if e.Visibility != cortege.VisibilityPublic {
			notes = append(notes, e.Visibility)
		}
		note := ""
		if len(notes) > 0 {
			note = " (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(w, "  %s  %s%s\n               %s\n", e.LocalStart().Format("2006-01-02 15:04"), e.Title, note, d.svc.EventURL(e.ID))
	}
	fmt.Fprintln(w, "\nPetitions:")
	for _, p := range d.petitions {
		c, err := d.svc.PetitionCounts(d.ctx, cortege.Anonymous, p.ID)
		if err != nil {
			continue
		}
		fmt.Fprintf(w, "  %s (%d online, %d on paper)\n               %s\n", p.Title, c.Online, c.Paper, d.svc.URL("/petitions/"+p.ID))
	}
	d.voteSummary(w)
	d.consultationSummary(w)
	for _, key := range demoPeopleOrder {
		if p := d.people[key]; p.Admin {
			fmt.Fprintf(w, "\nSign in as the demo administrator, %s <%s>: open this link within %d minutes (it works once):\n  %s\n",
				p.Name, p.Email, int(cortege.LoginTokenTTL.Minutes()), d.adminLink)
			fmt.Fprintf(w, "For a new link later: cortege admin create --email %s\n", p.Email)
		}
	}
	fmt.Fprintf(w, "The other demo people (such as %s) sign in from /login like anyone; without --smtp-url their link is written under DATA/mail and in the server log.\n", demoPeople["fatima"].Email)
}
