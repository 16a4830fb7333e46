package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Group is a group as anyone who may see it sees it.
type Group struct {
	ID              string       `json:"id"`
	Handle          string       `json:"handle"`
	Name            string       `json:"name"`
	Description     string       `json:"description"`
	DescriptionHTML string       `json:"description_html"`
	AvatarURL       string       `json:"avatar_url"`
	BannerURL       string       `json:"banner_url"`
	Kind            string       `json:"kind"`
	Tags            []string     `json:"tags"`
	Address         string       `json:"address"`
	Coordinates     *Coordinates `json:"coordinates"`
	Visibility      string       `json:"visibility"`
	JoinMode        string       `json:"join_mode"`
	PublicMembers   bool         `json:"public_members"`
	URL             string       `json:"url"`
	CreatedAt       string       `json:"created_at"`
}

// Coordinates are a point on Earth in decimal degrees (WGS 84).
type Coordinates struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

func (a *API) toGroup(g *cortege.Group) Group {
	out := Group{
		ID: g.ID, Handle: g.Handle, Name: g.Name, Description: g.Description, DescriptionHTML: markdown.ToHTML(g.Description),
		AvatarURL: a.uploadURL(g.Avatar), BannerURL: a.uploadURL(g.Banner), Kind: g.Kind, Tags: nonNil(g.Tags),
		Address: g.Address, Visibility: g.Visibility, JoinMode: g.JoinMode, PublicMembers: g.PublicMembers,
		URL: a.baseURL + "/@" + g.Handle, CreatedAt: timeString(g.CreatedAt),
	}
	if g.HasCoords {
		out.Coordinates = &Coordinates{Lat: g.Lat, Lon: g.Lon}
	}
	return out
}

// GroupSummary names a group where another object points at it.
type GroupSummary struct {
	ID        string `json:"id"`
	Handle    string `json:"handle"`
	Name      string `json:"name"`
	AvatarURL string `json:"avatar_url"`
	URL       string `json:"url"`
}

func (a *API) toGroupSummary(g *cortege.Group) *GroupSummary {
	if g == nil {
		return nil
	}
	return &GroupSummary{ID: g.ID, Handle: g.Handle, Name: g.Name, AvatarURL: a.uploadURL(g.Avatar), URL: a.baseURL + "/@" + g.Handle}
}

// GroupDetail answers GET /api/v1/groups/{group}: the group, the caller's
// relation to it and what they may do there.
type GroupDetail struct {
	Group            Group    `json:"group"`
	Role             string   `json:"role"`
	MembershipStatus string   `json:"membership_status"`
	Blocked          bool     `json:"blocked"`
	Can              []string `json:"can"`
	JoinOutcome      string   `json:"join_outcome"`
	MemberCount      int      `json:"member_count"`
	FollowerCount    int      `json:"follower_count"`
}

func (a *API) toGroupDetail(p *service.GroupPage) GroupDetail {
	d := GroupDetail{Group: a.toGroup(p.Group), Role: p.Role, Blocked: p.Blocked, Can: []string{}, JoinOutcome: p.JoinStatus,
		MemberCount: p.MemberCount, FollowerCount: p.FollowerCount}
	if p.Membership != nil {
		d.MembershipStatus = p.Membership.Status
	}
	for act, ok := range p.Can {
		if ok {
			d.Can = append(d.Can, string(act))
		}
	}
	sort.Strings(d.Can)
	return d
}

// GroupHit is a group found by a search, with its distance from the
// searched point when there was one.
type GroupHit struct {
	Group      Group    `json:"group"`
	DistanceKm *float64 `json:"distance_km"`
}

// GroupList answers GET /api/v1/groups: one numbered page.
type GroupList struct {
	Groups []GroupHit `json:"groups"`
	Page   int        `json:"page"`
	Pages  int        `json:"pages"`
	Total  int        `json:"total"`
}

func (a *API) toGroupList(res *service.GroupResults, near bool) GroupList {
	out := GroupList{Groups: make([]GroupHit, 0, len(res.Hits)), Page: res.Page, Pages: res.Pages, Total: res.Total}
	for _, h := range res.Hits {
		hit := GroupHit{Group: a.toGroup(h.Group)}
		if near {
			d := h.DistanceKm
			hit.DistanceKm = &d
		}
		out.Groups = append(out.Groups, hit)
	}
	return out
}

// GroupCreate is the body of POST /api/v1/groups.
type GroupCreate struct {
	Handle        string       `json:"handle"`
	Name          string       `json:"name"`
	Description   string       `json:"description"`
	Kind          string       `json:"kind"`
	Tags          []string     `json:"tags"`
	Address       string       `json:"address"`
	Coordinates   *Coordinates `json:"coordinates"`
	Visibility    string       `json:"visibility"`
	JoinMode      string       `json:"join_mode"`
	PublicMembers bool         `json:"public_members"`
}

// GroupUpdate is the body of PATCH /api/v1/groups/{group}; absent fields
// stay as they are, "coordinates": null removes the point. The handle
// never changes.
type GroupUpdate struct {
	Name          *string         `json:"name"`
	Description   *string         `json:"description"`
	Kind          *string         `json:"kind"`
	Tags          *[]string       `json:"tags"`
	Address       *string         `json:"address"`
	Coordinates   json.RawMessage `json:"coordinates"`
	Visibility    *string         `json:"visibility"`
	JoinMode      *string         `json:"join_mode"`
	PublicMembers *bool           `json:"public_members"`
}

