package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Post is a group's announcement or article.
type Post struct {
	ID          string  `json:"id"`
	GroupID     string  `json:"group_id"`
	AuthorID    string  `json:"author_id"`
	Title       string  `json:"title"`
	Body        string  `json:"body"`
	BodyHTML    string  `json:"body_html"`
	Visibility  string  `json:"visibility"`
	Status      string  `json:"status"`
	PublishedAt *string `json:"published_at"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

func toPost(p *cortege.Post) Post {
	return Post{ID: p.ID, GroupID: p.GroupID, AuthorID: p.AuthorID, Title: p.Title, Body: p.Body, BodyHTML: markdown.ToHTML(p.Body),
		Visibility: p.Visibility, Status: p.Status, PublishedAt: optTime(p.PublishedAt), CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt)}
}

// PostList answers GET /api/v1/groups/{group}/posts.
type PostList struct {
	Posts []Post `json:"posts"`
	Page  int    `json:"page"`
	More  bool   `json:"more"`
}

// PostCreate is the body of POST /api/v1/groups/{group}/posts. Visibility
// is "public" (default) or "members"; publish false keeps a draft.
type PostCreate struct {
	Title      string `json:"title"`
	Body       string `json:"body"`
	Visibility string `json:"visibility"`
	Publish    bool   `json:"publish"`
}

// PostUpdate is the body of PATCH /api/v1/posts/{id}; absent fields stay.
// A published post stays published.
type PostUpdate struct {
	Title      *string `json:"title"`
	Body       *string `json:"body"`
	Visibility *string `json:"visibility"`
	Publish    *bool   `json:"publish"`
}

// handlePostList lists the posts of a group the caller may read.
func (a *API) handlePostList(w http.ResponseWriter, r *http.Request) error {
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	pp, err := a.svc.GroupPosts(r.Context(), httpx.Actor(r.Context()), g.ID, page)
	if err != nil {
		return err
	}
	out := PostList{Posts: make([]Post, 0, len(pp.Posts)), Page: pp.Page, More: pp.More}
	for _, p := range pp.Posts {
		out.Posts = append(out.Posts, toPost(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handlePostCreate writes a post; moderators and administrators.
func (a *API) handlePostCreate(w http.ResponseWriter, r *http.Request) error {
	var in PostCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Visibility == "" {
		in.Visibility = cortege.PostPublic
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	p, err := a.svc.CreatePost(r.Context(), httpx.Actor(r.Context()), g.ID, service.PostInput{Title: in.Title, Body: in.Body, Visibility: in.Visibility, Publish: in.Publish})
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/posts/"+p.ID)
	return writeJSON(w, http.StatusCreated, toPost(p))
}

// handlePostGet answers a post the caller may read.
func (a *API) handlePostGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, _, err := a.svc.Post(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPost(p))
}

// handlePostUpdate edits a post; moderators and administrators.
func (a *API) handlePostUpdate(w http.ResponseWriter, r *http.Request) error {
	var in PostUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	cur, _, err := a.svc.Post(ctx, actor, id)
	if err != nil {
		return err
	}
	pi := service.PostInput{Title: cur.Title, Body: cur.Body, Visibility: cur.Visibility, Publish: cur.Status == cortege.PostPublished}
	setStr(&pi.Title, in.Title)
	setStr(&pi.Body, in.Body)
	setStr(&pi.Visibility, in.Visibility)
	if in.Publish != nil {
		pi.Publish = *in.Publish
	}
	p, err := a.svc.UpdatePost(ctx, actor, id, pi)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPost(p))
}

// handlePostDelete deletes a post; moderators and administrators.
func (a *API) handlePostDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeletePost(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
