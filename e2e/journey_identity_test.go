package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
)

// chooseIdentity fills the identity step a first sign-in lands on.
func chooseIdentity(t *testing.T, ctx context.Context, name, handle string) {
	t.Helper()
	waitFor(t, ctx, `location.pathname === "/welcome" && document.querySelector("#f-identity-handle") !== null`)
	step(t, ctx, "identity "+handle,
		chromedp.SetValue(chromedp.ID("f-identity-display_name"), name),
		chromedp.SetValue(chromedp.ID("f-identity-handle"), handle),
		chromedp.Submit(chromedp.ID("f-identity-handle")))
	waitFor(t, ctx, `location.pathname !== "/welcome"`)
}

// chooseIdentityOf chooses the name and handle older versions made from
// the address, so journeys keep readable names ("@bob").
func chooseIdentityOf(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	chooseIdentity(t, ctx, email[:strings.IndexByte(email, '@')], cortege.LegacyHandleBase(email))
}

// apiChooseIdentity chooses, through the API, the public name of the
// account behind token, as a script must before it publishes.
func apiChooseIdentity(t *testing.T, base, token, email string) {
	t.Helper()
	if !strings.Contains(apiGet(t, base+"/api/v1/me/identity", token), `"required":true`) {
		return // chosen already (signed in by the browser first)
	}
	body := `{"display_name":"` + email[:strings.IndexByte(email, '@')] + `","handle":"` + cortege.LegacyHandleBase(email) + `"}`
	req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/me/identity", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 {
		t.Fatalf("PUT identity: %d %s", res.StatusCode, b)
	}
}
