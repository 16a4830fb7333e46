package e2e

import (
	"encoding/json"
	"net/url"
)

// crawlTable is every route of the server with its rule: the pages
// (crawl_routes_web_test.go, crawl_routes_groups_test.go), the API
// (crawl_routes_api_test.go) and the server's own.
func crawlTable() map[string]*crawlRoute {
	t := map[string]*crawlRoute{
		"GET /healthz": {targets: lit(""), rule: everyone},
	}
	for _, part := range []map[string]*crawlRoute{webRoutes(), eventRoutes(), groupRoutes(), targetRoutes(), apiCoreRoutes(), apiGroupRoutes(), apiEventRoutes(), petitionWebRoutes(), petitionAPIRoutes(), petitionLinkRoutes(), petitionToolRoutes(), voucherRoutes(), apiVoteRoutes(), voteManageRoutes(), voteRoutes(), consultationRoutes()} {
		for p, r := range part {
			if _, dup := t[p]; dup {
				panic("crawl table: " + p + " twice")
			}
			t[p] = r
		}
	}
	return t
}

// Targets.

// lit is one target with no wildcard (or fixed values) and a query.
func lit(query string, values ...string) func(*crawlWorld) []crawlTarget {
	return func(*crawlWorld) []crawlTarget { return []crawlTarget{{values: values, fit: true, query: query}} }
}

// groupRef is how a path names a group: its handle in pages, its ID in
// the API.
func groupRef(g *crawlGroup, api bool) string {
	if api {
		return g.id
	}
	return g.handle
}

func (w *crawlWorld) groupObj(g *crawlGroup) *crawlObject {
	for _, o := range w.objects["group"] {
		if o.group == g {
			return o
		}
	}
	panic("crawl: no object for group " + g.key)
}

// groups names each group.
func groups(api bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects["group"] {
			out = append(out, crawlTarget{values: []string{groupRef(o.group, api)}, objs: []*crawlObject{o}, fit: true})
		}
		return out
	}
}

// inGroup names each object of kind under its group, then under another
// group (an IDOR attempt).
func inGroup(kind string, api bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects[kind] {
			other := w.otherGroup(o.group)
			out = append(out,
				crawlTarget{values: []string{groupRef(o.group, api), o.id}, objs: []*crawlObject{w.groupObj(o.group), o}, fit: true},
				crawlTarget{values: []string{groupRef(other, api), o.id}, objs: []*crawlObject{w.groupObj(other), o}})
		}
		return out
	}
}

// inGroupPeople names, under each of g1 and g2, the profiles of the given
// people (only g1's are members there).
func inGroupPeople(api bool, keys ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, gk := range []string{"g1", "g2"} {
			g := w.groups[gk]
			for _, k := range keys {
				p := &crawlObject{kind: "profile", id: w.people[k].pid(), author: k}
				out = append(out, crawlTarget{values: []string{groupRef(g, api), p.id}, objs: []*crawlObject{w.groupObj(g), p}, fit: gk == "g1"})
			}
		}
		return out
	}
}

// anyGroupPeople is inGroupPeople where the profiles need not belong to
// the group (blocking keeps anyone out).
func anyGroupPeople(api bool, keys ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		out := inGroupPeople(api, keys...)(w)
		for i := range out {
			out[i].fit = true
		}
		return out
	}
}

// withQuery adds a query to each target.
func withQuery(gen func(*crawlWorld) []crawlTarget, query string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		out := gen(w)
		for i := range out {
			out[i].query = query
		}
		return out
	}
}

// messages names each message under its group and discussion, then with
// another group's discussion, then under another group.
func messages(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, m := range w.objects["message"] {
		other := w.otherGroup(m.group)
		var otherDisc *crawlObject
		for _, d := range w.objects["discussion"] {
			if d.group == other {
				otherDisc = d
			}
		}
		out = append(out,
			crawlTarget{values: []string{m.group.handle, m.parent.id, m.id}, objs: []*crawlObject{w.groupObj(m.group), m.parent, m}, fit: true},
			crawlTarget{values: []string{m.group.handle, otherDisc.id, m.id}, objs: []*crawlObject{w.groupObj(m.group), otherDisc, m}},
			crawlTarget{values: []string{other.handle, m.parent.id, m.id}, objs: []*crawlObject{w.groupObj(other), m.parent, m}})
	}
	return out
}

// objs names each object of the kinds.
func objs(kinds ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, k := range kinds {
			for _, o := range w.objects[k] {
				out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true})
			}
		}
		return out
	}
}

// ownedBy names the objects of kind that belong to the given people.
func ownedBy(kind string, keys ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects[kind] {
			for _, k := range keys {
				if o.author == k {
					out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true})
				}
			}
		}
		return out
	}
}

// inEvent names each object of kind under its event, then under another
// event.
func inEvent(kind string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects[kind] {
			other := w.otherEvent(o.event)
			out = append(out,
				crawlTarget{values: []string{o.event.id, o.id}, objs: []*crawlObject{w.eventObj(o.event), o}, fit: true},
				crawlTarget{values: []string{other.id, o.id}, objs: []*crawlObject{w.eventObj(other), o}})
		}
		return out
	}
}

func (w *crawlWorld) eventObj(e *crawlEvent) *crawlObject {
	for _, o := range w.objects["event"] {
		if o.event == e {
			return o
		}
	}
	panic("crawl: no object for event " + e.key)
}

// withSuffix adds to each target's last value a suffix ("…/ID.ics").
func withSuffix(gen func(*crawlWorld) []crawlTarget, suffix string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		out := gen(w)
		for i := range out {
			v := append([]string(nil), out[i].values...)
			v[len(v)-1] += suffix
			out[i].values = v
		}
		return out
	}
}

// both is the targets of two generators.
func both(a, b func(*crawlWorld) []crawlTarget) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget { return append(a(w), b(w)...) }
}

// Rules.

func everyone(crawlCall) want { return wAllow }
func anything(crawlCall) want { return wAny }
func nobody(crawlCall) want   { return wDeny }

func signedIn(c crawlCall) want {
	if c.who == roleAnon {
		return wDeny
	}
	return wAllow
}

func instanceAdmin(c crawlCall) want {
	if c.who == roleRoot {
		return wAllow
	}
	return wDeny
}

// ownerOnly: the object named first belongs to who.
func ownerOnly(c crawlCall) want {
	if c.obj(0) != nil && c.obj(0).author == c.who {
		return wAllow
	}
	return wDeny
}

// decide turns a permission into a want: allowed; refused when who may
// see the thing; not found otherwise.
func decide(may, sees bool) want {
	switch {
	case may:
		return wAllow
	case sees:
		return wDeny
	}
	return wHidden
}

// Bodies.

func form(kv ...string) func(crawlCall) crawlBody {
	return func(c crawlCall) crawlBody { return formOf(c, kv...) }
}

func formOf(c crawlCall, kv ...string) crawlBody {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	for k, x := range c.t.form {
		v.Set(k, x)
	}
	return crawlBody{ctype: "application/x-www-form-urlencoded", data: v.Encode()}
}

// confirmed is a form that confirms a destructive action.
func confirmed(kv ...string) func(crawlCall) crawlBody {
	return form(append([]string{"confirmed", "1"}, kv...)...)
}

func jsonBody(v any) func(crawlCall) crawlBody {
	return func(crawlCall) crawlBody {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return crawlBody{ctype: "application/json", data: string(b)}
	}
}
