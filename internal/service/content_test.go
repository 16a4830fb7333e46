package service_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestTasksAcrossGroupsAndDashboard(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "coord@example.org")
	g1 := newGroup(t, e, admin, "collectif_a", cortege.VisibilityPublic, cortege.JoinOpen)
	g2 := newGroup(t, e, admin, "collectif_b", cortege.VisibilityPrivate, cortege.JoinInvitation)
	bob := member(t, e, admin, g1, "bob@example.org", cortege.GroupMember)
	if err := e.svc.InviteProfile(bg, admin, g2.ID, bob.Profile.Handle, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AcceptInvitation(bg, bob, g2.ID); err != nil {
		t.Fatal(err)
	}
	stranger := signIn(t, e, "nobody@example.org")
	l1, _ := e.svc.CreateTaskList(bg, admin, g1.ID, "Manif")
	l2, _ := e.svc.CreateTaskList(bg, admin, g2.ID, "Tract")
	due := e.clock().Add(48 * time.Hour)
	t1, err := e.svc.CreateTask(bg, admin, l1.ID, service.TaskInput{Title: "Banderole", AssigneeID: bob.Profile.ID, DueAt: due})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateTask(bg, admin, l2.ID, service.TaskInput{Title: "Imprimer", AssigneeID: bob.Profile.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.CreateTask(bg, admin, l1.ID, service.TaskInput{Title: "X", AssigneeID: stranger.Profile.ID})
	wantCode(t, "assign a non-member", err, cortege.EINVALID)
	_, err = e.svc.CreateTask(bg, stranger, l1.ID, service.TaskInput{Title: "X"})
	wantCode(t, "stranger creates a task", err, cortege.EFORBIDDEN)

	mine, err := e.svc.MyTasks(bg, bob)
	if err != nil || len(mine) != 2 || mine[0].Task.ID != t1.ID || mine[0].Group.ID != g1.ID {
		t.Fatalf("my tasks = %+v %v", mine, err)
	}
	e.drain(t)
	if ms := mailsTo(e, "bob@example.org", "vous a confié une tâche"); len(ms) != 2 {
		t.Fatalf("task mails = %d", len(ms))
	}
	if _, err := e.svc.SetTaskDone(bg, bob, t1.ID, true); err != nil {
		t.Fatal(err)
	}
	dash, err := e.svc.Dashboard(bg, bob)
	if err != nil || len(dash.Tasks) != 1 || len(dash.Groups) != 2 {
		t.Fatalf("dashboard = %+v %v", dash, err)
	}
	// Only the creator or a moderator deletes a task.
	wantCode(t, "member deletes another's task", e.svc.DeleteTask(bg, bob, t1.ID), cortege.EFORBIDDEN)
	if err := e.svc.DeleteTask(bg, admin, t1.ID); err != nil {
		t.Fatal(err)
	}
	// Leaving a group drops its tasks from "my tasks".
	if err := e.svc.Leave(bg, bob, g2.ID); err != nil {
		t.Fatal(err)
	}
	if mine, _ := e.svc.MyTasks(bg, bob); len(mine) != 0 {
		t.Fatalf("tasks of a group left: %+v", mine)
	}
}

func TestDashboardDiscussions(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "d1@example.org")
	g := newGroup(t, e, admin, "discute", cortege.VisibilityPublic, cortege.JoinOpen)
	m := member(t, e, admin, g, "d2@example.org", cortege.GroupMember)
	d, err := e.svc.StartDiscussion(bg, admin, g.ID, "Réunion", "Mardi ?")
	if err != nil {
		t.Fatal(err)
	}
	dash, err := e.svc.Dashboard(bg, m)
	if err != nil || len(dash.Discussions) != 1 || dash.Discussions[0].Discussion.ID != d.ID || dash.Discussions[0].Group.ID != g.ID {
		t.Fatalf("dashboard discussions = %+v %v", dash, err)
	}
	follower := signIn(t, e, "d3@example.org")
	e.svc.Follow(bg, follower, g.ID)
	if dash, _ := e.svc.Dashboard(bg, follower); len(dash.Discussions) != 0 || len(dash.Groups) != 1 || dash.Groups[0].Membership.Role != cortege.GroupFollower {
		t.Fatalf("follower's dashboard = %+v", dash)
	}
}

func TestReplyNotifiesFollowers(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "r1@example.org")
	g := newGroup(t, e, admin, "fil", cortege.VisibilityPublic, cortege.JoinOpen)
	m := member(t, e, admin, g, "r2@example.org", cortege.GroupMember)
	quiet := member(t, e, admin, g, "r3@example.org", cortege.GroupMember)
	d, _ := e.svc.StartDiscussion(bg, admin, g.ID, "Affiches", "Qui colle ?")
	if _, err := e.svc.Reply(bg, m, d.ID, "Moi !"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if len(mailsTo(e, "r1@example.org", "a répondu dans")) != 1 {
		t.Fatal("the thread's author was not told of the reply")
	}
	if len(mailsTo(e, "r2@example.org", "a répondu dans")) != 0 || len(mailsTo(e, "r3@example.org", "a répondu dans")) != 0 {
		t.Fatal("the replier or a non-follower was told")
	}
	if err := e.svc.FollowDiscussion(bg, quiet, d.ID, true); err != nil {
		t.Fatal(err)
	}
	e.svc.Reply(bg, admin, d.ID, "Super")
	e.drain(t)
	if len(mailsTo(e, "r3@example.org", "a répondu dans")) != 1 || len(mailsTo(e, "r2@example.org", "a répondu dans")) != 1 {
		t.Fatal("followers not told of the second reply")
	}
}

func TestPostsAudiencesAndFeed(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "p1@example.org")
	g := newGroup(t, e, admin, "journal", cortege.VisibilityPublic, cortege.JoinOpen)
	mem := member(t, e, admin, g, "p2@example.org", cortege.GroupMember)
	pub, err := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Appel public", Body: "Venez <script>alert(1)</script> **nombreux**", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	e.advance(time.Second)
	inner, _ := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Interne", Body: "Entre nous", Visibility: cortege.PostMembers, Publish: true})
	draft, _ := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Brouillon", Body: "…", Visibility: cortege.PostPublic})
	count := func(a cortege.Actor) int {
		p, err := e.svc.GroupPosts(bg, a, g.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Posts)
	}
	if n := count(cortege.Anonymous); n != 1 {
		t.Errorf("visitor sees %d posts", n)
	}
	if n := count(mem); n != 2 {
		t.Errorf("member sees %d posts", n)
	}
	if n := count(admin); n != 3 {
		t.Errorf("admin sees %d posts", n)
	}
	_, _, err = e.svc.Post(bg, cortege.Anonymous, inner.ID)
	wantCode(t, "visitor reads members-only post", err, cortege.ENOTFOUND)
	_, _, err = e.svc.Post(bg, mem, draft.ID)
	wantCode(t, "member reads a draft", err, cortege.ENOTFOUND)

	f, err := e.svc.GroupFeed(bg, "journal")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 1 || f.Entries[0].Title != "Appel public" || strings.Contains(f.Entries[0].HTML, "<script") || !strings.Contains(f.Entries[0].HTML, "<strong>nombreux</strong>") {
		t.Fatalf("feed = %+v", f.Entries)
	}
	e.drain(t)
	if len(mailsTo(e, "p2@example.org", "Appel public")) != 1 || len(mailsTo(e, "p2@example.org", "Brouillon")) != 0 {
		t.Fatal("new-post mails wrong")
	}
	fan := signIn(t, e, "fan@example.org")
	if err := e.svc.Follow(bg, fan, g.ID); err != nil {
		t.Fatal(err)
	}
	e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Pour tous", Body: "x", Visibility: cortege.PostPublic, Publish: true})
	e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Pour les membres", Body: "x", Visibility: cortege.PostMembers, Publish: true})
	e.drain(t)
	if len(mailsTo(e, "fan@example.org", "Pour tous")) != 1 || len(mailsTo(e, "fan@example.org", "Pour les membres")) != 0 {
		t.Fatal("followers hear of public posts only")
	}
	if _, err := e.svc.UpdatePost(bg, admin, draft.ID, service.PostInput{Title: "Publié", Body: "x", Visibility: cortege.PostPublic, Publish: true}); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if len(mailsTo(e, "p2@example.org", "Publié")) != 1 {
		t.Fatal("publishing a draft did not notify")
	}
	_ = pub
	priv := newGroup(t, e, admin, "journal_prive", cortege.VisibilityPrivate, cortege.JoinInvitation)
	_, err = e.svc.GroupFeed(bg, priv.Handle)
	wantCode(t, "feed of a private group", err, cortege.ENOTFOUND)
}

