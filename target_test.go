package cortege

import "testing"

func TestTargetValidate(t *testing.T) {
	ok := func() Target {
		return Target{Key: "Mairie-Lyon", Name: " Mairie de Lyon ", Kind: "Official", Email: "contact@Lyon.FR",
			Area: TargetArea{Level: "commune", Communes: []string{"69123", " 69123", "2a004"}}}
	}
	tg := ok()
	if err := tg.Validate(); err != nil {
		t.Fatal(err)
	}
	if tg.Key != "mairie-lyon" || tg.Name != "Mairie de Lyon" || tg.Kind != TargetOfficial || tg.Email != "contact@lyon.fr" ||
		len(tg.Area.Communes) != 2 || tg.Area.Communes[0] != "2A004" {
		t.Fatalf("normalised %+v", tg)
	}
	for _, c := range []struct {
		field string
		edit  func(*Target)
	}{
		{"id", func(t *Target) { t.Key = "" }},
		{"id", func(t *Target) { t.Key = "a b" }},
		{"name", func(t *Target) { t.Name = "" }},
		{"kind", func(t *Target) { t.Kind = "person" }},
		{"email", func(t *Target) { t.Email = "" }},
		{"email", func(t *Target) { t.Email = "nope" }},
		{"fediverse", func(t *Target) { t.Fediverse = "@user" }},
		{"fediverse", func(t *Target) { t.Fediverse = "@user@127.0.0.1" }},
		{"form_url", func(t *Target) { t.FormURL = "http://example.org/form" }},
		{"form_url", func(t *Target) { t.FormURL = "javascript:alert(1)" }},
		{"area", func(t *Target) { t.Area.Level = "region" }},
		{"communes", func(t *Target) { t.Area.Communes = []string{"6912"} }},
		{"communes", func(t *Target) { t.Area.Communes = nil }},
		{"departements", func(t *Target) { t.Area.Departements = []string{"69"} }},
		{"departements", func(t *Target) { t.Area = TargetArea{Level: "departement", Departements: []string{"100"}} }},
		{"communes", func(t *Target) { t.Area = TargetArea{Level: "national", Communes: []string{"69123"}} }},
		{"communes", func(t *Target) { t.Area = TargetArea{Level: "circonscription"} }},
	} {
		tg := ok()
		c.edit(&tg)
		err := tg.Validate()
		if e := ErrorOf(err); e == nil || e.Code != EINVALID || e.Field != c.field {
			t.Errorf("%+v: %v, want a fault on %s", tg, err, c.field)
		}
	}
	tg = Target{Key: "x", Name: "X", Kind: "company", Fediverse: "x@Social.Example", Area: TargetArea{Level: "circonscription", Departements: []string{"2b", "971"}}}
	if err := tg.Validate(); err != nil || tg.Fediverse != "@x@social.example" {
		t.Fatalf("%+v %v", tg, err)
	}
}

func TestPublicHost(t *testing.T) {
	for in, want := range map[string]string{
		"mastodon.social": "mastodon.social", "Piaille.FR": "piaille.fr", "piaille.fr.": "piaille.fr",
		"réseau.example": "xn--rseau-bsa.example",
		"":               "", "localhost": "", "127.0.0.1": "", "[::1]": "", "host:443": "", "a/b.example": "", "u@h.example": "",
		"-bad.example": "", "host.123": "", "a..b": "", "javascript:alert(1)": "",
	} {
		got, ok := PublicHost(in)
		if got != want || ok != (want != "") {
			t.Errorf("PublicHost(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if AreaRank(AreaCommune) >= AreaRank(AreaCirconscription) || AreaRank(AreaDepartement) >= AreaRank(AreaNational) || AreaRank("x") <= AreaRank(AreaNational) {
		t.Fatal("AreaRank order")
	}
}
