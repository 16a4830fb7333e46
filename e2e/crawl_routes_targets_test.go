package e2e

// The interpellation pages (internal/web/target.go): whoever sees a
// petition sees the representatives of a postal code and writes to them
// (a draft is its organisers' alone: counting an interpellation on it is
// refused by its state, 409); a target nobody has, or a petition nobody
// has, is not found, whoever asks.
func targetRoutes() map[string]*crawlRoute {
	return map[string]*crawlRoute{
		"GET /petitions/{id}/targets":                 {targets: both(withQuery(objs("petition"), "postcode=69007"), lit("postcode=69007", unknownID)), rule: targetRule},
		"POST /petitions/{id}/targets/{target}/mail":  {targets: petitionTargets, rule: targetRule, body: form("message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/share": {targets: petitionTargets, rule: targetRule, body: form("instance", "mastodon.social", "message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/sent":  {targets: petitionTargets, rule: targetRule, body: form("postcode", "69007")},
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