func TestResourceTree(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "res@example.org")
	g := newGroup(t, e, admin, "outils", cortege.VisibilityPublic, cortege.JoinOpen)
	other := newGroup(t, e, admin, "autres_outils", cortege.VisibilityPublic, cortege.JoinOpen)
	mem := member(t, e, admin, g, "res2@example.org", cortege.GroupMember)
	folder, err := e.svc.CreateResource(bg, admin, g.ID, service.ResourceInput{Kind: cortege.ResourceFolder, Title: "Communication"})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.svc.CreateResource(bg, mem, g.ID, service.ResourceInput{Kind: cortege.ResourceFolder, Title: "Réseaux", ParentID: folder.ID})
	if err != nil {
		t.Fatal(err)
	}
	link, err := e.svc.CreateResource(bg, mem, g.ID, service.ResourceInput{Kind: cortege.ResourceLink, Title: "Pad", URL: "https://pad.example/abc", ParentID: sub.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateResource(bg, mem, g.ID, service.ResourceInput{Kind: cortege.ResourceNote, Title: "Mots de passe ? Non !", Body: "Voir le pad"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.CreateResource(bg, mem, g.ID, service.ResourceInput{Kind: cortege.ResourceLink, Title: "x", URL: "javascript:alert(1)"})
	wantCode(t, "javascript link", err, cortege.EINVALID)
	_, err = e.svc.CreateResource(bg, mem, g.ID, service.ResourceInput{Kind: cortege.ResourceNote, Title: "x", ParentID: link.ID})
	wantCode(t, "inside a link", err, cortege.EINVALID)
	otherFolder, _ := e.svc.CreateResource(bg, admin, other.ID, service.ResourceInput{Kind: cortege.ResourceFolder, Title: "Ailleurs"})
	_, err = e.svc.CreateResource(bg, admin, g.ID, service.ResourceInput{Kind: cortege.ResourceNote, Title: "x", ParentID: otherFolder.ID})
	wantCode(t, "folder of another group", err, cortege.EINVALID)
	_, err = e.svc.UpdateResource(bg, admin, folder.ID, service.ResourceInput{Title: "Communication", ParentID: sub.ID})
	wantCode(t, "folder moved into its own child", err, cortege.EINVALID)

	tree, err := e.svc.Resources(bg, mem, g.ID)
	if err != nil || len(tree) != 2 || tree[0].Resource.ID != folder.ID || len(tree[0].Children) != 1 || len(tree[0].Children[0].Children) != 1 {
		t.Fatalf("tree = %+v %v", tree, err)
	}
	wantCode(t, "member deletes someone else's folder", e.svc.DeleteResource(bg, mem, folder.ID), cortege.EFORBIDDEN)
	if err := e.svc.DeleteResource(bg, admin, folder.ID); err != nil {
		t.Fatal(err)
	}
	if tree, _ := e.svc.Resources(bg, mem, g.ID); len(tree) != 1 {
		t.Fatalf("folder deletion left %d roots", len(tree))
	}
}

func TestMessagesAreRateLimited(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "chatty@example.org")
	g := newGroup(t, e, admin, "bavard", cortege.VisibilityPublic, cortege.JoinOpen)
	d, err := e.svc.StartDiscussion(bg, admin, g.ID, "Fil", "1")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40 && err == nil; i++ {
		_, err = e.svc.Reply(bg, admin, d.ID, "encore")
	}
	wantCode(t, "flood of replies", err, cortege.ERATELIMIT)
	e.advance(11 * time.Minute)
	if _, err := e.svc.Reply(bg, admin, d.ID, "plus tard"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}
