package httpx

// CSP is the Content-Security-Policy of every response: nothing loads from
// another origin, no plugin, no <base>, no framing.
const CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// CSPWithImages is CSP letting images come from one more origin as well
// (scheme://host[:port], already checked by the configuration): the page
// showing a map from the operator's tile server sends it, no other page.
func CSPWithImages(origin string) string {
	if origin == "" {
		return CSP
	}
	return CSP + "; img-src 'self' " + origin
}

// CSPFramable is CSP letting any site frame the page (frame-ancestors *):
// the embeddable petition counter (/petitions/{id}/widget) alone sends it,
// and without X-Frame-Options.
const CSPFramable = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *; form-action 'self'"

// CSPFormsToHTTPS is CSP letting a form's submission be redirected to any
// https origin (browsers apply form-action to the redirect too): the pages
// holding the petition's Mastodon share form alone send it, since the
// visitor's instance may be anywhere.
const CSPFormsToHTTPS = CSP + " https:"
