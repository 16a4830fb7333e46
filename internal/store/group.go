package store

import (
	"context"
	"database/sql"
	"strings"

	"codeberg.org/cortege/cortege"
)

// CreateGroup reserves the group's handle in the namespace shared with
// profiles and inserts g; searchText is its folded text for search.
func (q *Q) CreateGroup(ctx context.Context, g *cortege.Group, searchText string) error {
	return q.InTx(ctx, func(q *Q) error {
		if err := q.ReserveHandle(ctx, g.Handle, HandleGroup, g.ID); err != nil {
			return err
		}
		_, err := q.exec(ctx, "CreateGroup", g.ID, g.Handle, g.Name, g.Description, g.Avatar, g.Banner, g.Kind,
			strings.Join(g.Tags, ","), g.Address, g.HasCoords, g.Lat, g.Lon, g.Visibility, g.JoinMode,
			g.PublicMembers, g.Approved, g.Hidden, searchText, nullStr(g.CreatedBy), ms(g.CreatedAt), ms(g.UpdatedAt))
		return err
	})
}

// UpdateGroup saves g's editable fields (the handle never changes).
func (q *Q) UpdateGroup(ctx context.Context, g *cortege.Group, searchText string) error {
	_, err := q.exec(ctx, "UpdateGroup", g.Name, g.Description, g.Avatar, g.Banner, g.Kind, strings.Join(g.Tags, ","),
		g.Address, g.HasCoords, g.Lat, g.Lon, g.Visibility, g.JoinMode, g.PublicMembers, searchText, ms(g.UpdatedAt), g.ID)
	return err
}

// SetGroupApproved lists or unlists a group (instance approval).
func (q *Q) SetGroupApproved(ctx context.Context, id string, approved bool) error {
	return q.exec1(ctx, "SetGroupApproved", approved, id)
}

// SetGroupHidden hides or shows a group (instance moderation).
func (q *Q) SetGroupHidden(ctx context.Context, id string, hidden bool) error {
	return q.exec1(ctx, "SetGroupHidden", hidden, id)
}

// DeleteGroup deletes a group and everything in it. Its handle stays
// reserved so nobody can impersonate it later.
func (q *Q) DeleteGroup(ctx context.Context, id string) error {
	return q.exec1(ctx, "DeleteGroup", id)
}

// exec1 runs a statement that must change a row; none is ENOTFOUND.
func (q *Q) exec1(ctx context.Context, name string, args ...any) error {
	n, err := q.execN(ctx, name, args...)
	if err == nil && n == 0 {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return err
}

func scanGroup(s scanner, extra ...any) (*cortege.Group, error) {
	var g cortege.Group
	var tags string
	var created, updated int64
	dest := append([]any{&g.ID, &g.Handle, &g.Name, &g.Description, &g.Avatar, &g.Banner, &g.Kind, &tags, &g.Address,
		&g.HasCoords, &g.Lat, &g.Lon, &g.Visibility, &g.JoinMode, &g.PublicMembers, &g.Approved, &g.Hidden,
		&g.CreatedBy, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if tags != "" {
		g.Tags = strings.Split(tags, ",")
	}
	g.CreatedAt, g.UpdatedAt = fromMS(created), fromMS(updated)
	return &g, nil
}

func (q *Q) group(ctx context.Context, name string, arg any) (*cortege.Group, error) {
	g, err := scanGroup(q.stmt(ctx, name).QueryRowContext(ctx, arg))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	return g, wrap(name, err)
}

// GroupByID returns a group or ENOTFOUND.
func (q *Q) GroupByID(ctx context.Context, id string) (*cortege.Group, error) {
	return q.group(ctx, "GroupByID", id)
}

// GroupByHandle returns a group or ENOTFOUND.
func (q *Q) GroupByHandle(ctx context.Context, handle string) (*cortege.Group, error) {
	return q.group(ctx, "GroupByHandle", handle)
}

func (q *Q) groups(ctx context.Context, name string, args ...any) ([]*cortege.Group, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, g)
	}
	return out, wrap(name, rows.Err())
}

// ListGroups lists listed groups (public, approved, not hidden) of a kind
// ("" for all), newest first.
func (q *Q) ListGroups(ctx context.Context, kind string, limit, offset int) ([]*cortege.Group, error) {
	return q.groups(ctx, "ListGroups", kind, kind, limit, offset)
}

// CountListedGroups counts the groups ListGroups pages through.
func (q *Q) CountListedGroups(ctx context.Context, kind string) (int, error) {
	var n int
	return n, q.get(ctx, "CountListedGroups", []any{kind, kind}, &n)
}

// SearchGroups finds listed groups whose folded text matches terms
// (folded words joined by "%", each at the start of a word of the text),
// newest first: through the full-text index on both engines.
func (q *Q) SearchGroups(ctx context.Context, kind, terms string, limit, offset int) ([]*cortege.Group, error) {
	var match string
	if err := q.get(ctx, "SearchMatch", []any{terms}, &match); err != nil {
		return nil, err
	}
	return q.groups(ctx, "SearchGroups", match, kind, kind, limit, offset)
}

// CountSearchGroups counts what SearchGroups pages through.
func (q *Q) CountSearchGroups(ctx context.Context, kind, terms string) (int, error) {
	var match string
	if err := q.get(ctx, "SearchMatch", []any{terms}, &match); err != nil {
		return 0, err
	}
	var n int
	return n, q.get(ctx, "CountSearchGroups", []any{match, kind, kind}, &n)
}

// GroupsInBox lists up to limit listed groups located inside a box.
func (q *Q) GroupsInBox(ctx context.Context, kind string, minLat, maxLat, minLon, maxLon float64, limit int) ([]*cortege.Group, error) {
	return q.groups(ctx, "GroupsInBox", kind, kind, minLat, maxLat, minLon, maxLon, limit)
}

// GroupsAwaitingApproval lists groups not yet approved, oldest first.
func (q *Q) GroupsAwaitingApproval(ctx context.Context, limit, offset int) ([]*cortege.Group, error) {
	return q.groups(ctx, "GroupsAwaitingApproval", limit, offset)
}
