package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Paths of the event pages and links the service puts in mails and feeds.
// The web layer serves them.
const (
	eventPathPrefix          = "/events/"
	manageEventPath          = "/events/manage"
	confirmParticipationPath = "/events/participation/confirm"
	cancelParticipationPath  = "/events/participation/cancel"
	unsubscribeEventPath     = "/events/participation/unsubscribe"
)

// Rate limits on events.
const (
	eventCreatePerAccount  = 30
	eventCreatePerIP       = 5
	eventCreatePerEmail    = 3
	eventCreateWindow      = 24 * time.Hour
	joinPerIP              = 30
	joinPerEmail           = 5
	joinWindow             = time.Hour
	commentPerProfile      = 30
	commentWindow          = time.Hour
	announcementsPerEvent  = 10
	announcementWindow     = 24 * time.Hour
	photoUploadMaxSide     = 2048
	instanceSettingAnon    = "events.anonymous_creation"
	instanceSettingLicence = "events.photo_licence"
	instanceSettingLinkKey = "events.link_key"
	instanceSettingTZ      = "events.default_tz"
)

// EventRef names an event for a use case: by ID, with the actor's rights,
// or by the private management link of an event created without an
// account (whose holder is its organiser).
type EventRef struct {
	ID          string
	ManageToken string
}

// ByID refers to an event by its ID.
func ByID(id string) EventRef { return EventRef{ID: id} }

// ByManageToken refers to an event by its management link's token.
func ByManageToken(token string) EventRef { return EventRef{ManageToken: token} }

// EventInput is what the event form holds. Zero values are the form's
// sensible defaults (public, free to join, confirmed, no capacity).
type EventInput struct {
	Title       string
	Description string
	Start, End  time.Time
	TZ          string // IANA zone; "" uses the instance's (Europe/Paris)

	PlaceArea  string
	Place      string
	HasCoords  bool
	Lat, Lon   float64
	OnlineURL  string
	PlaceTBA   bool
	OnlineTBA  bool
	HidePlace  bool
	HideOnline bool

	Category  string
	Tags      []string
	Picture   []byte // a new picture to re-encode; nil keeps the current one
	NoPicture bool   // remove the picture

	Status     string
	Publish    bool // published rather than a draft
	Visibility string
	JoinMode   string
	Capacity   int

	HideCount           bool
	ParticipantsVisible bool
	Conduct             string
	ConductRequired     bool
	CommentsClosed      bool

	// Questions replace the registration questions when not nil.
	Questions []*cortege.Question
	// GroupID makes a group an organiser at creation (the actor must
	// administer or moderate it).
	GroupID string
	// Repeat makes the event the first occurrence of a series.
	Repeat *RepeatInput
	// CreatorEmail is the address of someone creating an event without an
	// account: the confirmation and management link go there.
	CreatorEmail string
	Lang         string
}

// DefaultTZ is the zone of events when the form gives none.
const DefaultTZ = "Europe/Paris"

// EventSettings are the instance's settings about events.
type EventSettings struct {
	// AnonymousCreation lets people create events with an email address
	// only (on by default).
	AnonymousCreation bool
	// PhotoLicence is shown on participants' photos.
	PhotoLicence string
	// DefaultTZ is the zone new events get when the form gives none.
	DefaultTZ string
}

// EventSettings returns the instance's event settings; anyone may read them.
func (s *Service) EventSettings(ctx context.Context) (EventSettings, error) {
	q := s.db.Q()
	anon, err := q.Setting(ctx, instanceSettingAnon, "true")
	if err != nil {
		return EventSettings{}, err
	}
	lic, err := q.Setting(ctx, instanceSettingLicence, cortege.DefaultPhotoLicence)
	if err != nil {
		return EventSettings{}, err
	}
	tz, err := q.Setting(ctx, instanceSettingTZ, DefaultTZ)
	if err != nil {
		return EventSettings{}, err
	}
	return EventSettings{AnonymousCreation: anon != "false", PhotoLicence: lic, DefaultTZ: tz}, nil
}

