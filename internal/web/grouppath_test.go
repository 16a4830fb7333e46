package web_test

import (
	"context"
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupPathMixingGroupsIsNotFound is the regression test of a defect
// the authorisation crawler found: pages under /@handle/ acted on any
// object named by ID, whatever its group, so alice deleted velo's task
// list through /@secret/…, and a thread of one group was moderated
// through another's address. An address naming another group's object
// is now not found, for everyone, and nothing is done.
func TestGroupPathMixingGroupsIsNotFound(t *testing.T) {
	w := newGroupWorld(t)
	ctx := context.Background()
	msgs, err := w.app.Service.Discussion(ctx, w.actors["alice"], w.ids["disc-velo"], 1)
	if err != nil || len(msgs.Messages) == 0 {
		t.Fatal(err)
	}
	mid := msgs.Messages[0].ID
	confirm := url.Values{"confirmed": {"1"}}
	w.run([]groupCase{
		{name: "list of velo under secret", as: "alice", method: "POST", path: "/@secret/tasks/lists/" + w.ids["list-velo"] + "/delete", form: confirm, status: 404},
		{name: "thread of secret under velo", as: "alice", method: "GET", path: "/@velo/discussions/" + w.ids["disc-secret"], status: 404},
		{name: "deleting it", as: "alice", method: "POST", path: "/@velo/discussions/" + w.ids["disc-secret"] + "/moderate", form: url.Values{"do": {"delete"}, "confirmed": {"1"}}, status: 404},
		{name: "a message under another thread", as: "alice", method: "POST", path: "/@velo/discussions/" + w.ids["disc-secret"] + "/messages/" + mid + "/delete", form: confirm, status: 404},
		{name: "the question is not asked either", as: "alice", method: "GET", path: "/@secret/tasks/lists/" + w.ids["list-velo"] + "/delete", status: 404},
		{name: "its own address still works", as: "alice", method: "GET", path: "/@velo/discussions/" + w.ids["disc-velo"], status: 200},
	})
	if _, err := w.app.Service.GroupTasks(ctx, w.actors["alice"], w.ids["velo"]); err != nil {
		t.Fatal(err)
	}
	ls, _ := w.app.Service.GroupTasks(ctx, w.actors["alice"], w.ids["velo"])
	if len(ls) != 1 {
		t.Fatalf("velo's task list was deleted through another group's address: %d lists", len(ls))
	}
	if _, err := w.app.Service.Discussion(ctx, w.actors["alice"], w.ids["disc-secret"], 1); err != nil {
		t.Fatalf("secret's thread was deleted through velo's address: %v", err)
	}
	if err := w.app.Service.CheckGroupPath(ctx, "velo", []service.GroupPathObject{{Kind: service.PathMessage, ID: mid, Parent: w.ids["disc-velo"]}}); err != nil {
		t.Fatalf("a message under its own thread: %v", err)
	}
}

// TestConfirmationAsksOnlyWhoMayAct: the page that asks to confirm is the
// refusal for those who may not act (docs/groups.md, "Destructive
// actions ask first"); the crawler found it asked anyone about revoking
// another person's token or calendar link, leaving an event they never
// joined, or deleting someone else's message.
func TestConfirmationAsksOnlyWhoMayAct(t *testing.T) {
	w := newGroupWorld(t)
	ctx := context.Background()
	if _, _, err := w.app.Service.CreateAPIToken(ctx, w.actors["alice"], service.TokenInput{Label: "script d’alice"}); err != nil {
		t.Fatal(err)
	}
	ts, _ := w.app.Service.APITokens(ctx, w.actors["alice"])
	_, feed, err := w.app.Service.CreateICSFeed(ctx, w.actors["alice"])
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := w.app.Service.Discussion(ctx, w.actors["alice"], w.ids["disc-velo"], 1)
	mid := msgs.Messages[0].ID // alice's
	w.run([]groupCase{
		{name: "another's token", as: "carol", method: "GET", path: "/settings/tokens/" + ts[0].ID + "/revoke", status: 404},
		{name: "one's own token", as: "alice", method: "GET", path: "/settings/tokens/" + ts[0].ID + "/revoke", status: 200, contains: []string{"script d’alice"}},
		{name: "another's calendar link", as: "carol", method: "GET", path: "/settings/calendar/" + feed.ID + "/revoke", status: 404},
		{name: "another's message, as a member", as: "bob", method: "GET", path: "/@velo/discussions/" + w.ids["disc-velo"] + "/messages/" + mid + "/delete", status: 403},
		{name: "one's own message", as: "alice", method: "GET", path: "/@velo/discussions/" + w.ids["disc-velo"] + "/messages/" + mid + "/delete", status: 200},
	})
}
