package cortege_test

import (
	"reflect"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func validPetition() *cortege.Petition {
	return &cortege.Petition{Title: " Sauvons la gare ", Text: "Texte", Addressee: "La mairie", Goal: 1000,
		Scope: cortege.ScopeLocal, PlaceINSEE: "69387", Departement: "69", State: cortege.PetitionDraft}
}

func TestPetitionValidate(t *testing.T) {
	p := validPetition()
	if err := p.Validate(); err != nil || p.Title != "Sauvons la gare" || p.Lang != "fr" {
		t.Fatalf("Validate: %v, %+v", err, p)
	}
	for field, change := range map[string]func(*cortege.Petition){
		"title":           func(p *cortege.Petition) { p.Title = " " },
		"text":            func(p *cortege.Petition) { p.Text = "" },
		"addressee":       func(p *cortege.Petition) { p.Addressee = "" },
		"goal":            func(p *cortege.Petition) { p.Goal = 0 },
		"scope":           func(p *cortege.Petition) { p.Scope = "world" },
		"place":           func(p *cortege.Petition) { p.PlaceINSEE = "" },
		"fundraising_url": func(p *cortege.Petition) { p.FundraisingURL = "javascript:alert(1)" },
	} {
		p := validPetition()
		change(p)
		if e := cortege.ErrorOf(p.Validate()); e == nil || e.Code != cortege.EINVALID || e.Field != field {
			t.Errorf("%s: got %v", field, e)
		}
	}
	for u, ok := range map[string]bool{"https://dons.example.org/p": true, "http://dons.example.org": false,
		"https://user:pw@example.org": false, "ftp://example.org": false} {
		if cortege.ValidFundraisingURL(u) != ok {
			t.Errorf("ValidFundraisingURL(%q) != %v", u, ok)
		}
	}
}

func TestPetitionLifecycle(t *testing.T) {
	now := time.Now()
	p := validPetition()
	if p.CanMove(cortege.PetitionClosed, now) || !p.CanMove(cortege.PetitionPublished, now) || p.Signable(now) {
		t.Fatal("a draft is only published")
	}
	p.State, p.EndsAt = cortege.PetitionPublished, now.Add(time.Hour)
	if !p.Signable(now) || p.Signable(now.Add(time.Hour)) || p.StateAt(now.Add(2*time.Hour)) != cortege.PetitionClosed {
		t.Fatal("a published petition closes at its end date")
	}
	if !p.CanMove(cortege.PetitionAnswered, now.Add(2*time.Hour)) || p.CanMove(cortege.PetitionPublished, now) {
		t.Fatal("published petitions are answered, not published again")
	}
	if p.CanEdit(false, now) || !p.CanEdit(true, now) || p.CanEdit(true, now.Add(2*time.Hour)) {
		t.Fatal("only organisers edit, and only until the end")
	}
}

func TestMilestonesCrossed(t *testing.T) {
	for _, c := range []struct {
		goal, before, after int
		want                []int
	}{{1000, 0, 99, nil}, {1000, 99, 100, []int{10}}, {1000, 99, 1000, []int{10, 50, 100}}, {3, 0, 1, []int{10}}, {1000, 600, 500, nil}} {
		if got := cortege.MilestonesCrossed(c.goal, c.before, c.after); !reflect.DeepEqual(got, c.want) {
			t.Errorf("MilestonesCrossed(%d, %d, %d) = %v, want %v", c.goal, c.before, c.after, got, c.want)
		}
	}
}

func TestSignatureValidate(t *testing.T) {
	s := &cortege.Signature{FirstName: "Anna", LastName: "Dupont", Email: "A.Nna+p@Gmail.com", Postal: "69007",
		Consents: []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: true, Wording: "Me tenir informé"}}}
	if err := s.Validate(); err != nil || s.EmailKey != "anna@gmail.com" || s.EmailDomain != "gmail.com" || s.Source != cortege.SourceOnline {
		t.Fatalf("Validate: %v %+v", err, s)
	}
	paper := &cortege.Signature{FirstName: "Jean", LastName: "Martin", Postal: "75011", Source: cortege.SourcePaper}
	if err := paper.Validate(); err != nil || paper.EmailKey != "" {
		t.Fatalf("a paper signature needs no address: %v", err)
	}
	for field, change := range map[string]func(*cortege.Signature){
		"first_name":  func(s *cortege.Signature) { s.FirstName = "" },
		"last_name":   func(s *cortege.Signature) { s.LastName = "" },
		"email":       func(s *cortege.Signature) { s.Email = "nope" },
		"postal_code": func(s *cortege.Signature) { s.Postal = "6900" },
		"consents":    func(s *cortege.Signature) { s.Consents = []cortege.Consent{{Purpose: cortege.ConsentGroupNews}} },
	} {
		s := &cortege.Signature{FirstName: "Anna", LastName: "Dupont", Email: "anna@example.org", Postal: "69007"}
		change(s)
		if e := cortege.ErrorOf(s.Validate()); e == nil || e.Field != field {
			t.Errorf("%s: got %v", field, e)
		}
	}
}
