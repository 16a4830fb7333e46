package web

import (
	"html/template"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// postsData is the view model of a group's post list.
type postsData struct {
	*groupView
	Posts      []*postItem
	Prev, Next string
}

// handleGroupPosts lists the posts the actor may read: public ones,
// members-only ones for members, drafts for those who publish.
func (w *Web) handleGroupPosts(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "posts")
	if err != nil {
		return err
	}
	page := pageParam(r)
	pp, err := w.svc.GroupPosts(r.Context(), httpx.Actor(r.Context()), g.Group.ID, page)
	if err != nil {
		return err
	}
	d := &postsData{groupView: g}
	if d.Posts, err = w.postItems(r, pp.Posts); err != nil {
		return err
	}
	link := func(n int) string { return g.Link("/posts?page=" + strconv.Itoa(n)) }
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if pp.More {
		d.Next = link(page + 1)
	}
	return w.renderG(rw, r, http.StatusOK, "group_posts", "group.posts.title", d, nil)
}

// postData is the view model of one post, and of its edit form.
type postData struct {
	*groupView
	Post   *cortege.Post // nil for a new post
	Author *cortege.Profile
	Body   template.HTML
}

// loadPost loads the post of the path in the group of the path.
func (w *Web) loadPost(r *http.Request, tab string) (*postData, error) {
	g, err := w.loadGroup(r, tab)
	if err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	p, pg, err := w.svc.Post(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if pg.ID != g.Group.ID {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.post.not_found")
	}
	d := &postData{groupView: g, Post: p, Body: md(p.Body)}
	names, err := w.svc.ProfileNames(r.Context(), a, []string{p.AuthorID})
	if err != nil {
		return nil, err
	}
	d.Author = names[p.AuthorID]
	return d, nil
}

// handleGroupPost shows one post.
func (w *Web) handleGroupPost(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.loadPost(r, "posts")
	if err != nil {
		return err
	}
	p, err := w.newPage(r, "group.posts.title", d)
	if err != nil {
		return err
	}
	p.Title = d.Post.Title + " · " + d.Group.Name
	w.postMeta(p, d.Group, d.Post)
	return w.write(rw, http.StatusOK, "group_post", p)
}

// postFields are the fields of the post form.
var postFields = []string{"title", "body", "visibility", "publish"}

func postInput(f *form) service.PostInput {
	return service.PostInput{Title: f.V("title"), Body: f.V("body"), Visibility: f.V("visibility"), Publish: f.V("publish") == "1"}
}

// publisher loads the group and checks the actor may write posts.
func (w *Web) publisher(r *http.Request) (*postData, error) {
	g, err := w.loadGroup(r, "posts")
	if err != nil {
		return nil, err
	}
	if !g.Can(string(cortege.ActPublishPost)) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return &postData{groupView: g}, nil
}

// handleGroupPostNew shows the form of a new post.
func (w *Web) handleGroupPostNew(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.publisher(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_post_edit", "group.post.new", d, nil)
}

// handleGroupPostCreate saves a new post as a draft or published.
func (w *Web) handleGroupPostCreate(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.publisher(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "post", postFields...)
	err = checkText(f, err)
	var p *cortege.Post
	if err == nil {
		p, err = w.svc.CreatePost(r.Context(), httpx.Actor(r.Context()), d.Group.ID, postInput(f))
	}
	if err != nil {
		return w.formPageG(rw, r, "group_post_edit", "group.post.new", d, f, err)
	}
	return w.redirect(rw, r, d.Path()+"/posts/"+p.ID+"?ok=post_saved")
}

// handleGroupPostEdit shows a post's edit form.
func (w *Web) handleGroupPostEdit(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.loadPost(r, "posts")
	if err != nil {
		return err
	}
	if !d.Can(string(cortege.ActPublishPost)) {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return w.renderG(rw, r, http.StatusOK, "group_post_edit", "group.post.edit", d, nil)
}

// handleGroupPostUpdate saves a post's changes (and publishes a draft).
func (w *Web) handleGroupPostUpdate(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.loadPost(r, "posts")
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "post", postFields...)
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.UpdatePost(r.Context(), httpx.Actor(r.Context()), d.Post.ID, postInput(f))
	}
	if err != nil {
		return w.formPageG(rw, r, "group_post_edit", "group.post.edit", d, f, err)
	}
	return w.redirect(rw, r, d.Path()+"/posts/"+d.Post.ID+"?ok=post_saved")
}

// handleGroupPostDelete deletes a post.
func (w *Web) handleGroupPostDelete(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.loadPost(r, "posts")
	if err != nil {
		return err
	}
	if err := w.svc.DeletePost(r.Context(), httpx.Actor(r.Context()), d.Post.ID); err != nil {
		return err
	}
	return w.redirect(rw, r, d.Path()+"/posts?ok=post_deleted")
}
