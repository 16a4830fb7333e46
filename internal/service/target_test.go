package service_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// targetsCSV is a file with a target at each level around Lyon 7e
// (69387, in Lyon 69123, Rhône 69) and one elsewhere.
const targetsCSV = `# test file
id;name;kind;role;email;fediverse;form_url;area;area_name;communes;departements
mairie-lyon-7;Mairie du 7e arrondissement;official;;mairie7@lyon.example;;;commune;Lyon 7e;69387;
ville-lyon;Ville de Lyon;official;;;@villedelyon@social.lyon.example;https://www.lyon.example/contact;commune;Lyon;69123;
depute-rhone-3;Députée de la 3e circonscription;representative;Députée;depute3@an.example;;;circonscription;3e circonscription du Rhône;69381 69382;
prefecture-rhone;Préfecture du Rhône;official;;;;https://www.rhone.example/contact;departement;Rhône;;69
elysee;Présidence de la République;institution;;;;https://www.elysee.example/ecrire;national;;;
prefecture-gironde;Préfecture de la Gironde;official;;;;https://www.gironde.example/;departement;;;33
`

func importTargets(t *testing.T, e *env, data string) *service.TargetImport {
	t.Helper()
	rows, err := service.ParseTargetsCSV([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.LoadTargets(bg, rows)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func targetNames(ts []*cortege.Target) string {
	var names []string
	for _, t := range ts {
		names = append(names, t.Key)
	}
	return strings.Join(names, " ")
}

func TestTargetsImportAndLookup(t *testing.T) {
	e := newEnv(t)
	res := importTargets(t, e, targetsCSV)
	if len(res.Errors) > 0 || res.Created != 6 || res.Updated != 0 {
		t.Fatalf("import: %+v", res)
	}
	// Most local first: the arrondissement's, the city's, the
	// circonscription's, the département's, the country's.
	at, err := e.svc.TargetsFor(bg, "69007", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := targetNames(at.Targets), "mairie-lyon-7 ville-lyon prefecture-rhone elysee"; got != want {
		t.Fatalf("69007: %s, want %s", got, want)
	}
	if at.Place.INSEE != "69387" {
		t.Fatalf("place %+v", at.Place)
	}
	at, err = e.svc.TargetsFor(bg, "69001", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := targetNames(at.Targets), "ville-lyon depute-rhone-3 prefecture-rhone elysee"; got != want {
		t.Fatalf("69001: %s, want %s", got, want)
	}
	// A postal code of ten communes asks which; then a pick.
	at, err = e.svc.TargetsFor(bg, "01400", "")
	if err != nil || len(at.Choices) != 10 || at.Targets != nil {
		t.Fatalf("01400: %+v %v", at, err)
	}
	at, err = e.svc.TargetsFor(bg, "01400", "01093")
	if err != nil || at.Place.Name != "Châtillon-sur-Chalaronne" || targetNames(at.Targets) != "elysee" {
		t.Fatalf("01400 01093: %+v %v", at, err)
	}
	_, err = e.svc.TargetsFor(bg, "01400", "69387")
	wantCode(t, "a commune of another postal code", err, cortege.EINVALID)
	_, err = e.svc.TargetsFor(bg, "99999", "")
	wantCode(t, "unknown postal code", err, cortege.EINVALID)
	_, err = e.svc.TargetsFor(bg, "", "")
	wantCode(t, "no place", err, cortege.EINVALID)
	at, err = e.svc.TargetsFor(bg, "", "33063")
	if err != nil || targetNames(at.Targets) != "prefecture-gironde elysee" {
		t.Fatalf("Bordeaux: %+v %v", at, err)
	}

	// A second import updates by id and replaces the area.
	res = importTargets(t, e, "id,name,kind,form_url,area,departements\nelysee,Élysée,institution,https://www.elysee.example/,national,\nprefecture-rhone,Préfecture du Rhône,official,https://www.rhone.example/,departement,33\n")
	if res.Created != 0 || res.Updated != 2 {
		t.Fatalf("update: %+v", res)
	}
	at, _ = e.svc.TargetsFor(bg, "69007", "")
	if got := targetNames(at.Targets); got != "mairie-lyon-7 ville-lyon elysee" {
		t.Fatalf("after update: %s", got)
	}
	if at.Targets[2].Name != "Élysée" {
		t.Fatalf("name not updated: %+v", at.Targets[2])
	}
	tg, err := e.svc.Target(bg, at.Targets[0].ID)
	if err != nil || strings.Join(tg.Area.Communes, " ") != "69387" {
		t.Fatalf("target %+v %v", tg, err)
	}
}

func TestTargetsImportErrors(t *testing.T) {
	e := newEnv(t)
	bad := "id,name,kind,email,fediverse,form_url,area,communes,departements\n" +
		"ok,Bon,official,a@example.org,,,national,,\n" + // line 2
		"x1,,official,a@example.org,,,national,,\n" + // 3: name
		"x2,Nom,king,a@example.org,,,national,,\n" + // 4: kind
		"x3,Nom,official,,,,national,,\n" + // 5: no contact
		"x4,Nom,official,pas-une-adresse,,,national,,\n" + // 6: email
		"x5,Nom,official,,mastodon.social,,national,,\n" + // 7: fediverse
		"x6,Nom,official,,,http://insecure.example/,national,,\n" + // 8: form_url
		"x7,Nom,official,a@example.org,,,commune,99999,\n" + // 9: communes unknown
		"x8,Nom,official,a@example.org,,,departement,,99\n" + // 10: departements unknown
		"x9,Nom,official,a@example.org,,,région,,\n" + // 11: area
		"ok,Encore,official,a@example.org,,,national,,\n" + // 12: id twice
		"x10,Nom,official,a@example.org,,,national,69123,\n" // 13: national with places
	rows, err := service.ParseTargetsCSV([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.LoadTargets(bg, rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []service.TargetRowError{
		{Line: 3, Column: "name"}, {Line: 4, Column: "kind"}, {Line: 5, Column: "email"}, {Line: 6, Column: "email"},
		{Line: 7, Column: "fediverse"}, {Line: 8, Column: "form_url"}, {Line: 9, Column: "communes"},
		{Line: 10, Column: "departements"}, {Line: 11, Column: "area"}, {Line: 12, Column: "id"}, {Line: 13, Column: "communes"},
	}
	if len(res.Errors) != len(want) {
		t.Fatalf("errors %+v", res.Errors)
	}
	for i, w := range want {
		if g := res.Errors[i]; g.Line != w.Line || g.Column != w.Column || !strings.HasPrefix(g.Message, "err.target.") {
			t.Errorf("error %d: %+v, want line %d column %s", i, g, w.Line, w.Column)
		}
	}
	if res.Created+res.Updated != 0 {
		t.Fatal("a file with errors imported something")
	}
	if at, err := e.svc.TargetsFor(bg, "69007", ""); err != nil || len(at.Targets) != 0 {
		t.Fatalf("targets after a refused file: %+v %v", at, err)
	}

	// Errors of the file's shape name their line and column.
	for _, c := range []struct {
		data   string
		line   int
		column string
	}{
		{"id,name,kind\n", 1, "area"},
		{"id,name,kind,area,colour\n", 1, "colour"},
		{"id,name,name,kind,area\n", 1, "name"},
		{"# comment\nid,name,kind,area\na,b,official,national\n\"x,y\n", 4, ""},
		{"id,name,kind,area\na,b,c,d,e\n", 2, ""},
	} {
		_, err := service.ParseTargetsCSV([]byte(c.data))
		var re *service.TargetRowError
		if !errors.As(err, &re) || re.Line != c.line || re.Column != c.column {
			t.Errorf("%q: %v, want line %d column %q", c.data, err, c.line, c.column)
		}
	}
	_, err = e.svc.ImportTargets(bg, signIn(t, e, "someone@example.org"), rows)
	wantCode(t, "a member imports", err, cortege.EFORBIDDEN)
}

// The sample file of real public bodies imports cleanly.
func TestTargetsSampleFile(t *testing.T) {
	e := newEnv(t)
	data, err := os.ReadFile("../../testdata/targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := importTargets(t, e, string(data))
	if len(res.Errors) > 0 || res.Created < 5 {
		t.Fatalf("sample: %+v", res)
	}
	at, err := e.svc.TargetsFor(bg, "69007", "")
	if err != nil || len(at.Targets) == 0 || at.Targets[0].Key != "ville-de-lyon" {
		t.Fatalf("69007 in the sample: %+v %v", at, err)
	}
}

func TestInterpellationCounts(t *testing.T) {
	e := newEnv(t)
	importTargets(t, e, targetsCSV)
	alice := signIn(t, e, "alice@example.org")
	p := publishedPetition(t, e, alice, 100)
	at, _ := e.svc.TargetsFor(bg, "69007", "")
	mairie, elysee := at.Targets[0].ID, at.Targets[3].ID
	visitor := cortege.Actor{IP: "192.0.2.7"}
	for i := 1; i <= 3; i++ {
		n, err := e.svc.CountInterpellation(bg, visitor, p.ID, mairie)
		if err != nil || n != i {
			t.Fatalf("count %d: %d %v", i, n, err)
		}
	}
	if _, err := e.svc.CountInterpellation(bg, cortege.Actor{IP: "198.51.100.1"}, p.ID, elysee); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.InterpellationCounts(bg, cortege.Anonymous, p.ID)
	if err != nil || got[mairie] != 3 || got[elysee] != 1 || len(got) != 2 {
		t.Fatalf("counts %v %v", got, err)
	}
	// One address counts a target of a petition a few times an hour.
	var err2 error
	for i := 0; i < 5 && err2 == nil; i++ {
		_, err2 = e.svc.CountInterpellation(bg, visitor, p.ID, mairie)
	}
	wantCode(t, "counting past the limit", err2, cortege.ERATELIMIT)

	_, err = e.svc.CountInterpellation(bg, visitor, p.ID, "nope")
	wantCode(t, "unknown target", err, cortege.ENOTFOUND)
	draft, err := e.svc.CreatePetition(bg, alice, petitionInput("Brouillon", 10))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.CountInterpellation(bg, visitor, draft.ID, mairie)
	wantCode(t, "a draft, by a visitor", err, cortege.ENOTFOUND)
	_, err = e.svc.InterpellationCounts(bg, visitor, draft.ID)
	wantCode(t, "a draft's counts", err, cortege.ENOTFOUND)
}
