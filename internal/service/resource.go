package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// ResourceInput is what a member fills in for a resource.
type ResourceInput struct {
	ParentID string // a folder of the same group, "" for the root
	Kind     string // folder, link or note (fixed once created)
	Title    string
	URL      string
	Body     string
}

// checkParent makes sure parentID is a folder of g, that r would not sit
// inside itself, and that the tree stays shallow.
func checkParent(ctx context.Context, q *store.Q, g *cortege.Group, parentID, selfID string) error {
	depth := 0
	for id := parentID; id != ""; depth++ {
		if id == selfID || depth >= cortege.MaxResourceDepth {
			return cortege.Invalid("parent_id", "err.resource.parent")
		}
		p, err := q.ResourceByID(ctx, id)
		if cortege.IsNotFound(err) {
			return cortege.Invalid("parent_id", "err.resource.parent")
		}
		if err != nil {
			return err
		}
		if p.GroupID != g.ID || p.Kind != cortege.ResourceFolder {
			return cortege.Invalid("parent_id", "err.resource.parent")
		}
		id = p.ParentID
	}
	return nil
}

// CreateResource adds a folder, link or note to a group's resources;
// members.
func (s *Service) CreateResource(ctx context.Context, a cortege.Actor, groupID string, in ResourceInput) (*cortege.Resource, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	now := s.now()
	r := &cortege.Resource{ID: cortege.NewID(now), GroupID: groupID, ParentID: in.ParentID, Kind: in.Kind, Title: in.Title, URL: in.URL, Body: in.Body, CreatedBy: a.Profile.ID, CreatedAt: now, UpdatedAt: now}
	err := s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActEditResources)
		if err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if n, err := q.CountGroupResources(ctx, g.ID); err != nil || n >= cortege.MaxResourcesPerGroup {
			if err == nil {
				err = cortege.Errorf(cortege.ECONFLICT, "err.resource.too_many")
			}
			return err
		}
		if err := checkParent(ctx, q, g, r.ParentID, r.ID); err != nil {
			return err
		}
		return q.CreateResource(ctx, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateResource edits or moves a resource; members.
func (s *Service) UpdateResource(ctx context.Context, a cortege.Actor, resourceID string, in ResourceInput) (*cortege.Resource, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var out *cortege.Resource
	err := s.inTx(ctx, func(q *store.Q) error {
		r, err := q.ResourceByID(ctx, resourceID)
		if err != nil {
			return err
		}
		g, _, err := s.needOf(ctx, q, a, r.GroupID, cortege.ActEditResources, "err.resource.not_found")
		if err != nil {
			return err
		}
		r.ParentID, r.Title, r.URL, r.Body, r.UpdatedAt = in.ParentID, in.Title, in.URL, in.Body, s.now()
		if err := r.Validate(); err != nil {
			return err
		}
		if err := checkParent(ctx, q, g, r.ParentID, r.ID); err != nil {
			return err
		}
		out = r
		return q.UpdateResource(ctx, r)
	})
	return out, err
}

// DeleteResource deletes a resource (a folder with its content): its
// creator or a moderator.
func (s *Service) DeleteResource(ctx context.Context, a cortege.Actor, resourceID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		r, err := s.resourceToDelete(ctx, q, a, resourceID)
		if err != nil {
			return err
		}
		return q.DeleteResource(ctx, r.ID)
	})
}

// resourceToDelete loads a resource the actor may delete.
func (s *Service) resourceToDelete(ctx context.Context, q *store.Q, a cortege.Actor, resourceID string) (*cortege.Resource, error) {
	r, err := q.ResourceByID(ctx, resourceID)
	if err != nil {
		return nil, err
	}
	g, role, err := s.needOf(ctx, q, a, r.GroupID, cortege.ActEditResources, "err.resource.not_found")
	if err != nil {
		return nil, err
	}
	if !cortege.CanDeleteResource(g, role, a.Profile.ID, r) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return r, nil
}

// ResourceNode is a resource with what a folder holds.
type ResourceNode struct {
	Resource *cortege.Resource
	Children []*ResourceNode
}

// Resources returns a group's resource tree (folders first, by title);
// members only.
func (s *Service) Resources(ctx context.Context, a cortege.Actor, groupID string) ([]*ResourceNode, error) {
	q := s.db.Q()
	g, _, err := s.need(ctx, q, a, groupID, cortege.ActViewInside)
	if err != nil {
		return nil, err
	}
	rs, err := q.GroupResources(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	nodes := make(map[string]*ResourceNode, len(rs))
	for _, r := range rs {
		nodes[r.ID] = &ResourceNode{Resource: r}
	}
	var roots []*ResourceNode
	for _, r := range rs {
		n := nodes[r.ID]
		if p := nodes[r.ParentID]; p != nil && r.ParentID != "" {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots, nil
}

// Resource returns a resource of a group the actor is a member of;
// ENOTFOUND or EFORBIDDEN otherwise.
func (s *Service) Resource(ctx context.Context, a cortege.Actor, resourceID string) (*cortege.Resource, error) {
	q := s.db.Q()
	r, err := q.ResourceByID(ctx, resourceID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.needOf(ctx, q, a, r.GroupID, cortege.ActViewInside, "err.resource.not_found"); err != nil {
		return nil, err
	}
	return r, nil
}
