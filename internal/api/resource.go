package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Resource is an entry of a group's folder tree: a folder (with its
// children), a link or a Markdown note.
type Resource struct {
	ID        string     `json:"id"`
	GroupID   string     `json:"group_id"`
	ParentID  string     `json:"parent_id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Body      string     `json:"body"`
	BodyHTML  string     `json:"body_html"`
	CreatedBy string     `json:"created_by"`
	CreatedAt string     `json:"created_at"`
	UpdatedAt string     `json:"updated_at"`
	Children  []Resource `json:"children"`
}

func toResource(r *cortege.Resource) Resource {
	return Resource{ID: r.ID, GroupID: r.GroupID, ParentID: r.ParentID, Kind: r.Kind, Title: r.Title, URL: r.URL, Body: r.Body,
		BodyHTML: markdown.ToHTML(r.Body), CreatedBy: r.CreatedBy, CreatedAt: timeString(r.CreatedAt), UpdatedAt: timeString(r.UpdatedAt), Children: []Resource{}}
}

func toResourceTree(ns []*service.ResourceNode, depth int) []Resource {
	out := make([]Resource, 0, len(ns))
	for _, n := range ns {
		r := toResource(n.Resource)
		if depth < cortege.MaxResourceDepth+1 {
			r.Children = toResourceTree(n.Children, depth+1)
		}
		out = append(out, r)
	}
	return out
}

// ResourceTree answers GET /api/v1/groups/{group}/resources.
type ResourceTree struct {
	Resources []Resource `json:"resources"`
}

// ResourceCreate is the body of POST /api/v1/groups/{group}/resources.
type ResourceCreate struct {
	ParentID string `json:"parent_id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Body     string `json:"body"`
}

// ResourceUpdate is the body of PATCH /api/v1/resources/{id}: edit or
// move (parent_id, "" for the root); the kind never changes.
type ResourceUpdate struct {
	ParentID *string `json:"parent_id"`
	Title    *string `json:"title"`
	URL      *string `json:"url"`
	Body     *string `json:"body"`
}

// handleResourceTree answers a group's resources; members only.
func (a *API) handleResourceTree(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	ns, err := a.svc.Resources(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ResourceTree{Resources: toResourceTree(ns, 0)})
}

// handleResourceCreate adds a folder, link or note; members.
func (a *API) handleResourceCreate(w http.ResponseWriter, r *http.Request) error {
	var in ResourceCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	res, err := a.svc.CreateResource(r.Context(), httpx.Actor(r.Context()), g.ID, service.ResourceInput(in))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toResource(res))
}

// handleResourceUpdate edits or moves a resource; members.
func (a *API) handleResourceUpdate(w http.ResponseWriter, r *http.Request) error {
	var in ResourceUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	cur, err := a.svc.Resource(ctx, actor, id)
	if err != nil {
		return err
	}
	ri := service.ResourceInput{ParentID: cur.ParentID, Kind: cur.Kind, Title: cur.Title, URL: cur.URL, Body: cur.Body}
	setStr(&ri.ParentID, in.ParentID)
	setStr(&ri.Title, in.Title)
	setStr(&ri.URL, in.URL)
	setStr(&ri.Body, in.Body)
	res, err := a.svc.UpdateResource(ctx, actor, id, ri)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toResource(res))
}

// handleResourceDelete deletes a resource (a folder with its content):
// its creator or a moderator.
func (a *API) handleResourceDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteResource(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
