package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
)

const apiTargetsCSV = `id;name;kind;email;form_url;area;communes;departements
mairie-lyon-7;Mairie du 7e arrondissement;official;mairie7@lyon.example;;commune;69387;
prefecture-rhone;Préfecture du Rhône;official;;https://www.rhone.example/;departement;;69
elysee;Présidence de la République;institution;;https://www.elysee.example/;national;;
`

// TestTargetsAPI: an administrator imports targets, anyone lists those of
// a postal code (most local first) and counts an interpellation.
func TestTargetsAPI(t *testing.T) {
	e := newEnv(t)
	csv := map[string]string{"Content-Type": "text/csv; charset=utf-8"}
	alice := e.user("alice")
	if w := e.do(request{Method: "POST", Path: "/api/v1/targets/import", Token: alice, Body: apiTargetsCSV, Header: csv}); w.Code != http.StatusForbidden {
		t.Fatalf("a member imports: %d %s", w.Code, w.Body)
	}
	root := e.admin("root")
	w := e.do(request{Method: "POST", Path: "/api/v1/targets/import", Token: root, Body: "id,name,kind,area\nx,,official,national\n", Header: csv})
	bad := decodeAs[api.TargetImport](t, w)
	if w.Code != http.StatusUnprocessableEntity || len(bad.Errors) != 1 || bad.Errors[0].Line != 2 || bad.Errors[0].Column != "name" || bad.Errors[0].Message == "" {
		t.Fatalf("faulty file: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{Method: "POST", Path: "/api/v1/targets/import", Token: root, Body: apiTargetsCSV}); w.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("as JSON: %d", w.Code)
	}
	w = e.do(request{Method: "POST", Path: "/api/v1/targets/import", Token: root, Body: apiTargetsCSV, Header: csv})
	if got := decodeAs[api.TargetImport](t, w); w.Code != 200 || got.Created != 3 || len(got.Errors) != 0 {
		t.Fatalf("import: %d %s", w.Code, w.Body)
	}

	act, err := e.svc.TokenActor(context.Background(), alice, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.CreatePetition(context.Background(), act, service.PetitionInput{Title: "Des arbres", Text: "Plantons.",
		Addressee: "la Métropole", Goal: 10, Scope: cortege.ScopeNational})
	if err != nil {
		t.Fatal(err)
	}
	base := "/api/v1/petitions/" + p.ID + "/targets"
	if w := e.do(request{Method: "GET", Path: base + "?postcode=69007"}); w.Code != http.StatusNotFound {
		t.Fatalf("a draft: %d", w.Code)
	}
	if _, err := e.svc.PublishPetition(context.Background(), act, p.ID); err != nil {
		t.Fatal(err)
	}
	w = e.do(request{Method: "GET", Path: base + "?postcode=69007"})
	list := decodeAs[api.TargetList](t, w)
	if w.Code != 200 || list.Place == nil || list.Place.INSEE != "69387" || len(list.Targets) != 3 ||
		list.Targets[0].Key != "mairie-lyon-7" || list.Targets[1].Key != "prefecture-rhone" || list.Targets[2].Key != "elysee" {
		t.Fatalf("69007: %d %s", w.Code, w.Body)
	}
	mairie := list.Targets[0].ID
	w = e.do(request{Method: "POST", Path: base + "/" + mairie + "/interpellations"})
	if c := decodeAs[api.InterpellationCount](t, w); w.Code != 200 || c.Count != 1 {
		t.Fatalf("count: %d %s", w.Code, w.Body)
	}
	w = e.do(request{Method: "GET", Path: base + "?postcode=69007"})
	if list = decodeAs[api.TargetList](t, w); list.Targets[0].Interpellations != 1 || list.Targets[1].Interpellations != 0 {
		t.Fatalf("counts: %s", w.Body)
	}
	w = e.do(request{Method: "GET", Path: base + "?postcode=01400"})
	if list = decodeAs[api.TargetList](t, w); w.Code != 200 || list.Place != nil || len(list.Choices) != 10 || len(list.Targets) != 0 || !strings.Contains(w.Body.String(), `"targets":[]`) {
		t.Fatalf("choices: %d %s", w.Code, w.Body)
	}
	w = e.do(request{Method: "GET", Path: base + "?postcode=99999"})
	checkError(t, w, "invalid", "postcode")
	w = e.do(request{Method: "POST", Path: base + "/nope/interpellations"})
	if w.Code != http.StatusNotFound {
		t.Fatalf("unknown target: %d", w.Code)
	}
}
