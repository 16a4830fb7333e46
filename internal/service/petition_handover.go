package service

import (
	"context"
	"slices"
	"strings"

	"codeberg.org/cortege/cortege"
)

// maxHandoverComments caps the comments the hand-over document prints.
const maxHandoverComments = 2000

// DepartementCount is one département's confirmed signatures.
type DepartementCount struct {
	Code  string
	Name  string // from the gazetteer; "" when unknown
	Count int
}

// PetitionHandover is what the hand-over document holds: the petition,
// its counts (online, paper, by département) and the public comments.
// No address and no name a signer did not choose to show.
type PetitionHandover struct {
	Petition     *cortege.Petition
	State        string
	Counts       cortege.SignatureCounts
	Departements []DepartementCount // most first
	Comments     []cortege.PublicSignature
	MoreComments bool // the document stops at maxHandoverComments
}

// PetitionHandover returns, to a petition's organisers, what its
// hand-over document prints.
func (s *Service) PetitionHandover(ctx context.Context, a cortege.Actor, petitionID string) (*PetitionHandover, error) {
	q := s.db.Q()
	p, err := s.organiserView(ctx, q, a, petitionID)
	if err != nil {
		return nil, err
	}
	h := &PetitionHandover{Petition: p, State: p.StateAt(s.now())}
	if h.Counts, err = q.PetitionCounts(ctx, p.ID); err != nil {
		return nil, err
	}
	h.Departements = s.departementCounts(h.Counts)
	after := ""
	for len(h.Comments) < maxHandoverComments {
		page, err := q.PublicCommentsOldestFirst(ctx, p.ID, after, exportPage)
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			if len(h.Comments) == maxHandoverComments {
				h.MoreComments = true
				break
			}
			h.Comments = append(h.Comments, cortege.PublicSignature{Name: strings.TrimSpace(c.Name), Comment: c.Comment, Departement: c.Departement})
			after = c.ID
		}
		if len(page) < exportPage {
			break
		}
	}
	return h, nil
}

// PetitionDepartements returns, to a petition's organisers, its counts by
// département with their names, most first.
func (s *Service) PetitionDepartements(ctx context.Context, a cortege.Actor, petitionID string) ([]DepartementCount, error) {
	q := s.db.Q()
	p, err := s.organiserView(ctx, q, a, petitionID)
	if err != nil {
		return nil, err
	}
	c, err := q.PetitionCounts(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return s.departementCounts(c), nil
}

// departementCounts lists the non-zero counts by département, named from
// the gazetteer, most first (then by code).
func (s *Service) departementCounts(c cortege.SignatureCounts) []DepartementCount {
	names := map[string]string{}
	for _, cm := range s.gazetteer().Communes() {
		if _, want := c.ByDepartement[cm.Dep]; want && names[cm.Dep] == "" {
			names[cm.Dep] = cm.DepName()
		}
	}
	out := make([]DepartementCount, 0, len(c.ByDepartement))
	for code, n := range c.ByDepartement {
		if n > 0 {
			out = append(out, DepartementCount{Code: code, Name: names[code], Count: n})
		}
	}
	slices.SortFunc(out, func(a, b DepartementCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}
