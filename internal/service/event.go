package service

import (
	"context"
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
	coOrganisePath           = "/events/invitations"
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
	// ManageSession is the secret of the management session a visitor
	// got by opening the event's management link (see ByManageSession).
	ManageSession string
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

	PlaceArea string
	Place     string
	// PlaceChoice is the INSEE code of the commune picked when the place
	// typed fits several (a postal code shared by several communes).
	PlaceChoice string
	HasCoords   bool
	Lat, Lon    float64
	OnlineURL   string
	PlaceTBA    bool
	OnlineTBA   bool
	HidePlace   bool
	HideOnline  bool

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
	switch {
	case ref.ManageToken != "":
		if !cortege.ValidTokenShape(ref.ManageToken) {
			return nil, cortege.EventViewer{}, nil, cortege.Errorf(cortege.ENOTFOUND, "err.event.not_found")
		}
		e, err = q.EventByManageToken(ctx, cortege.HashToken(ref.ManageToken))
		manage = true
	case ref.ManageSession != "":
		if e, err = s.manageSessionEvent(ctx, q, ref); err == nil {
			manage = true
		} else if cortege.IsNotFound(err) {
			e, err = q.EventByID(ctx, ref.ID)
		}
	default:
		e, err = q.EventByID(ctx, ref.ID)
	}
	if err == nil {
		err = loadCancelReason(ctx, q, e)
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
	if err := s.locateEvent(ctx, &in, nil); err != nil {
		return nil, err
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
		if err := cortege.RequireIdentity(a); err != nil {
			return nil, err
		}
		if err := s.limit(ctx, "event:create:"+a.Account.ID, eventCreatePerAccount, eventCreateWindow); err != nil {
			return nil, err
		}
		e.CreatedBy = a.Profile.ID
		e.Lang = a.Account.Lang
	}
	if in.Picture != nil {
		name, err := s.saveImage(ctx, a, in.Picture, "picture", photoUploadMaxSide, VariantCard)
		if err != nil {
			return nil, err
		}
		e.Picture = name
	}
	err = s.inTx(ctx, func(q *store.Q) error {
		var groups []*cortege.Group
		if in.GroupID != "" {
			if err := s.requireGroupOrganiser(ctx, q, a, in.GroupID); err != nil {
				return err
			}
			g, err := q.GroupByID(ctx, in.GroupID)
			if err != nil {
				return err
			}
			groups = append(groups, g)
		}
		if c, err := conductOf(ctx, q, e, groups); err != nil {
			return err
		} else if err := checkConductRequired(c, e); err != nil {
			return err
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

// ManageLinkEvent returns the event a management link (ByManageToken) or
// the session it was exchanged for (ByManageSession) gives access to;
// anything else, a stale session included, is the expired-link error.
func (s *Service) ManageLinkEvent(ctx context.Context, ref EventRef) (*cortege.Event, error) {
	return s.linkEvent(ctx, s.db.Q(), cortege.Anonymous, ref)
}

func (s *Service) linkEvent(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef) (*cortege.Event, error) {
	switch {
	case ref.ManageSession != "":
		e, err := s.manageSessionEvent(ctx, q, ref)
		if cortege.IsNotFound(err) {
			return nil, cortege.Invalid("token", "err.token.invalid")
		}
		if err == nil {
			err = loadCancelReason(ctx, q, e)
		}
		return e, err
	case ref.ManageToken != "":
		e, _, _, err := s.loadEvent(ctx, q, a, EventRef{ManageToken: ref.ManageToken})
		return e, err
	}
	return nil, cortege.Invalid("token", "err.token.invalid")
}

// ConfirmEventCreation confirms an event created without an account, from
// its management link or session (a POST): it becomes visible as its
// creator chose (published or draft).
func (s *Service) ConfirmEventCreation(ctx context.Context, ref EventRef) (*cortege.Event, error) {
	var e *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		e, err = s.linkEvent(ctx, q, cortege.Anonymous, ref)
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
// profile: the holder of the management link (or of the session it was
// exchanged for) becomes its organiser with an account, and the link and
// its sessions stop working.
func (s *Service) ClaimEvent(ctx context.Context, a cortege.Actor, ref EventRef) (*cortege.Event, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	if a.Profile == nil {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	var e *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		if e, err = s.linkEvent(ctx, q, a, ref); err != nil {
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
