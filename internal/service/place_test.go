package service_test

import (
	"context"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// geocoderFunc is a street geocoder for tests.
type geocoderFunc func(street, postal, city string) (float64, float64, bool)

func (f geocoderFunc) Geocode(_ context.Context, street, postal, city string) (float64, float64, bool, error) {
	lat, lon, ok := f(street, postal, city)
	return lat, lon, ok, nil
}

// TestEventPlaceResolved: the commune field of an event is read with the
// gazetteer (postal code, name or both), becomes the commune's name, and
// gives the event its centre; the street line stays as typed.
func TestEventPlaceResolved(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	create := func(area, place, choice string) (*cortege.Event, error) {
		in := eventInput(e, "Marche")
		in.PlaceArea, in.Place, in.PlaceChoice = area, place, choice
		return e.svc.CreateEvent(bg, org, in)
	}
	for _, c := range []struct {
		area, place, choice string
		wantArea            string
		lat, lon            float64 // 0: no position
	}{
		{"69007", "12 rue de Marseille", "", "Lyon 7e", 45.74525, 4.84197},
		{"près de Villeurbanne", "", "", "Villeurbanne", 45.76601, 4.87950},
		{"75011 Paris", "Place Léon-Blum", "", "Paris 11e", 48.85341, 2.34880},
		{"01400", "", "01328", "Romans (01400)", 0, 0},
		{"", "12 rue Jean Jaurès, 69100 Villeurbanne", "", "Villeurbanne", 45.76601, 4.87950},
		{"Bruxelles", "Grand-Place", "", "Bruxelles", 0, 0},
	} {
		ev, err := create(c.area, c.place, c.choice)
		if err != nil {
			t.Errorf("%q: %v", c.area, err)
			continue
		}
		if ev.PlaceArea != c.wantArea || ev.Place != c.place {
			t.Errorf("%q %q: area %q place %q", c.area, c.place, ev.PlaceArea, ev.Place)
		}
		switch {
		case c.lat == 0 && c.wantArea == "Bruxelles":
			if ev.HasCoords {
				t.Errorf("%q: placed at %v,%v", c.area, ev.Lat, ev.Lon)
			}
		case c.lat == 0:
			if !ev.HasCoords || ev.Lat < 46 || ev.Lat > 46.3 {
				t.Errorf("%q: %v %v,%v", c.area, ev.HasCoords, ev.Lat, ev.Lon)
			}
		case !ev.HasCoords || ev.Lat != c.lat || ev.Lon != c.lon:
			t.Errorf("%q: %v %v,%v, want %v,%v", c.area, ev.HasCoords, ev.Lat, ev.Lon, c.lat, c.lon)
		}
	}
	// Coordinates typed by the organiser win.
	in := eventInput(e, "Marche")
	in.PlaceArea, in.HasCoords, in.Lat, in.Lon = "69007", true, 45.7501, 4.8402
	if ev, err := e.svc.CreateEvent(bg, org, in); err != nil || ev.Lat != 45.7501 || ev.PlaceArea != "Lyon 7e" {
		t.Errorf("typed coordinates: %+v %v", ev, err)
	}
	// What cannot be resolved is said on the commune field.
	for area, key := range map[string]string{"01400": "err.place.ambiguous", "99999": "err.place.unknown_postal", "Saint-Denis": "err.place.ambiguous"} {
		_, err := create(area, "", "")
		if e := cortege.ErrorOf(err); e == nil || e.Field != "place_area" || e.Message != key {
			t.Errorf("%q: %v, want %s on place_area", area, err, key)
		}
	}
	// The choices offered are the communes of that postal code.
	if ps := e.svc.ResolvePlace("01400"); len(ps) != 10 || ps[0].Name != "Châtillon-sur-Chalaronne" || ps[0].Label != "Châtillon-sur-Chalaronne (01400, Ain)" {
		t.Errorf("choices %+v", ps)
	}
	// An edit that changes the commune but sends the old coordinates back
	// (a form without JavaScript) moves the event.
	ev, err := create("69007", "", "")
	if err != nil {
		t.Fatal(err)
	}
	in = eventInput(e, "Marche")
	in.PlaceArea, in.HasCoords, in.Lat, in.Lon = "69100", true, ev.Lat, ev.Lon
	up, err := e.svc.UpdateEvent(bg, org, service.ByID(ev.ID), in, service.ScopeThis)
	if err != nil || up.PlaceArea != "Villeurbanne" || up.Lat != 45.76601 {
		t.Errorf("edit: %+v %v", up, err)
	}
}

// TestGroupPlaceResolved: a group's address that is only a commune
// becomes its name; a fuller address stays; both get a position.
func TestGroupPlaceResolved(t *testing.T) {
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	for i, c := range []struct{ address, want string }{
		{"69007", "Lyon 7e"},
		{"Maison des associations, 12 rue Jean Jaurès, 69100 Villeurbanne", "Maison des associations, 12 rue Jean Jaurès, 69100 Villeurbanne"},
		{"Villeurbanne", "Villeurbanne"},
	} {
		g, err := e.svc.CreateGroup(bg, org, service.GroupInput{Handle: "g" + string(rune('a'+i)), Name: "Groupe", Address: c.address,
			Visibility: cortege.VisibilityPublic, JoinMode: "open"})
		if err != nil || g.Address != c.want || !g.HasCoords || g.Lat < 45.7 || g.Lat > 45.8 {
			t.Errorf("%q: %+v %v", c.address, g, err)
		}
	}
	_, err := e.svc.CreateGroup(bg, org, service.GroupInput{Handle: "gz", Name: "Groupe", Address: "01400", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if e := cortege.ErrorOf(err); e == nil || e.Field != "address" || e.Message != "err.place.ambiguous" {
		t.Errorf("ambiguous address: %v", err)
	}
}

// TestStreetGeocoder: with a geocoder configured, an event gets its
// street's position, and the commune's centre when the geocoder does not
// know the street or answers far from the commune.
func TestStreetGeocoder(t *testing.T) {
	e := newEnv(t)
	var asked []string
	svc := service.New(e.db, service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock,
		Geocoder: geocoderFunc(func(street, postal, city string) (float64, float64, bool) {
			asked = append(asked, street+"|"+postal+"|"+city)
			switch street {
			case "12 rue de Marseille":
				return 45.7512, 4.8431, true
			case "1 rue de Paris":
				return 48.85, 2.35, true // Paris: not in Lyon
			}
			return 0, 0, false
		})})
	org := signIn(t, e, "org@example.org")
	for street, want := range map[string]float64{"12 rue de Marseille": 45.7512, "1 rue de Paris": 45.74525, "nowhere": 45.74525} {
		in := eventInput(e, "Marche")
		in.PlaceArea, in.Place = "69007", street
		ev, err := svc.CreateEvent(bg, org, in)
		if err != nil || ev.Lat != want || ev.Place != street {
			t.Errorf("%q: %+v %v", street, ev, err)
		}
	}
	if len(asked) != 3 || asked[0] != "12 rue de Marseille|69007|Lyon" && asked[1] != "12 rue de Marseille|69007|Lyon" && asked[2] != "12 rue de Marseille|69007|Lyon" {
		t.Errorf("asked %q", asked)
	}
}

// TestResolveNear: the search place field reads communes and
// coordinates, and refuses what it cannot read.
func TestResolveNear(t *testing.T) {
	e := newEnv(t)
	for text, want := range map[string]string{"near Lyon": "Lyon", "près de 69007": "Lyon 7e", "Villeurbanne": "Villeurbanne", "45.76, 4.83": "45.76, 4.83"} {
		n, err := e.svc.ResolveNear("near", text)
		if err != nil || n.Place.Name != want {
			t.Errorf("%q: %+v %v", text, n, err)
		}
	}
	n, _ := e.svc.ResolveNear("near", "Lyon")
	if r := service.SearchRadius(2, n); r < 6 {
		t.Errorf("Lyon within 2 km searches %.1f km: the arrondissements are out", r)
	}
	if r := service.SearchRadius(0, service.NearPlace{}); r != 10 {
		t.Errorf("default radius %v", r)
	}
	for _, text := range []string{"Atlantis", "99999", "91, 0"} {
		if _, err := e.svc.ResolveNear("near", text); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "near" {
			t.Errorf("%q: %v", text, err)
		}
	}
	if p, ok := e.svc.PlaceAt(45.7453, 4.8420); !ok || p.Name != "Lyon 7e" {
		t.Errorf("PlaceAt %+v", p)
	}
}
