package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/store"
)

// PostInput is what a post's author fills in. Publish publishes a draft;
// a published post stays published.
type PostInput struct {
	Title      string
	Body       string
	Visibility string // cortege.PostPublic or cortege.PostMembers
	Publish    bool
}

// CreatePost writes a post in a group, as a draft or published;
// moderators and administrators. Publishing notifies the members.
func (s *Service) CreatePost(ctx context.Context, a cortege.Actor, groupID string, in PostInput) (*cortege.Post, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	now := s.now()
	p := &cortege.Post{ID: cortege.NewID(now), GroupID: groupID, AuthorID: a.Profile.ID, Title: in.Title, Body: in.Body, Visibility: in.Visibility, Status: cortege.PostDraft, CreatedAt: now, UpdatedAt: now}
	if in.Publish {
		p.Status, p.PublishedAt = cortege.PostPublished, now
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActPublishPost)
		if err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := q.CreatePost(ctx, p); err != nil {
			return err
		}
		if p.Status == cortege.PostPublished {
			return s.announcePost(ctx, q, a, g, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// announcePost notifies a group's members of a new post, and its
// followers too when the post is public.
func (s *Service) announcePost(ctx context.Context, q *store.Q, a cortege.Actor, g *cortege.Group, p *cortege.Post) error {
	audiences := []bool{false}
	if p.Visibility == cortege.PostPublic {
		audiences = append(audiences, true)
	}
	for _, followers := range audiences {
		for off := 0; ; off += 500 {
			ms, err := q.GroupMembers(ctx, g.ID, cortege.MemberActive, followers, 500, off)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.ProfileID == a.Profile.ID {
					continue
				}
				n := notice{ProfileID: m.ProfileID, Kind: cortege.NotifyNewPost, Group: g.Name, Actor: a.Profile.Name(), Subject: p.Title, Text: markdown.Plain(p.Body, 600), Path: postPath(g, p)}
				if err := queueNotice(ctx, q, n, p.ID); err != nil {
					return err
				}
			}
			if len(ms) < 500 {
				break
			}
		}
	}
	return nil
}

func postPath(g *cortege.Group, p *cortege.Post) string { return groupPath(g) + "/posts/" + p.ID }

// UpdatePost edits a post; moderators and administrators. Publishing a
// draft notifies the members once.
func (s *Service) UpdatePost(ctx context.Context, a cortege.Actor, postID string, in PostInput) (*cortege.Post, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var out *cortege.Post
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := q.PostByID(ctx, postID)
		if err != nil {
			return err
		}
		g, _, err := s.needOf(ctx, q, a, p.GroupID, cortege.ActPublishPost, "err.post.not_found")
		if err != nil {
			return err
		}
		wasDraft := p.Status == cortege.PostDraft
		p.Title, p.Body, p.Visibility, p.UpdatedAt = in.Title, in.Body, in.Visibility, s.now()
		if in.Publish && wasDraft {
			p.Status, p.PublishedAt = cortege.PostPublished, p.UpdatedAt
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := q.UpdatePost(ctx, p); err != nil {
			return err
		}
		out = p
		if wasDraft && p.Status == cortege.PostPublished {
			return s.announcePost(ctx, q, a, g, p)
		}
		return nil
	})
	return out, err
}

// DeletePost deletes a post; moderators and administrators.
func (s *Service) DeletePost(ctx context.Context, a cortege.Actor, postID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		p, err := q.PostByID(ctx, postID)
		if err != nil {
			return err
		}
		if _, _, err := s.needOf(ctx, q, a, p.GroupID, cortege.ActPublishPost, "err.post.not_found"); err != nil {
			return err
		}
		return q.DeletePost(ctx, postID)
	})
}

// Post returns a post the actor may read, with its group. Anything else
// is ENOTFOUND.
func (s *Service) Post(ctx context.Context, a cortege.Actor, postID string) (*cortege.Post, *cortege.Group, error) {
	q := s.db.Q()
	p, err := q.PostByID(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	g, role, err := s.groupAccessOf(ctx, q, a, p.GroupID, "err.post.not_found")
	if err != nil {
		return nil, nil, err
	}
	if !p.VisibleTo(g, role) {
		return nil, nil, cortege.Errorf(cortege.ENOTFOUND, "err.post.not_found")
	}
	return p, g, nil
}

// PostPage is one page of a group's posts.
type PostPage struct {
	Posts []*cortege.Post
	Page  int
	More  bool
}

// GroupPosts lists the posts of a group the actor may read: public ones
// for everyone who sees the group, members-only ones for members, drafts
// for those who publish.
func (s *Service) GroupPosts(ctx context.Context, a cortege.Actor, groupID string, page int) (*PostPage, error) {
	q := s.db.Q()
	g, role, err := s.groupAccess(ctx, q, a, groupID)
	if err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	ps, err := q.GroupPosts(ctx, g.ID, g.Can(role, cortege.ActViewInside), g.Can(role, cortege.ActPublishPost), groupPostsPerPage+1, (page-1)*groupPostsPerPage)
	if err != nil {
		return nil, err
	}
	out := &PostPage{Page: page}
	if len(ps) > groupPostsPerPage {
		ps, out.More = ps[:groupPostsPerPage], true
	}
	out.Posts = ps
	return out, nil
}
