package store

import (
	"context"
	"encoding/json"

	"codeberg.org/cortege/cortege"
)

// GroupsByIDs returns the groups of ids that exist, by ID, in one
// statement: the groups of a page's rows (tasks, invitations) without a
// look-up per row.
func (q *Q) GroupsByIDs(ctx context.Context, ids []string) (map[string]*cortege.Group, error) {
	out := map[string]*cortege.Group{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	gs, err := q.groups(ctx, "GroupsByIDs", string(list))
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		out[g.ID] = g
	}
	return out, nil
}
