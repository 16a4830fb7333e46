package e2e

// The interpellation pages (internal/web/target.go) and API
// (internal/api/target.go). The crawl's world holds no petition yet, so
// each petition route is tried on a petition and a target nobody has:
// not found, whoever asks. When petitions join the world, name them here.
func targetRoutes() map[string]*crawlRoute {
	hidden := func(crawlCall) want { return wHidden }
	csv := func(crawlCall) crawlBody {
		return crawlBody{ctype: "text/csv", data: "id,name,kind,form_url,area\ncrawl-target,Crawl,institution,https://crawl.example/,national\n"}
	}
	return map[string]*crawlRoute{
		"GET /petitions/{id}/targets":                 {targets: lit("postcode=69007", unknownID), rule: hidden},
		"POST /petitions/{id}/targets/{target}/mail":  {targets: lit("", unknownID, unknownID), rule: hidden, body: form("message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/share": {targets: lit("", unknownID, unknownID), rule: hidden, body: form("instance", "mastodon.social", "message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/sent":  {targets: lit("", unknownID, unknownID), rule: hidden, body: form("postcode", "69007")},

		"GET /api/v1/petitions/{petition}/targets":                           {targets: lit("postcode=69007", unknownID), rule: hidden},
		"POST /api/v1/petitions/{petition}/targets/{target}/interpellations": {targets: lit("", unknownID, unknownID), rule: hidden},
		"POST /api/v1/targets/import":                                        {targets: lit(""), rule: instanceAdmin, body: csv},
	}
}
