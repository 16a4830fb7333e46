package service

import (
	"context"
	"regexp"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Limits of interpellation counting, per visitor (a keyed hash of their
// address, as for signatures): a person writes to each target of a
// petition once or twice, and to a few dozen targets at most.
const (
	interpellationsPerTarget = 5  // per address, petition and target, an hour
	interpellationsPerIP     = 60 // per address, an hour
	interpellationWindow     = time.Hour
	// maxTargetsAt caps the targets one place shows.
	maxTargetsAt = 200
)

// postalRE is the shape of a French postal code.
var postalRE = regexp.MustCompile(`^\d{5}$`)

// TargetImport says what an import did. A file with any error imports
// nothing, so the operator fixes the lines and runs it again.
type TargetImport struct {
	Created int
	Updated int
	Errors  []TargetRowError
}

// ImportTargets loads targets for an administrator (see LoadTargets).
func (s *Service) ImportTargets(ctx context.Context, a cortege.Actor, rows []TargetRow) (*TargetImport, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	return s.importTargets(ctx, rows)
}

// LoadTargets loads targets for the operator at the command line
// (cortege targets import), who needs no actor. Each row's id creates a
// target or updates the one imported before under it (its area is
// replaced); targets absent from the file are kept.
func (s *Service) LoadTargets(ctx context.Context, rows []TargetRow) (*TargetImport, error) {
	return s.importTargets(ctx, rows)
}

func (s *Service) importTargets(ctx context.Context, rows []TargetRow) (*TargetImport, error) {
	res := &TargetImport{}
	places := s.targetPlaces()
	seen := map[string]bool{}
	ts := make([]*cortege.Target, 0, len(rows))
	for _, r := range rows {
		t := r.Target
		if err := s.checkTarget(&t, places); err != nil {
			e := cortege.ErrorOf(err)
			if e == nil {
				return nil, err
			}
			res.Errors = append(res.Errors, TargetRowError{Line: r.Line, Column: e.Field, Message: e.Message})
			continue
		}
		if _, dup := seen[t.Key]; dup {
			res.Errors = append(res.Errors, TargetRowError{Line: r.Line, Column: "id", Message: "err.target.id.twice"})
			continue
		}
		seen[t.Key] = true
		ts = append(ts, &t)
	}
	if len(res.Errors) > 0 {
		return res, nil
	}
	now := s.now()
	err := s.inTx(ctx, func(q *store.Q) error {
		res.Created, res.Updated = 0, 0
		for _, t := range ts {
			old, err := q.TargetByKey(ctx, t.Key)
			switch {
			case err == nil:
				t.ID, t.CreatedAt, t.UpdatedAt = old.ID, old.CreatedAt, now
				if err := q.UpdateTarget(ctx, t); err != nil {
					return err
				}
				res.Updated++
			case cortege.IsNotFound(err):
				t.ID, t.CreatedAt, t.UpdatedAt = cortege.NewID(now), now, now
				if err := q.CreateTarget(ctx, t); err != nil {
					return err
				}
				res.Created++
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// knownPlaces are the gazetteer's département codes, read once per
// import.
type knownPlaces struct {
	departements map[string]bool
}

func (s *Service) targetPlaces() knownPlaces {
	k := knownPlaces{departements: map[string]bool{}}
	for _, c := range s.gazetteer().Communes() {
		k.departements[c.Dep] = true
	}
	return k
}

// checkTarget validates t and its area's places against the gazetteer.
func (s *Service) checkTarget(t *cortege.Target, k knownPlaces) error {
	if err := t.Validate(); err != nil {
		return err
	}
	g := s.gazetteer()
	for _, c := range t.Area.Communes {
		// A commune of today or an arrondissement: a former commune is
		// no place a signer is found in.
		if _, ok := g.ByINSEE(c); !ok {
			return cortege.Invalid("communes", "err.target.communes.unknown")
		}
	}
	for _, d := range t.Area.Departements {
		if !k.departements[d] {
			return cortege.Invalid("departements", "err.target.departements.unknown")
		}
	}
	return nil
}

// TargetsAtPlace is what TargetsFor found for a place.
type TargetsAtPlace struct {
	// Place is the commune the targets answer for; zero when the postal
	// code serves several communes and none was picked (Choices).
	Place Place
	// Choices are the communes of a postal code serving several, when
	// none was picked.
	Choices []Place
	// Targets answer for Place, the most local first: the commune's,
	// then a circonscription's, the département's, the country's.
	Targets []*cortege.Target
}

// TargetsFor returns the targets answering for a place: a postal code,
// with commune (an INSEE code among the postal code's communes) when it
// serves several, or a commune alone. Targets are public: no actor.
func (s *Service) TargetsFor(ctx context.Context, postal, commune string) (*TargetsAtPlace, error) {
	postal, commune = strings.TrimSpace(postal), strings.ToUpper(strings.TrimSpace(commune))
	g := s.gazetteer()
	out := &TargetsAtPlace{}
	var picked Place
	switch {
	case postal != "":
		if !postalRE.MatchString(postal) {
			return nil, cortege.Invalid("postcode", "err.target.postcode.invalid")
		}
		cs := g.ByPostal(postal)
		if len(cs) == 0 {
			return nil, cortege.Invalid("postcode", "err.target.postcode.unknown")
		}
		for _, c := range cs {
			if commune == "" && len(cs) > 1 {
				out.Choices = append(out.Choices, s.placeOf(c, postal))
			} else if commune == "" || c.INSEE == commune {
				picked = s.placeOf(c, postal)
				break
			}
		}
		if out.Choices != nil {
			return out, nil
		}
		if picked.INSEE == "" {
			return nil, cortege.Invalid("commune", "err.target.commune.invalid")
		}
	case commune != "":
		c, ok := g.ByINSEE(commune)
		if !ok {
			return nil, cortege.Invalid("commune", "err.target.commune.invalid")
		}
		picked = s.placeOf(c, "")
	default:
		return nil, cortege.Invalid("postcode", "err.target.postcode.required")
	}
	city := ""
	if c, ok := g.ByINSEE(picked.INSEE); ok {
		city = c.Parent // an arrondissement's city, a former commune's commune
	}
	ts, err := s.db.Q().TargetsAt(ctx, picked.INSEE, city, picked.DepCode, maxTargetsAt)
	if err != nil {
		return nil, err
	}
	out.Place, out.Targets = picked, ts
	return out, nil
}

// Target returns one target with its area's places; public data.
func (s *Service) Target(ctx context.Context, id string) (*cortege.Target, error) {
	q := s.db.Q()
	t, err := q.TargetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return t, q.TargetPlaces(ctx, t)
}

// CountInterpellation counts that someone wrote to a target about a
// petition (the "I sent it" button) and returns the new count. Only the
// number is kept: not the text, not who. The petition must be one the
// actor may see and no longer a draft; counts are rate-limited per
// address (a keyed hash, never the IP itself).
func (s *Service) CountInterpellation(ctx context.Context, a cortege.Actor, petitionID, targetID string) (int, error) {
	var n int
	err := s.inTx(ctx, func(q *store.Q) error {
		p, _, err := s.loadPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		if p.State == cortege.PetitionDraft {
			return cortege.Errorf(cortege.ECONFLICT, "err.target.interpellation.draft")
		}
		if _, err := q.TargetByID(ctx, targetID); err != nil {
			return err
		}
		ip := s.addrKey(a.IP)
		if err := s.limitIn(ctx, q, "interpellation:ip:"+ip, interpellationsPerIP, interpellationWindow); err != nil {
			return err
		}
		if err := s.limitIn(ctx, q, "interpellation:"+p.ID+":"+targetID+":"+ip, interpellationsPerTarget, interpellationWindow); err != nil {
			return err
		}
		n, err = q.AddInterpellation(ctx, p.ID, targetID, s.now())
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// InterpellationCounts returns how many times signers wrote to each
// target about a petition the actor may see, by target ID.
func (s *Service) InterpellationCounts(ctx context.Context, a cortege.Actor, petitionID string) (map[string]int, error) {
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, petitionID); err != nil {
		return nil, err
	}
	cs, err := q.InterpellationCounts(ctx, petitionID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(cs))
	for _, c := range cs {
		out[c.TargetID] = c.Count
	}
	return out, nil
}
