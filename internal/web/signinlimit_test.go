package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// postFrom posts form to path from the client address ip.
func (a *app) postFrom(ip, path string, form url.Values) *httptest.ResponseRecorder {
	a.t.Helper()
	hr := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	hr.RemoteAddr = ip + ":4242"
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, hr)
	return rec
}

// TestSignInNotLockedFromOtherIPs: ten link requests and ten wrong
// passwords for an address from ten other IPs leave its owner, from their
// own IP, a link and their right password; known and unknown addresses get
// the same page all along.
func TestSignInNotLockedFromOtherIPs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	const owner, nobody, ownerIP = "owner@example.org", "nobody@example.org", "198.51.100.7"
	if err := a.svc.SetPassword(context.Background(), a.actor(a.signIn(owner)), "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	other := func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) }
	for _, addr := range []string{owner, nobody} {
		for i := 0; i < 10; i++ {
			if rec := a.postFrom(other(i), "/login", url.Values{"email": {addr}}); rec.Code != http.StatusOK {
				t.Fatalf("%s, request %d from another IP: %d", addr, i, rec.Code)
			}
		}
	}
	known := a.postFrom(ownerIP, "/login", url.Values{"email": {owner}})
	unknown := a.postFrom(ownerIP, "/login", url.Values{"email": {nobody}})
	if known.Code != http.StatusOK || unknown.Code != known.Code {
		t.Fatalf("the owner's request: %d, an unknown address: %d", known.Code, unknown.Code)
	}
	if strings.ReplaceAll(known.Body.String(), owner, "X") != strings.ReplaceAll(unknown.Body.String(), nobody, "X") {
		t.Error("known and unknown addresses get different pages under the limits")
	}
	// The owner's mailbox holds a link that signs in.
	link := a.lastLink(owner, "/login/confirm")
	u, _ := url.Parse(link)
	if rec := a.postFrom(ownerIP, "/login/confirm", url.Values{"token": {u.Query().Get("token")}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("the owner's link: %d", rec.Code)
	}

	for i := 0; i < 10; i++ {
		for _, addr := range []string{owner, nobody} {
			rec := a.postFrom(other(i), "/login/password", url.Values{"email": {addr}, "password": {"wrong password!"}})
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s, wrong password %d: %d", addr, i, rec.Code)
			}
		}
	}
	rec := a.postFrom(ownerIP, "/login/password", url.Values{"email": {owner}, "password": {"correct horse battery"}})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Set-Cookie"), "cortege_session=") {
		t.Fatalf("the right password from the owner's IP after ten wrong ones: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
}
