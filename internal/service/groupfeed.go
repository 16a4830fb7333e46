package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/feed"
	"codeberg.org/cortege/cortege/internal/markdown"
)

// feedLength is how many entries a group's feed carries.
const feedLength = 30

// GroupFeed returns the Atom feed of a public group: its public posts
// (events join them once they exist). Unlisted and private groups have
// none (ENOTFOUND): a feed is made to be shared.
func (s *Service) GroupFeed(ctx context.Context, handle string) (*feed.Feed, error) {
	g, err := s.GroupByHandle(ctx, cortege.Anonymous, handle)
	if err != nil {
		return nil, err
	}
	if g.Visibility != cortege.VisibilityPublic {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	q := s.db.Q()
	posts, err := q.GroupPosts(ctx, g.ID, false, false, feedLength, 0)
	if err != nil {
		return nil, err
	}
	page := s.URL(groupPath(g))
	f := &feed.Feed{ID: page, Title: g.Name, Subtitle: markdown.Plain(g.Description, 300), Link: page, Self: page + "/feed.atom", Author: g.Name, Updated: g.UpdatedAt}
	authors := map[string]string{}
	for _, p := range posts {
		if p.UpdatedAt.After(f.Updated) {
			f.Updated = p.UpdatedAt
		}
		name, ok := authors[p.AuthorID]
		if !ok && p.AuthorID != "" {
			if pr, err := q.ProfileByID(ctx, p.AuthorID); err == nil {
				name = pr.Name()
			}
			authors[p.AuthorID] = name
		}
		url := s.URL(postPath(g, p))
		f.Entries = append(f.Entries, feed.Entry{
			ID: url, Title: p.Title, Link: url, Author: name, Summary: markdown.Plain(p.Body, 300),
			HTML: markdown.ToHTML(p.Body), Published: p.PublishedAt, Updated: p.UpdatedAt,
		})
	}
	return f, nil
}
