package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/service"
)

// TestExportSameDocumentOnBothDoors: the settings page's download and the
// API's export are one document, with what the person wrote in it.
func TestExportSameDocumentOnBothDoors(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	me := a.signIn("me@example.org")
	org := a.signIn("org@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "tz": {"Europe/Paris"}, "place": {"Salle B"}, "visibility": {"public"}, "join_mode": {"free"}})
	if r := a.post(me, "/events/"+id+"/comments", url.Values{"body": {"J’apporte des rustines."}}); r.code != 303 {
		t.Fatalf("comment: %d", r.code)
	}
	tok, _, err := a.Service.CreateAPIToken(context.Background(), a.actor(me), service.TokenInput{Label: "script"})
	if err != nil {
		t.Fatal(err)
	}
	page := a.get(me, "/settings/export.json")
	if page.code != 200 || !strings.Contains(page.h.Get("Content-Disposition"), "attachment") || !strings.Contains(page.body, "J’apporte des rustines.") {
		t.Fatalf("settings export: %d %v\n%s", page.code, page.h, page.body)
	}
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/me/export", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var fromPage, fromAPI map[string]any
	if err := json.Unmarshal([]byte(page.body), &fromPage); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &fromAPI); err != nil {
		t.Fatalf("API export %d: %v\n%s", resp.StatusCode, err, body)
	}
	for _, doc := range []map[string]any{fromPage, fromAPI} {
		delete(doc, "exported_at") // the two requests may fall on different seconds
		for _, tk := range doc["api_tokens"].([]any) {
			delete(tk.(map[string]any), "last_used_at") // the API call uses the token
		}
	}
	if !reflect.DeepEqual(fromPage, fromAPI) {
		t.Errorf("two exports differ:\npage %s\napi  %s", page.body, body)
	}
}
