package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/service"
)

// TestWaitingListWordsAndPlace: a full event offers "join the waiting
// list" and says what it means; people on the list read their place in
// line on the page and in the API, and move up when a seat frees.
func TestWaitingListWordsAndPlace(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier vélo"}, "place_area": {"Lyon"}, "capacity": {"1"}})
	first, second, third := a.signIn("un@example.org"), a.signIn("deux@example.org"), a.signIn("trois@example.org")
	mustContain(t, a.get(first, "/events/"+id), "Je participe")
	mustLack(t, a.get(first, "/events/"+id), "liste d’attente</button>")
	for _, u := range []*user{first, second, third} {
		if r := a.post(u, "/events/"+id+"/join", url.Values{}); r.code != http.StatusSeeOther {
			t.Fatalf("join: %d\n%s", r.code, excerpt(r.body))
		}
	}
	mustContain(t, a.get(a.visitor(), "/events/"+id), "M’inscrire sur la liste d’attente", "L’événement est complet")
	mustContain(t, a.get(second, "/events/"+id), "Vous êtes en 1re position sur la liste d’attente.")
	mustContain(t, a.get(third, "/events/"+id), "Vous êtes en 2e position sur la liste d’attente.")

	tok, err := a.Service.CreateTokenFor(context.Background(), "trois@example.org", "test", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	rank := func() (int, bool) {
		req, _ := http.NewRequest("GET", a.URL+"/api/v1/events/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var d struct {
			Full          bool
			Participation struct {
				Status       string
				WaitlistRank *int `json:"waitlist_rank"`
			}
		}
		if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
			t.Fatal(err)
		}
		if d.Participation.WaitlistRank == nil {
			return 0, d.Full
		}
		return *d.Participation.WaitlistRank, d.Full
	}
	if n, full := rank(); n != 2 || !full {
		t.Errorf("API: waitlist_rank %d, full %v; want 2, true", n, full)
	}
	// The first participant leaves: the second gets the seat, the third moves up.
	if r := a.post(first, "/events/"+id+"/leave", url.Values{"confirmed": {"1"}}); r.code != http.StatusSeeOther {
		t.Fatalf("leave: %d", r.code)
	}
	if n, full := rank(); n != 1 || !full {
		t.Errorf("after a seat freed: waitlist_rank %d, full %v; want 1, true", n, full)
	}
	if r := a.get(second, "/events/"+id); strings.Contains(r.body, "liste d’attente.") {
		t.Errorf("the promoted person still reads a place in line")
	}
}
