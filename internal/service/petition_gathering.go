package service

import (
	"context"
	"sort"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Limits of a petition's gatherings list.
const (
	// DefaultGatherings is how many gatherings a list shows unless told.
	DefaultGatherings = 10
	// MaxGatherings caps one list.
	MaxGatherings = 50
	// gatheringsScanned is how many upcoming linked events are read to
	// sort them by distance: far more than any petition links.
	gatheringsScanned = 1000
)

// LinkEvent links an event to a petition, so that it is listed among the
// petition's gatherings and its page names the petition. The event's
// organisers (ref may be its management link) and the petition's may
// link; the actor must see both. A private event cannot be linked (the
// petition's page is public). Linking twice is not an error.
func (s *Service) LinkEvent(ctx context.Context, a cortege.Actor, ref EventRef, petitionID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, p, err := s.linkRights(ctx, q, a, ref, petitionID)
		if err != nil {
			return err
		}
		if e.Visibility == cortege.VisibilityPrivate {
			return cortege.Invalid("event", "err.petition_link.event.private")
		}
		l := &cortege.PetitionLink{PetitionID: p.ID, EventID: e.ID, CreatedAt: s.now()}
		if a.SignedIn() && a.Profile != nil {
			l.LinkedBy = a.Profile.ID
		}
		if err := l.Validate(); err != nil {
			return err
		}
		return q.CreatePetitionLink(ctx, l)
	})
}

// UnlinkEvent undoes a link; the same people may as for LinkEvent.
func (s *Service) UnlinkEvent(ctx context.Context, a cortege.Actor, ref EventRef, petitionID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, p, err := s.linkRights(ctx, q, a, ref, petitionID)
		if err != nil {
			return err
		}
		if err := q.DeletePetitionLink(ctx, p.ID, e.ID); cortege.IsNotFound(err) {
			return cortege.Errorf(cortege.ENOTFOUND, "err.petition_link.not_linked")
		} else if err != nil {
			return err
		}
		return nil
	})
}

// linkRights loads the event and the petition of a link and checks the
// actor organises one of them: the event (as its creator, an
// administrator of a co-organising group or the holder of its management
// link) or the petition (its creator or an administrator of a co-signing
// group). Either is enough; neither is EFORBIDDEN.
func (s *Service) linkRights(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef, petitionID string) (*cortege.Event, *cortege.Petition, error) {
	if !cortege.ValidIDShape(petitionID) {
		return nil, nil, cortege.Invalid("petition", "err.petition_link.petition.invalid")
	}
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, nil, err
	}
	p, petitionOrganiser, err := s.loadPetition(ctx, q, a, petitionID)
	if cortege.IsNotFound(err) {
		return nil, nil, cortege.Invalid("petition", "err.petition_link.petition.not_found")
	} else if err != nil {
		return nil, nil, err
	}
	if !e.CanEditEvent(v) && !petitionOrganiser {
		return nil, nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return e, p, nil
}

// Gathering is one of a petition's upcoming linked events as the actor
// sees it (Event is redacted: a hidden place is not shown), with its
// distance from the postal code asked about when both are known.
type Gathering struct {
	Event       *cortege.Event
	HasDistance bool
	DistanceKM  float64
}

// Gatherings is a petition's list of gatherings. From is the commune of
// the postal code the list was sorted from (nil without one).
type Gatherings struct {
	From       *Place
	Gatherings []Gathering
}

