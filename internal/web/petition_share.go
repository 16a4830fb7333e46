package web

import (
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/idna"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// petitionShareCSP is the policy of the pages holding the Mastodon form
// (the petition's page and the page asking for the instance): form-action
// is applied by browsers to the redirect after the form too, here to the
// visitor's own instance, any https origin.
const petitionShareCSP = httpx.CSPFormsToHTTPS

// petitionShareData is the page asking a visitor for their Mastodon
// instance, when the share block's form came without one (or a wrong one).
type petitionShareData struct {
	Path  string
	Title string
}

// handlePetitionMastodon sends the visitor to their own Mastodon instance's
// share page with the petition's title and address, with no third-party
// script or button: ?instance= names the instance (a domain, or a handle
// @name@domain); without one, or with one that is not a domain, it asks.
func (w *Web) handlePetitionMastodon(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := v.Petition
	d := &petitionShareData{Path: "/petitions/" + p.ID, Title: p.Title}
	rw.Header().Set("Content-Security-Policy", petitionShareCSP)
	f := &form{Name: "mastodon", Values: map[string]string{"instance": truncate(r.URL.Query().Get("instance"), 300)}, Errors: map[string]string{}}
	if f.V("instance") == "" {
		return w.render(rw, r, http.StatusOK, "petition_share", "petition.share.mastodon.title", d, f)
	}
	host, ok := mastodonHost(f.V("instance"))
	if !ok {
		return w.formPage(rw, r, "petition_share", "petition.share.mastodon.title", d, f, invalid("instance", "err.petition.mastodon_host"))
	}
	text := w.cat.T(info(r).lang, "petition.share.mastodon_text", p.Title, w.abs(d.Path))
	rw.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(rw, r, "https://"+host+"/share?text="+url.QueryEscape(text), http.StatusSeeOther)
	return nil
}

// mastodonHost reads what a visitor typed as their instance: a domain
// ("mastodon.social", "https://mastodon.social/", "Mastodon.Social") or a
// handle ("@camille@piaille.fr"). It returns the domain in ASCII (an
// internationalised one in Punycode) when it is a public DNS name: at
// least two labels of letters, digits and hyphens, no port, no address,
// no path beyond a trailing slash.
func mastodonHost(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 300 {
		return "", false
	}
	low := strings.ToLower(s)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(low, scheme) {
			s = s[len(scheme):]
			break
		}
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(s, "/")
	s = strings.TrimSuffix(s, ".")
	if s == "" || strings.ContainsAny(s, "/\\?#:[]%@ \t\r\n") {
		return "", false
	}
	host, err := idna.Lookup.ToASCII(s)
	if err != nil || len(host) > 253 {
		return "", false
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return "", false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return "", false // an IPv4 address, not a name
	}
	return host, true
}
