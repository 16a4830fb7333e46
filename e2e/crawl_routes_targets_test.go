package e2e

// The interpellation pages (internal/web/target.go) and API
// (internal/api/target.go): whoever sees a
// petition sees the representatives of a postal code and writes to them
// (a draft is its organisers' alone: counting an interpellation on it is
// refused by its state, 409); a target nobody has, or a petition nobody
// has, is not found, whoever asks.
func targetRoutes() map[string]*crawlRoute {
	csv := func(crawlCall) crawlBody {
		return crawlBody{ctype: "text/csv", data: "id,name,kind,form_url,area\ncrawl-target,Crawl,institution,https://crawl.example/,national\n"}
	}
	return map[string]*crawlRoute{
		"GET /petitions/{id}/targets":                 {targets: both(withQuery(objs("petition"), "postcode=69007"), lit("postcode=69007", unknownID)), rule: targetRule},
		"POST /petitions/{id}/targets/{target}/mail":  {targets: petitionTargets, rule: targetRule, body: form("message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/share": {targets: petitionTargets, rule: targetRule, body: form("instance", "mastodon.social", "message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/sent":  {targets: petitionTargets, rule: targetRule, body: form("postcode", "69007")},

		"GET /api/v1/petitions/{petition}/targets":                           {targets: both(withQuery(objs("petition"), "postcode=69007"), lit("postcode=69007", unknownID)), rule: targetRule},
		"POST /api/v1/petitions/{petition}/targets/{target}/interpellations": {targets: petitionTargets, rule: targetRule},
		// The administrators load targets (the operator also does at the
		// command line).
		"POST /api/v1/targets/import": {targets: lit(""), rule: instanceAdmin, body: csv},
	}
}

// petitionTargets names each petition with the world's target, the
// published one with a target nobody has, and a petition nobody has.
func petitionTargets(w *crawlWorld) []crawlTarget {
	tg := w.objects["target"][0]
	var out []crawlTarget
	for _, o := range w.objects["petition"] {
		out = append(out, crawlTarget{values: []string{o.id, tg.id}, objs: []*crawlObject{o, tg}, fit: true})
	}
	pub := w.petitionObj(w.petitions["published"])
	return append(out,
		crawlTarget{values: []string{pub.id, unknownID}, objs: []*crawlObject{pub, nil}, fit: true},
		crawlTarget{values: []string{unknownID, unknownID}, fit: true})
}

// targetRule: the petition's readers; an unknown petition or target is
// not found.
func targetRule(c crawlCall) want {
	if c.obj(0) == nil || len(c.t.values) > 1 && c.obj(1) == nil {
		return wHidden
	}
	return petitionView(c)
}
