package web

import (
	"html/template"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// resourcesData is the view model of a group's resources.
type resourcesData struct {
	*groupView
	Tree    []*resourceItem
	All     []*resourceItem // every entry, in tree order
	Folders []*resourceItem // every folder, in tree order, for "put in"
	Open    *resourceItem   // the note or link shown (?open=ID)
	Count   int
}

// resourceItem is an entry of the tree with its depth and rendered note.
type resourceItem struct {
	Resource  *cortege.Resource
	Children  []*resourceItem
	Depth     int
	Indent    string // the folder's place in the "put in" list
	HTML      template.HTML
	CanDelete bool
	CanEdit   bool
	Folders   []*resourceItem // where it may move (shared by all entries)
}

func (w *Web) resourcesData(r *http.Request) (*resourcesData, error) {
	g, err := w.loadGroup(r, "resources")
	if err != nil {
		return nil, err
	}
	if err := g.needInside(r); err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	nodes, err := w.svc.Resources(r.Context(), a, g.Group.ID)
	if err != nil {
		return nil, err
	}
	d := &resourcesData{groupView: g}
	open := r.URL.Query().Get("open")
	var walk func(ns []*service.ResourceNode, depth int) []*resourceItem
	walk = func(ns []*service.ResourceNode, depth int) []*resourceItem {
		var out []*resourceItem
		for _, n := range ns {
			it := &resourceItem{Resource: n.Resource, Depth: depth, Indent: strings.Repeat("— ", depth),
				CanDelete: cortege.CanDeleteResource(g.Group, g.Role, meID(a), n.Resource)}
			d.Count++
			d.All = append(d.All, it)
			if n.Resource.Kind == cortege.ResourceFolder {
				d.Folders = append(d.Folders, it)
			}
			if n.Resource.ID == open && n.Resource.Kind != cortege.ResourceFolder {
				it.HTML = md(n.Resource.Body)
				d.Open = it
			}
			it.Children = walk(n.Children, depth+1)
			out = append(out, it)
		}
		return out
	}
	d.Tree = walk(nodes, 0)
	edit := g.Can(string(cortege.ActEditResources))
	for _, it := range d.All {
		it.CanEdit, it.Folders = edit, d.Folders
	}
	return d, nil
}

// handleGroupResources shows a group's folder tree of links and notes.
func (w *Web) handleGroupResources(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.resourcesData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_resources", "group.resources.title", d, nil)
}

// resourceAction runs a POST of the resources page.
func (w *Web) resourceAction(rw http.ResponseWriter, r *http.Request, name string, fields []string, act func(g *groupView, f *form) (string, error)) error {
	g, err := w.loadGroup(r, "resources")
	if err != nil {
		return err
	}
	return w.formPost(rw, r, name, fields,
		func(f *form) (string, error) { return act(g, f) },
		func(_ *form, ok string) string { return withOK(g.Path()+"/resources", ok) },
		func(status int, f *form) error {
			d, err := w.resourcesData(r)
			if err != nil {
				return err
			}
			return w.renderG(rw, r, status, "group_resources", "group.resources.title", d, f)
		})
}

// handleGroupResourceCreate adds a folder, a link or a note.
func (w *Web) handleGroupResourceCreate(rw http.ResponseWriter, r *http.Request) error {
	return w.resourceAction(rw, r, "resource", []string{"kind", "title", "url", "body", "parent_id"}, func(g *groupView, f *form) (string, error) {
		_, err := w.svc.CreateResource(r.Context(), httpx.Actor(r.Context()), g.Group.ID, service.ResourceInput{
			ParentID: f.V("parent_id"), Kind: f.V("kind"), Title: f.V("title"), URL: f.V("url"), Body: f.V("body")})
		return "resource_created", err
	})
}

// handleGroupResourceUpdate edits or moves an entry (its kind stays).
func (w *Web) handleGroupResourceUpdate(rw http.ResponseWriter, r *http.Request) error {
	return w.resourceAction(rw, r, "resource-"+r.PathValue("id"), []string{"title", "url", "body", "parent_id"}, func(g *groupView, f *form) (string, error) {
		_, err := w.svc.UpdateResource(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), service.ResourceInput{
			ParentID: f.V("parent_id"), Title: f.V("title"), URL: f.V("url"), Body: f.V("body")})
		return "resource_saved", err
	})
}

// handleGroupResourceDelete deletes an entry (a folder with its content).
func (w *Web) handleGroupResourceDelete(rw http.ResponseWriter, r *http.Request) error {
	return w.resourceAction(rw, r, "resource_delete", nil, func(g *groupView, f *form) (string, error) {
		return "resource_deleted", w.svc.DeleteResource(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	})
}
