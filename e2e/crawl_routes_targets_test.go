package e2e

// The interpellation pages (internal/web/target.go). The crawl's world
// holds no petition yet, so each route is tried on a petition and a
// target nobody has: not found, whoever asks. When petitions join the
// world, name them here.
func targetRoutes() map[string]*crawlRoute {
	hidden := func(crawlCall) want { return wHidden }
	return map[string]*crawlRoute{
		"GET /petitions/{id}/targets":                 {targets: lit("postcode=69007", unknownID), rule: hidden},
		"POST /petitions/{id}/targets/{target}/mail":  {targets: lit("", unknownID, unknownID), rule: hidden, body: form("message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/share": {targets: lit("", unknownID, unknownID), rule: hidden, body: form("instance", "mastodon.social", "message", "Bonjour")},
		"POST /petitions/{id}/targets/{target}/sent":  {targets: lit("", unknownID, unknownID), rule: hidden, body: form("postcode", "69007")},
	}
}
