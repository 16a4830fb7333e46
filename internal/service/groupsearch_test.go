package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestUnlistedAndPrivateGroupsNeverListed(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "lister@example.org")
	mk := func(handle, name, vis string, lat, lon float64) {
		kind := cortege.GroupLocal
		if handle == "velo_villeurbanne" {
			kind = cortege.GroupThematic
		}
		_, err := e.svc.CreateGroup(bg, a, service.GroupInput{Handle: handle, Name: name, Description: "Écologie et vélo", Tags: []string{"Climat"},
			Kind: kind, Visibility: vis, JoinMode: cortege.JoinOpen, HasCoords: true, Lat: lat, Lon: lon})
		if err != nil {
			t.Fatal(err)
		}
	}
	mk("eco_lyon", "Écologistes de Lyon", cortege.VisibilityPublic, 45.764, 4.8357)
	mk("eco_cachee", "Écologistes cachés", cortege.VisibilityUnlisted, 45.765, 4.836)
	mk("eco_secrete", "Écologistes secrets", cortege.VisibilityPrivate, 45.766, 4.837)
	mk("eco_paris", "Écolos de Paris", cortege.VisibilityPublic, 48.8566, 2.3522)
	mk("velo_villeurbanne", "Vélo Villeurbanne", cortege.VisibilityPublic, 45.7719, 4.8902)

	handles := func(r *service.GroupResults) map[string]bool {
		out := map[string]bool{}
		for _, h := range r.Hits {
			out[h.Group.Handle] = true
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    service.GroupQuery
		want []string
	}{
		{"listing", service.GroupQuery{}, []string{"eco_lyon", "eco_paris", "velo_villeurbanne"}},
		{"accents ignored", service.GroupQuery{Text: "ecologistes"}, []string{"eco_lyon"}},
		{"case and accents", service.GroupQuery{Text: "ÉCOLOGISTES LYON"}, []string{"eco_lyon"}},
		{"accented query on plain text", service.GroupQuery{Text: "vélo villeurbanne"}, []string{"velo_villeurbanne"}},
		{"words in any order", service.GroupQuery{Text: "villeurbanne vélo"}, []string{"velo_villeurbanne"}},
		{"by kind", service.GroupQuery{Kind: cortege.GroupThematic}, []string{"velo_villeurbanne"}},
		{"by kind and text", service.GroupQuery{Kind: cortege.GroupLocal, Text: "velo"}, []string{"eco_lyon", "eco_paris"}},
		{"by kind near Lyon", service.GroupQuery{Kind: cortege.GroupLocal, Near: true, Lat: 45.76, Lon: 4.84, RadiusKm: 20}, []string{"eco_lyon"}},
		{"description", service.GroupQuery{Text: "velo"}, []string{"eco_lyon", "eco_paris", "velo_villeurbanne"}},
		{"unlisted by name", service.GroupQuery{Text: "caches"}, nil},
		{"private by name", service.GroupQuery{Text: "secrets"}, nil},
		{"near Lyon", service.GroupQuery{Near: true, Lat: 45.76, Lon: 4.84, RadiusKm: 20}, []string{"eco_lyon", "velo_villeurbanne"}},
		{"near Lyon with text", service.GroupQuery{Near: true, Lat: 45.76, Lon: 4.84, RadiusKm: 20, Text: "ecologistes"}, []string{"eco_lyon"}},
		{"near Paris", service.GroupQuery{Near: true, Lat: 48.85, Lon: 2.35}, []string{"eco_paris"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.svc.SearchGroups(bg, cortege.Anonymous, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := handles(r)
			if len(got) != len(tc.want) || r.Total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", got, r.Total, tc.want)
			}
			for _, h := range tc.want {
				if !got[h] {
					t.Errorf("%s missing from %v", h, got)
				}
			}
			if tc.q.Near && len(r.Hits) > 1 && r.Hits[0].DistanceKm > r.Hits[1].DistanceKm {
				t.Error("not sorted by distance")
			}
		})
	}
	// A page past the end is empty, not an error; pages are numbered.
	r, err := e.svc.SearchGroups(bg, cortege.Anonymous, service.GroupQuery{Page: 3})
	if err != nil || len(r.Hits) != 0 || r.Pages != 1 || r.Page != 3 {
		t.Fatalf("page 3 = %+v %v", r, err)
	}
}

func TestNewGroupsWaitForApproval(t *testing.T) {
	e := newEnv(t)
	admin := adminActor(t, e)
	set, _ := e.svc.Settings(bg)
	set.GroupApproval = true
	if err := e.svc.UpdateSettings(bg, admin, set); err != nil {
		t.Fatal(err)
	}
	if set, _ := e.svc.Settings(bg); !set.GroupApproval || set.Name == "" {
		t.Fatalf("settings = %+v", set)
	}
	a := signIn(t, e, "newbie@example.org")
	g := newGroup(t, e, a, "attente", cortege.VisibilityPublic, cortege.JoinOpen)
	if g.Approved {
		t.Fatal("approved at once")
	}
	if r, _ := e.svc.SearchGroups(bg, cortege.Anonymous, service.GroupQuery{Text: "attente"}); len(r.Hits) != 0 {
		t.Fatal("a group waiting for approval is listed")
	}
	if _, err := e.svc.GroupPage(bg, cortege.Anonymous, g.Handle); err != nil {
		t.Fatalf("its page still works: %v", err)
	}
	wantCode(t, "non-admin approves", e.svc.ApproveGroup(bg, a, g.ID), cortege.EFORBIDDEN)
	if pending, err := e.svc.GroupsAwaitingApproval(bg, admin, 1); err != nil || len(pending) != 1 {
		t.Fatalf("awaiting approval = %v %v", pending, err)
	}
	if err := e.svc.ApproveGroup(bg, admin, g.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.svc.SearchGroups(bg, cortege.Anonymous, service.GroupQuery{Text: "attente"}); len(r.Hits) != 1 {
		t.Fatal("approved group not listed")
	}
}