// uploadURL is where the web interface serves an uploaded file, "" for none.
func (a *API) uploadURL(name string) string {
	if name == "" {
		return ""
	}
	return a.baseURL + "/uploads/" + url.PathEscape(name)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// rawCoordinates reads a "coordinates" member of a PATCH: set false when
// absent, nil when null (remove).
func rawCoordinates(raw json.RawMessage) (c *Coordinates, set bool, err error) {
	if len(raw) == 0 {
		return nil, false, nil
	}
	if string(raw) == "null" {
		return nil, true, nil
	}
	var v struct {
		Lat *float64 `json:"lat"`
		Lon *float64 `json:"lon"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Lat == nil || v.Lon == nil {
		return nil, false, badBody("coordinates", "err.api.json_type")
	}
	return &Coordinates{Lat: *v.Lat, Lon: *v.Lon}, true, nil
}

// group finds the group a {group} path value names, by ID or by handle
// ("@" optional), as the caller may see it.
func (a *API) group(r *http.Request) (*cortege.Group, error) {
	ref := r.PathValue("group")
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if validID(ref) {
		g, err := a.svc.GroupByID(ctx, actor, ref)
		if err == nil || !cortege.IsNotFound(err) {
			return g, err
		}
	}
	return a.svc.GroupByHandle(ctx, actor, ref)
}

// handleGroupList lists or searches the listed groups (public, approved):
// ?q= text, ?kind=, ?near= (a commune or postal code) or ?lat=&lon=,
// [&radius_km=], ?page=.
func (a *API) handleGroupList(w http.ResponseWriter, r *http.Request) error {
	var gq service.GroupQuery
	var err error
	if gq.Text, err = queryText(r, "q", 200); err != nil {
		return err
	}
	if gq.Page, err = queryPage(r); err != nil {
		return err
	}
	if gq.Kind, err = queryText(r, "kind", 20); err != nil {
		return err
	}
	if gq.Near, gq.Lat, gq.Lon, gq.RadiusKm, err = a.nearQuery(r); err != nil {
		return err
	}
	res, err := a.svc.SearchGroups(r.Context(), httpx.Actor(r.Context()), gq)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toGroupList(res, gq.Near))
}

// handleGroupCreate creates a group administered by the caller's profile.
func (a *API) handleGroupCreate(w http.ResponseWriter, r *http.Request) error {
	var in GroupCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	gi := service.GroupInput{Handle: in.Handle, Name: in.Name, Description: in.Description, Kind: in.Kind, Tags: in.Tags,
		Address: in.Address, Visibility: in.Visibility, JoinMode: in.JoinMode, PublicMembers: in.PublicMembers}
	if in.Coordinates != nil {
		gi.HasCoords, gi.Lat, gi.Lon = true, in.Coordinates.Lat, in.Coordinates.Lon
	}
	g, err := a.svc.CreateGroup(r.Context(), httpx.Actor(r.Context()), gi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/groups/"+g.Handle)
	return writeJSON(w, http.StatusCreated, a.toGroup(g))
}

// handleGroupGet answers a group with the caller's relation to it. A
// group the caller may not see is 404, whether or not it exists.
func (a *API) handleGroupGet(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	return a.writeGroupDetail(w, r, g, http.StatusOK)
}

func (a *API) writeGroupDetail(w http.ResponseWriter, r *http.Request, g *cortege.Group, status int) error {
	p, err := a.svc.GroupPage(r.Context(), httpx.Actor(r.Context()), g.Handle)
	if err != nil {
		return err
	}
	return writeJSON(w, status, a.toGroupDetail(p))
}

// handleGroupUpdate changes a group's fields; administrators only.
func (a *API) handleGroupUpdate(w http.ResponseWriter, r *http.Request) error {
	var in GroupUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	coords, setCoords, err := rawCoordinates(in.Coordinates)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	gi := service.GroupInput{Name: g.Name, Description: g.Description, Kind: g.Kind, Tags: g.Tags, Address: g.Address,
		HasCoords: g.HasCoords, Lat: g.Lat, Lon: g.Lon, Visibility: g.Visibility, JoinMode: g.JoinMode, PublicMembers: g.PublicMembers}
	setStr(&gi.Name, in.Name)
	setStr(&gi.Description, in.Description)
	setStr(&gi.Kind, in.Kind)
	setStr(&gi.Address, in.Address)
	setStr(&gi.Visibility, in.Visibility)
	setStr(&gi.JoinMode, in.JoinMode)
	if in.Tags != nil {
		gi.Tags = *in.Tags
	}
	if in.PublicMembers != nil {
		gi.PublicMembers = *in.PublicMembers
	}
	if setCoords {
		gi.HasCoords, gi.Lat, gi.Lon = coords != nil, 0, 0
		if coords != nil {
			gi.Lat, gi.Lon = coords.Lat, coords.Lon
		}
	}
	ng, err := a.svc.UpdateGroup(r.Context(), httpx.Actor(r.Context()), g.ID, gi)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toGroup(ng))
}

func setStr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

// handleGroupDelete deletes a group with everything in it; administrators.
func (a *API) handleGroupDelete(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteGroup(r.Context(), httpx.Actor(r.Context()), g.ID); err != nil {
		return err
	}
	return noContent(w)
}
