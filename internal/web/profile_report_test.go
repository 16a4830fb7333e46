package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// A signed-in person reports a profile from its page; the report reaches
// the moderators' queue. Visitors see no report form.
func TestProfileReport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.signInAdmin("admin@example.org")
	a.signIn("troll@example.org")
	me := a.signIn("me@example.org")

	if rec := a.do(req{path: "/@troll"}); rec.Code != 200 || strings.Contains(rec.Body.String(), `action="/reports/profile"`) {
		t.Fatalf("visitor: %d, report form shown", rec.Code)
	}
	rec := a.do(req{path: "/@troll", session: me})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `action="/reports/profile"`) {
		t.Fatalf("member sees no report form: %d", rec.Code)
	}
	troll, err := a.svc.ProfileByHandle(context.Background(), cortege.Anonymous, "troll")
	if err != nil {
		t.Fatal(err)
	}
	rec = a.do(req{method: "POST", path: "/reports/profile", session: me, form: url.Values{"target": {troll.ID}, "reason": {"Faux compte"}, "next": {"/@troll"}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/@troll?ok=reported" {
		t.Fatalf("report: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	queue, err := a.svc.Reports(context.Background(), a.actor(admin), cortege.ReportOpen, 1)
	if err != nil || len(queue.Reports) != 1 || queue.Reports[0].TargetKind != cortege.ReportProfile || queue.Reports[0].TargetID != troll.ID {
		t.Fatalf("queue = %+v, %v", queue, err)
	}
	if rec := a.do(req{method: "POST", path: "/reports/profile", form: url.Values{"target": {troll.ID}, "reason": {"x"}}}); rec.Code < 300 || rec.Code >= 500 {
		t.Fatalf("visitor reporting: %d", rec.Code)
	}
}