// PetitionGatherings lists up to limit of a petition's upcoming linked
// events that anyone may see and join: nearest first from the commune of
// postcode (those without a known position after, by date), or by date
// when postcode is "". The distance of an event whose exact place is
// reserved to its participants is measured from its rounded position,
// as its page shows it.
func (s *Service) PetitionGatherings(ctx context.Context, a cortege.Actor, petitionID, postcode string, limit int) (*Gatherings, error) {
	if limit <= 0 {
		limit = DefaultGatherings
	}
	limit = min(limit, MaxGatherings)
	out := &Gatherings{}
	postcode = strings.TrimSpace(postcode)
	if postcode != "" {
		if !cortege.ValidPostalCode(postcode) {
			return nil, cortege.Invalid("postcode", "err.petition_link.postcode.invalid")
		}
		cs := s.gazetteer().ByPostal(postcode)
		if len(cs) == 0 {
			return nil, cortege.Invalid("postcode", "err.petition_link.postcode.unknown")
		}
		pl := s.placeOf(cs[0], postcode)
		out.From = &pl
	}
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, petitionID); err != nil {
		return nil, err
	}
	evs, err := q.PetitionLinkedEvents(ctx, petitionID, s.now(), gatheringsScanned)
	if err != nil {
		return nil, err
	}
	vs, err := s.viewers(ctx, q, a, evs)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		g := Gathering{Event: e.Redacted(vs[e.ID])}
		if out.From != nil && out.From.HasCentre && g.Event.HasCoords {
			g.HasDistance = true
			g.DistanceKM = cortege.Distance(out.From.Lat, out.From.Lon, g.Event.Lat, g.Event.Lon)
		}
		out.Gatherings = append(out.Gatherings, g)
	}
	// The store gives them by date: a stable sort by distance keeps the
	// date order among equals and among those without a distance.
	sort.SliceStable(out.Gatherings, func(i, j int) bool {
		x, y := out.Gatherings[i], out.Gatherings[j]
		if x.HasDistance != y.HasDistance {
			return x.HasDistance
		}
		return x.HasDistance && x.DistanceKM < y.DistanceKM
	})
	if len(out.Gatherings) > limit {
		out.Gatherings = out.Gatherings[:limit]
	}
	return out, nil
}

// EventPetitions lists the petitions (not drafts) an event the actor may
// see is linked to: what its page mentions.
func (s *Service) EventPetitions(ctx context.Context, a cortege.Actor, ref EventRef) ([]*cortege.Petition, error) {
	q := s.db.Q()
	e, _, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return q.EventPetitions(ctx, e.ID)
}

// Signer is what a signer's link token opens about its signature: whose
// it is and on which petition, without the address.
type Signer struct {
	PetitionID  string
	SignatureID string
	FirstName   string
	Postal      string
	Counted     bool
}

// SignerByToken returns the signature of a signer's link token (the one
// of the withdrawal link, given on confirmation): what the gatherings
// page needs to offer one-click joins.
func (s *Service) SignerByToken(ctx context.Context, token string) (*Signer, error) {
	g, err := s.signatureByWithdrawToken(ctx, s.db.Q(), token)
	if err != nil {
		return nil, cortege.Invalid("token", "err.petition_link.signer.invalid")
	}
	return &Signer{PetitionID: g.PetitionID, SignatureID: g.ID, FirstName: g.FirstName, Postal: g.Postal, Counted: g.Counts()}, nil
}

// JoinGatheringAsSigner registers the holder of a signer's link token for
// one of the petition's gatherings, with the name and address of the
// signature: through the normal registration (limits, capacity, approval,
// waiting list, code of conduct, required questions), except that the
// address needs no confirmation link: the signature's confirmation (or
// the signer's sign-in) proved it. The signature must count; the event
// must be linked to its petition. Joining again returns the registration
// as it stands (idempotent). a gives the IP the limits count.
func (s *Service) JoinGatheringAsSigner(ctx context.Context, a cortege.Actor, signerToken, eventID string, acceptConduct bool) (*cortege.Participation, error) {
	q := s.db.Q()
	g, err := s.signatureByWithdrawToken(ctx, q, signerToken)
	if err != nil {
		return nil, cortege.Invalid("token", "err.petition_link.signer.invalid")
	}
	switch g.Status {
	case cortege.SignatureConfirmed:
	case cortege.SignatureUnconfirmed:
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.petition_link.join.unconfirmed")
	default:
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.petition_link.join.withdrawn")
	}
	if g.Email == "" {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.petition_link.join.no_email")
	}
	if !cortege.ValidIDShape(eventID) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.petition_link.not_linked")
	}
	linked, err := q.PetitionLinked(ctx, g.PetitionID, eventID)
	if err != nil {
		return nil, err
	}
	if !linked {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.petition_link.not_linked")
	}
	if g.ProfileID != "" {
		// A signer with an account may have registered as themselves
		// already: that registration is the answer.
		if mine, err := q.ParticipationOf(ctx, eventID, g.ProfileID); err == nil && (mine.Active() || mine.Status == cortege.PartRefused) {
			return mine.Participation, nil
		} else if err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	name := strings.TrimSpace(g.FirstName + " " + g.LastName)
	return s.JoinEvent(ctx, cortege.Actor{IP: a.IP}, ByID(eventID),
		JoinInput{Name: name, Email: g.Email, Lang: g.Lang, AcceptConduct: acceptConduct, proven: true})
}