// SetEventSettings saves the event settings; administrators only.
func (s *Service) SetEventSettings(ctx context.Context, a cortege.Actor, es EventSettings) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	es.PhotoLicence = strings.TrimSpace(es.PhotoLicence)
	if es.PhotoLicence == "" {
		es.PhotoLicence = cortege.DefaultPhotoLicence
	}
	if len(es.PhotoLicence) > 200 || strings.ContainsAny(es.PhotoLicence, "\r\n") {
		return cortege.Invalid("photo_licence", "err.too_long")
	}
	if es.DefaultTZ == "" {
		es.DefaultTZ = DefaultTZ
	}
	if _, err := time.LoadLocation(es.DefaultTZ); err != nil || es.DefaultTZ == "Local" {
		return cortege.Invalid("default_tz", "err.event.tz_invalid")
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		anon := "true"
		if !es.AnonymousCreation {
			anon = "false"
		}
		if err := q.PutSetting(ctx, instanceSettingAnon, anon); err != nil {
			return err
		}
		if err := q.PutSetting(ctx, instanceSettingTZ, es.DefaultTZ); err != nil {
			return err
		}
		return q.PutSetting(ctx, instanceSettingLicence, es.PhotoLicence)
	})
}

// linkToken derives the secret of an emailed link or ticket from the
// instance's link key: purpose and object ID in, 256 bits out. Nothing
// usable sits in the database or the job queue (only hashes), yet every
// mail can carry the same working link. The key lives in the data
// directory (Config.LinkKey), not in the database, so a copy of the
// database alone forges no link.
func (s *Service) linkToken(ctx context.Context, q *store.Q, purpose, id string) (string, error) {
	key := s.cfg.LinkKey
	if len(key) == 0 {
		// Only tests build a service without a key file.
		k, err := q.InitSetting(ctx, instanceSettingLinkKey, cortege.NewToken())
		if err != nil {
			return "", err
		}
		key = []byte(k)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + ":" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// checkLinkToken reports whether token is the one linkToken gives.
func (s *Service) checkLinkToken(ctx context.Context, q *store.Q, purpose, id, token string) bool {
	want, err := s.linkToken(ctx, q, purpose, id)
	return err == nil && hmac.Equal([]byte(want), []byte(token))
}

// eventURL returns the public URL of an event's page.
func (s *Service) eventURL(id string) string { return s.URL(eventPathPrefix + id) }

// EventURL returns the public URL of an event's page.
func (s *Service) EventURL(id string) string { return s.eventURL(id) }

// viewer works out what the rules need to know about a for event e.
func (s *Service) viewer(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event, manage bool) (cortege.EventViewer, *store.Participant, error) {
	v := cortege.EventViewer{SignedIn: a.SignedIn(), Admin: a.IsAdmin(), Organiser: manage}
	if !a.SignedIn() || a.Profile == nil {
		return v, nil, nil
	}
	pid := a.Profile.ID
	if e.CreatedBy != "" && e.CreatedBy == pid {
		v.Organiser = true
	}
	if !v.Organiser {
		org, err := q.IsGroupOrganiserOfEvent(ctx, e.ID, pid)
		if err != nil {
			return v, nil, err
		}
		v.Organiser = org
	}
	member, err := q.IsGroupMemberOfEvent(ctx, e.ID, pid)
	if err != nil {
		return v, nil, err
	}
	v.GroupMember = member
	p, err := q.ParticipationOf(ctx, e.ID, pid)
	switch {
	case err == nil:
		v.Status = p.Status
	case cortege.IsNotFound(err):
		p = nil
	default:
		return v, nil, err
	}
	return v, p, nil
}

// loadEvent finds the event ref names and what the actor may do with it;
// an event the actor may not see is ENOTFOUND.
func (s *Service) loadEvent(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef) (*cortege.Event, cortege.EventViewer, *store.Participant, error) {
	var e *cortege.Event
	var err error
	manage := false
	if ref.ManageToken != "" {
		if !cortege.ValidTokenShape(ref.ManageToken) {
			return nil, cortege.EventViewer{}, nil, cortege.Errorf(cortege.ENOTFOUND, "err.event.not_found")
		}
		e, err = q.EventByManageToken(ctx, cortege.HashToken(ref.ManageToken))
		manage = true
	} else {
		e, err = q.EventByID(ctx, ref.ID)
	}
	if err != nil {
		return nil, cortege.EventViewer{}, nil, err
	}
	v, p, err := s.viewer(ctx, q, a, e, manage)
	if err != nil {
		return nil, v, nil, err
	}
	if !e.VisibleTo(v) {
		return nil, v, nil, cortege.Errorf(cortege.ENOTFOUND, "err.event.not_found")
	}
	return e, v, p, nil
}

// loadManaged is loadEvent for organisers' use cases: anyone else gets
// EFORBIDDEN.
func (s *Service) loadManaged(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef) (*cortege.Event, cortege.EventViewer, error) {
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, v, err
	}
	if !e.CanEditEvent(v) {
		return nil, v, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return e, v, nil
}

// applyInput copies the form onto e (everything but pictures, questions,
// organisers and the series).
func applyInput(e *cortege.Event, in EventInput) {
	e.Title, e.Description = in.Title, in.Description
	e.Start, e.End, e.TZ = in.Start.UTC(), in.End.UTC(), in.TZ
	if e.TZ == "" {
		e.TZ = DefaultTZ
	}
	if in.End.IsZero() {
		e.End = time.Time{}
	}
	e.PlaceArea, e.Place, e.HasCoords, e.Lat, e.Lon = in.PlaceArea, in.Place, in.HasCoords, in.Lat, in.Lon
	if !e.HasCoords {
		e.Lat, e.Lon = 0, 0
	}
	e.OnlineURL, e.PlaceTBA, e.OnlineTBA, e.HidePlace, e.HideOnline = in.OnlineURL, in.PlaceTBA, in.OnlineTBA, in.HidePlace, in.HideOnline
	e.Category, e.Tags = in.Category, in.Tags
	if in.Status != "" {
		e.Status = in.Status
	}
	e.Visibility, e.JoinMode, e.Capacity = in.Visibility, in.JoinMode, in.Capacity
	e.HideCount, e.ParticipantsVisible = in.HideCount, in.ParticipantsVisible
	e.Conduct, e.ConductRequired, e.CommentsClosed = in.Conduct, in.ConductRequired, in.CommentsClosed
}

func validateQuestions(qs []*cortege.Question, now time.Time) error {
	if len(qs) > cortege.MaxQuestions {
		return cortege.Invalid("questions", "err.question.too_many")
	}
	for _, x := range qs {
		if x.ID == "" {
			x.ID = cortege.NewID(now)
		}
		if err := x.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// CreateEvent creates an event organised by the actor's profile, or, for a
// visitor without an account, by an email address: the event then waits
// for confirmation from the mailed link, which is also its private
// management link.
func (s *Service) CreateEvent(ctx context.Context, a cortege.Actor, in EventInput) (*cortege.Event, error) {
	now := s.now()
	set, err := s.EventSettings(ctx)
	if err != nil {
		return nil, err
	}
	if in.TZ == "" {
		in.TZ = set.DefaultTZ
	}
	e := &cortege.Event{ID: cortege.NewID(now), Status: cortege.EventConfirmed, CreatedAt: now, UpdatedAt: now, Confirmed: true, Lang: in.Lang}
	if e.Lang == "" || !cortege.ValidLang(e.Lang) {
		e.Lang = cortege.DefaultLang
	}
	applyInput(e, in)
	e.Published = in.Publish
	if e.Status == cortege.EventCancelled {
		return nil, cortege.Invalid("status", "err.event.status_invalid")
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := validateQuestions(in.Questions, now); err != nil {
		return nil, err
	}
	anonymous := !a.SignedIn() || a.Profile == nil
	var creatorEmail string
	if anonymous {
		if !set.AnonymousCreation {
			return nil, cortege.Errorf(cortege.EUNAUTH, "err.event.signin_required")
		}
		creatorEmail, err = cortege.NormalizeEmail(in.CreatorEmail)
		if err != nil {
			return nil, err
		}
		// Groups and series need an organiser with an account.
		if in.GroupID != "" || in.Repeat != nil {
			return nil, cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
		}
		if err := s.limit(ctx, "event:create:ip:"+a.IP, eventCreatePerIP, eventCreateWindow); err != nil {
			return nil, err
		}
		if err := s.limit(ctx, "event:create:email:"+strings.ToLower(creatorEmail), eventCreatePerEmail, eventCreateWindow); err != nil {
			return nil, err
		}
		e.Confirmed = false
		e.AnonEmailHash = cortege.HashToken(strings.ToLower(creatorEmail))
	} else {
		if err := s.limit(ctx, "event:create:"+a.Account.ID, eventCreatePerAccount, eventCreateWindow); err != nil {
			return nil, err
		}
		e.CreatedBy = a.Profile.ID
		e.Lang = a.Account.Lang
	}
	if in.Picture != nil {
		name, err := s.saveImage(in.Picture, "picture", photoUploadMaxSide)
		if err != nil {
			return nil, err
		}
		e.Picture = name
	}
	err = s.inTx(ctx, func(q *store.Q) error {
		if in.GroupID != "" {
			if err := s.requireGroupOrganiser(ctx, q, a, in.GroupID); err != nil {
				return err
			}
		}
		manageHash := ""
		if anonymous {
			tok, err := s.linkToken(ctx, q, "manage", e.ID)
			if err != nil {
				return err
			}
			manageHash = cortege.HashToken(tok)
		}
		if in.Repeat != nil {
			if err := s.startSeries(ctx, q, e, in.Repeat); err != nil {
				return err
			}
		}
		if err := q.CreateEvent(ctx, e, manageHash); err != nil {
			return err
		}
		if in.Questions != nil {
			if err := q.ReplaceQuestions(ctx, e.ID, in.Questions); err != nil {
				return err
			}
		}
		if in.GroupID != "" {
			if err := q.AddEventOrganizer(ctx, &cortege.EventOrganiser{EventID: e.ID, GroupID: in.GroupID, Status: cortege.OrganiserAccepted, InvitedBy: e.CreatedBy, CreatedAt: now}); err != nil {
				return err
			}
		}
		if in.Repeat != nil {
			if err := s.generateOccurrences(ctx, q, e.SeriesID, now); err != nil {
				return err
			}
		}
		if anonymous {
			return s.enqueueEventMail(ctx, q, eventMail{Kind: mail.EventMailCreationConfirm, EventID: e.ID, To: creatorEmail, Lang: e.Lang}, "event:created:"+e.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// requireGroupOrganiser checks that the actor administers or moderates a
// group, so may make it organise events.
func (s *Service) requireGroupOrganiser(ctx context.Context, q *store.Q, a cortege.Actor, groupID string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if a.Profile == nil {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	g, err := q.GroupByID(ctx, groupID)
	if err != nil {
		return err
	}
	role, err := q.MembershipRole(ctx, groupID, a.Profile.ID)
	if cortege.IsNotFound(err) {
		role = cortege.RoleNone
	} else if err != nil {
		return err
	}
	if !g.Can(role, cortege.ActPublishEvent) {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return nil
}

// CheckManageLink returns the event a management link is for, without
// changing anything (the GET of an emailed link; mail scanners follow
// links).
func (s *Service) CheckManageLink(ctx context.Context, token string) (*cortege.Event, error) {
	e, _, _, err := s.loadEvent(ctx, s.db.Q(), cortege.Anonymous, ByManageToken(token))
	return e, err
}

// ConfirmEventCreation confirms an event created without an account, from
// the mailed link (a POST): it becomes visible as its creator chose
// (published or draft).
func (s *Service) ConfirmEventCreation(ctx context.Context, token string) (*cortege.Event, error) {
	var e *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		e, _, _, err = s.loadEvent(ctx, q, cortege.Anonymous, ByManageToken(token))
		if err != nil {
			return err
		}
		if e.Confirmed {
			return nil
		}
		e.Confirmed, e.UpdatedAt = true, s.now()
		return q.UpdateEvent(ctx, e)
	})
	return e, err
}

// ClaimEvent attaches an event created without an account to the actor's
// profile: the holder of the management link becomes its organiser with
// an account, and the link stops working.
func (s *Service) ClaimEvent(ctx context.Context, a cortege.Actor, token string) (*cortege.Event, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	if a.Profile == nil {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	var e *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		if e, _, _, err = s.loadEvent(ctx, q, a, ByManageToken(token)); err != nil {
			return err
		}
		if err := q.ClaimEvent(ctx, e.ID, a.Profile.ID); err != nil {
			return err
		}
		e.CreatedBy, e.AnonEmailHash, e.Confirmed = a.Profile.ID, "", true
		return nil
	})
	return e, err
}

// EventScope says which occurrences of a series an edit or a cancellation
// touches.
type EventScope int

// Scopes of an edit.
const (
	ScopeThis      EventScope = iota // this occurrence only (or a single event)
	ScopeFollowing                   // this occurrence and all following ones
)

// UpdateEvent saves the organisers' edit. Changes of date, time or place
// (a "to be announced" place or link filled in included) are recorded,
// raise the calendar SEQUENCE and are told to participants.
func (s *Service) UpdateEvent(ctx context.Context, a cortege.Actor, ref EventRef, in EventInput, scope EventScope) (*cortege.Event, error) {
	now := s.now()
	var picture string
	if in.Picture != nil {
		name, err := s.saveImage(in.Picture, "picture", photoUploadMaxSide)
		if err != nil {
			return nil, err
		}
		picture = name
	}
	if err := validateQuestions(in.Questions, now); err != nil {
		return nil, err
	}
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, v, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if err := q.LockEvent(ctx, e.ID); err != nil {
			return err
		}
		before := *e
		status := e.Status
		applyInput(e, in)
		if in.Status == cortege.EventCancelled && status != cortege.EventCancelled {
			return cortege.Invalid("status", "err.event.cancel_with_cancel")
		}
		if status == cortege.EventCancelled {
			e.Status = cortege.EventCancelled
		}
		e.Published = in.Publish
		switch {
		case picture != "":
			e.Picture = picture
		case in.NoPicture:
			e.Picture = ""
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if in.Questions != nil {
			if err := q.ReplaceQuestions(ctx, e.ID, in.Questions); err != nil {
				return err
			}
		}
		if err := s.saveEdit(ctx, q, v, a, &before, e, now); err != nil {
			return err
		}
		if scope == ScopeFollowing && e.SeriesID != "" {
			if err := s.editFollowing(ctx, q, v, a, &before, e, now); err != nil {
				return err
			}
		}
		// More seats may let the waiting list move up.
		if e.Capacity != before.Capacity || e.JoinMode != before.JoinMode {
			if err := s.promote(ctx, q, e); err != nil {
				return err
			}
		}
		out = e
		return nil
	})
	return out, err
}

// saveEdit stores e edited from before, recording the changes and telling
// participants about them.
func (s *Service) saveEdit(ctx context.Context, q *store.Q, v cortege.EventViewer, a cortege.Actor, before, e *cortege.Event, now time.Time) error {
	changes := cortege.Changes(before, e)
	if cortege.Significant(changes) || e.Title != before.Title || e.Description != before.Description {
		e.Sequence++
	}
	e.UpdatedAt = now
	if err := q.UpdateEvent(ctx, e); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	by := ""
	if a.Profile != nil {
		by = a.Profile.ID
	}
	for i := range changes {
		c := &changes[i]
		c.ID, c.ByProfile, c.At = cortege.NewID(now), by, now
		if err := q.AddEventChange(ctx, c); err != nil {
			return err
		}
	}
	if !e.Published || !e.Confirmed {
		return nil
	}
	return s.notifyParticipants(ctx, q, e, mail.EventMailChanged, eventMail{ChangeSeq: e.Sequence, Changes: changes}, func(p *store.Participant) bool {
		return p.Status == cortege.PartApproved || p.Status == cortege.PartPending || p.Status == cortege.PartWaitlisted
	})
}

// SetPublished publishes a draft or takes an event back to draft.
func (s *Service) SetPublished(ctx context.Context, a cortege.Actor, ref EventRef, published bool) (*cortege.Event, error) {
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.Published, e.UpdatedAt = published, s.now()
		out = e
		return q.UpdateEvent(ctx, e)
	})
	return out, err
}

// CancelEvent calls an event off. It stays visible, marked cancelled with
// its history, and every participant is told (even those who turned off
// updates). With ScopeFollowing, the following occurrences of its series
// are cancelled too and no more are generated.
func (s *Service) CancelEvent(ctx context.Context, a cortege.Actor, ref EventRef, scope EventScope) (*cortege.Event, error) {
	now := s.now()
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		targets := []*cortege.Event{e}
		if scope == ScopeFollowing && e.SeriesID != "" {
			more, err := q.EventsInSeries(ctx, e.SeriesID, e.Occurrence+1)
			if err != nil {
				return err
			}
			targets = append(targets, more...)
			ser, err := q.SeriesByID(ctx, e.SeriesID)
			if err != nil {
				return err
			}
			ser.Until = e.Start.Add(-time.Second)
			if err := q.UpdateSeries(ctx, ser); err != nil {
				return err
			}
		}
		for _, t := range targets {
			if t.Cancelled() {
				continue
			}
			if err := s.cancelOne(ctx, q, a, t, now); err != nil {
				return err
			}
		}
		out = e
		return nil
	})
	return out, err
}

func (s *Service) cancelOne(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event, now time.Time) error {
	before := *e
	e.Status, e.CancelledAt, e.UpdatedAt = cortege.EventCancelled, now, now
	e.Sequence++
	if err := q.UpdateEvent(ctx, e); err != nil {
		return err
	}
	by := ""
	if a.Profile != nil {
		by = a.Profile.ID
	}
	if err := q.AddEventChange(ctx, &cortege.EventChange{ID: cortege.NewID(now), EventID: e.ID, Field: cortege.ChangeStatus, From: before.Status, To: e.Status, ByProfile: by, At: now}); err != nil {
		return err
	}
	if !e.Published || !e.Confirmed {
		return nil
	}
	return s.notifyParticipants(ctx, q, e, mail.EventMailCancelled, eventMail{ChangeSeq: e.Sequence}, func(p *store.Participant) bool {
		return p.Status == cortege.PartApproved || p.Status == cortege.PartPending || p.Status == cortege.PartWaitlisted
	})
}

// PublishReport publishes (or updates) the after-event report.
func (s *Service) PublishReport(ctx context.Context, a cortege.Actor, ref EventRef, report string) (*cortege.Event, error) {
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.Report = strings.TrimSpace(report)
		if err := e.Validate(); err != nil {
			return err
		}
		now := s.now()
		if e.ReportAt.IsZero() {
			e.ReportAt = now
		}
		if e.Report == "" {
			e.ReportAt = time.Time{}
		}
		e.UpdatedAt = now
		out = e
		return q.UpdateEvent(ctx, e)
	})
	return out, err
}

// SetCommentsClosed closes or reopens the comments of an event.
func (s *Service) SetCommentsClosed(ctx context.Context, a cortege.Actor, ref EventRef, closed bool) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.CommentsClosed, e.UpdatedAt = closed, s.now()
		return q.UpdateEvent(ctx, e)
	})
}
