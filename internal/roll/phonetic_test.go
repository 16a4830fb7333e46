package roll

import "testing"

func TestPhoneticKey(t *testing.T) {
	same := [][2]string{
		{"ROUSSEAU", "ROUSSO"},
		{"ROUSSEAU", "ROUSSAUX"},
		{"PHILIPPE", "FILIPE"},
		{"CATHERINE", "KATERINE"},
		{"CHAUVEAU", "CHAUVO"},
		{"CHEVEEAU", "CHEVEO"},
		{"JACQUES", "JAKES"},
		{"GERARD", "JERAR"},
		{"LEMAIRE", "LEMERE"},
		{"BERGER", "BERJE"},
		{"MOREAU", "MORO"},
		{"BOURGEOIS", "BOURJOIS"},
		{"DUPONT", "DUPON"},
		{"ARNAUD", "ARNO"},
		{"THOMAS", "TOMA"},
		{"YVES", "IVE"},
	}
	for _, p := range same {
		if a, b := phoneticKey(p[0]), phoneticKey(p[1]); a != b {
			t.Errorf("phoneticKey(%s) = %s, phoneticKey(%s) = %s: want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{
		{"MARTIN", "MARTEL"},
		{"DUPONT", "DUPUIS"},
		{"BERNARD", "BERTRAND"},
		{"LEROY", "LEROUX"},
		{"PETIT", "PETITJEAN"},
		{"SIMON", "SAMSON"},
	}
	for _, p := range differ {
		if a, b := phoneticKey(p[0]), phoneticKey(p[1]); a == b {
			t.Errorf("phoneticKey(%s) = phoneticKey(%s) = %s: want different", p[0], p[1], a)
		}
	}
	// Any input gives a key without panicking, and keys are stable.
	for _, s := range []string{"", "A", "EAU", "HH", "ZZZZ", "ΑΛΦΑ", "CH"} {
		if phoneticKey(s) != phoneticKey(s) {
			t.Errorf("unstable key for %q", s)
		}
	}
}

// A name written as it sounds, more than two edits from the roll's
// spelling, is found.
func TestSearchPhonetic(t *testing.T) {
	ix := smallRoll(t,
		"ROUSSEAU;;Luc;12/05/1990;75056;Paris",
		"ROUSSEL;;Luc;12/05/1990;75056;Paris",
		"PHILIPPE;;Catherine;01/01/1960;13055;Marseille",
	)
	for _, q := range []Query{
		{Name: "rousso luc", Born: "1990"},
		{Name: "katerine filipe"},
	} {
		res, err := ix.Search(q)
		if err != nil || len(res) == 0 {
			t.Fatalf("%q: %v, %d results", q.Name, err, len(res))
		}
		want := map[string]string{"rousso luc": "ROUSSEAU", "katerine filipe": "PHILIPPE"}[q.Name]
		if res[0].BirthName != want {
			t.Errorf("%q: first result %s, want %s", q.Name, res[0].BirthName, want)
		}
	}
}

// Between two names as many edits away, the one that sounds like the query
// ranks first: BONNE is one edit from BONNET and from BONNEL, but people
// who write BONNE heard BONNET.
func TestSearchSoundsAlikeFirst(t *testing.T) {
	ix := smallRoll(t,
		"BONNEL;;Thérèse;12/05/1956;75056;Paris",
		"BONNET;;Thérèse;31/01/1956;75056;Paris",
	)
	res, err := ix.Search(Query{Name: "therese bonne"})
	if err != nil || len(res) != 2 {
		t.Fatalf("%v, %d results", err, len(res))
	}
	if res[0].BirthName != "BONNET" || res[0].Score <= res[1].Score {
		t.Errorf("got %s %.3f then %s %.3f, want BONNET strictly first", res[0].BirthName, res[0].Score, res[1].BirthName, res[1].Score)
	}
}
