package main

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege/internal/places"
)

// countries are GeoNames' country codes of France's communes: metropolitan
// France, and the overseas départements and collectivités GeoNames lists
// apart.
var countries = map[string]bool{"FR": true, "GP": true, "MQ": true, "GF": true, "RE": true, "YT": true,
	"PM": true, "BL": true, "MF": true, "WF": true, "PF": true, "NC": true}

// place is a GeoNames populated place.
type place struct {
	name     string
	fcode    string
	lat, lon float64
	pop      int
}

// geonames reads cities500.txt (GeoNames' tab-separated dump) into places
// by INSEE code (admin4, or admin1 where GeoNames keeps it there).
func geonames(b []byte) map[string][]place {
	out := map[string][]place{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 15 || !countries[f[8]] || f[6] != "P" {
			continue
		}
		code := f[13]
		if code == "" && len(f[10]) == 5 && f[10][0] == '9' {
			code = f[10] // Mayotte, Saint-Pierre-et-Miquelon: the code is admin1
		}
		if code == "" {
			continue
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		pop, _ := strconv.Atoi(f[14])
		out[code] = append(out[code], place{name: f[1], fcode: f[7], lat: lat, lon: lon, pop: pop})
	}
	return out
}

// row is one line of the generated file.
type row struct {
	code, kind, parent, dep, region, name string
	postal                                []string
	lat, lon                              float64
	prec                                  string // g GeoNames, c parent's centre, p postal-code estimate, d département estimate
	pop                                   int
}

var arrondissementName = regexp.MustCompile(`^(.*) (\d+)(er|e) Arrondissement$`)

// build joins the sources into rows, communes first then arrondissements
// and delegated communes, each group sorted by code.
func build(communes []cogCommune, postal []postalRow, geo map[string][]place) []*row {
	byCode := map[string]*row{}
	var rows []*row
	postalOf := map[string]map[string]bool{}
	for _, p := range postal {
		if postalOf[p.Commune] == nil {
			postalOf[p.Commune] = map[string]bool{}
		}
		postalOf[p.Commune][p.Postal] = true
	}
	for _, c := range communes {
		r := &row{code: c.Code, dep: c.Dep, region: c.Region, name: c.Nom, pop: c.Population}
		switch c.Type {
		case "commune-actuelle":
			r.kind = "c"
		case "arrondissement-municipal":
			r.kind, r.parent = "a", c.Commune
			if m := arrondissementName.FindStringSubmatch(c.Nom); m != nil {
				r.name = m[1] + " " + m[2] + m[3]
			}
		case "commune-deleguee", "commune-associee":
			r.kind, r.parent = "d", c.ChefLieu
		default:
			continue
		}
		codes := map[string]bool{}
		for _, p := range c.Postal {
			codes[p] = true
		}
		if r.kind != "d" {
			for p := range postalOf[c.Code] {
				codes[p] = true
			}
		}
		for p := range codes {
			r.postal = append(r.postal, p)
		}
		sort.Strings(r.postal)
		if r.kind == "c" || r.kind == "a" {
			byCode[c.Code] = r
		}
		rows = append(rows, r)
	}
	// Delegated communes named like their commune add nothing.
	kept := rows[:0]
	for _, r := range rows {
		if p := byCode[r.parent]; r.kind == "d" && (p == nil || places.Fold(p.name) == places.Fold(r.name)) {
			continue
		}
		kept = append(kept, r)
	}
	rows = kept
	for _, r := range rows {
		locate(r, geo)
	}
	// A commune GeoNames misses may still be listed under one of its
	// delegated communes' codes (a merger GeoNames has not followed).
	for _, r := range rows {
		if p := byCode[r.parent]; r.kind == "d" && r.prec == "g" && p.prec == "" {
			p.lat, p.lon, p.prec = r.lat, r.lon, "g"
		}
	}
	for _, r := range rows {
		if p := byCode[r.parent]; r.prec == "" && p != nil && p.prec == "g" {
			r.lat, r.lon, r.prec = p.lat, p.lon, "c"
		}
	}
	estimate(rows)
	for _, r := range rows {
		if p := byCode[r.parent]; r.prec == "" && p != nil && p.prec != "" {
			r.lat, r.lon, r.prec = p.lat, p.lon, p.prec
		}
	}
	order := map[string]int{"c": 0, "a": 1, "d": 2}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].kind != rows[j].kind {
			return order[rows[i].kind] < order[rows[j].kind]
		}
		if rows[i].code != rows[j].code {
			return rows[i].code < rows[j].code
		}
		return rows[i].name < rows[j].name
	})
	return rows
}

// locate gives a row the position of its GeoNames place: the one named
// like it, else the most populous; an arrondissement's is the place of its
// commune numbered like it ("Lyon 07").
func locate(r *row, geo map[string][]place) {
	var best *place
	if r.kind == "a" {
		n := strings.TrimRight(r.name[strings.LastIndexByte(r.name, ' ')+1:], "er")
		for i, p := range geo[r.parent] {
			parts := strings.Fields(p.name)
			if len(parts) == 2 && strings.TrimLeft(parts[1], "0") == n && (p.fcode == "PPLX" || p.fcode == "PPLA5") {
				best = &geo[r.parent][i]
			}
		}
	} else {
		for i, p := range geo[r.code] {
			if p.fcode == "PPLX" || p.fcode == "PPLA5" {
				continue // quarters and arrondissements, not the commune
			}
			if places.Fold(p.name) == places.Fold(r.name) {
				best = &geo[r.code][i]
				break
			}
			if best == nil || p.pop > best.pop {
				best = &geo[r.code][i]
			}
		}
	}
	if best != nil {
		r.lat, r.lon, r.prec = best.lat, best.lon, "g"
	}
}

// estimate places the communes still without a position at the mean of
// the located communes sharing one of their postal codes, else of their
// département.
func estimate(rows []*row) {
	type sum struct {
		lat, lon float64
		n        int
	}
	byPostal, byDep := map[string]*sum{}, map[string]*sum{}
	add := func(m map[string]*sum, k string, r *row) {
		if m[k] == nil {
			m[k] = &sum{}
		}
		m[k].lat, m[k].lon, m[k].n = m[k].lat+r.lat, m[k].lon+r.lon, m[k].n+1
	}
	for _, r := range rows {
		if r.kind == "c" && r.prec == "g" {
			for _, p := range r.postal {
				add(byPostal, p, r)
			}
			add(byDep, r.dep, r)
		}
	}
	for _, r := range rows {
		if r.prec != "" || r.kind == "d" {
			continue
		}
		var s sum
		for _, p := range r.postal {
			if m := byPostal[p]; m != nil {
				s.lat, s.lon, s.n = s.lat+m.lat, s.lon+m.lon, s.n+m.n
			}
		}
		r.prec = "p"
		if s.n == 0 && byDep[r.dep] != nil {
			s, r.prec = *byDep[r.dep], "d"
		}
		if s.n == 0 {
			r.prec = ""
			continue
		}
		r.lat, r.lon = s.lat/float64(s.n), s.lon/float64(s.n)
	}
}
