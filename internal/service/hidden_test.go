package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestHiddenObjectsLookMadeUp: to someone who may not see a private
// group, an existing post, thread, message, task list, task or resource
// of it answers exactly as an ID that never existed (issue 11: the group's
// not-found told them the ID was real).
func TestHiddenObjectsLookMadeUp(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "secret-admin@example.org")
	g := newGroup(t, e, admin, "cercle_discret", cortege.VisibilityPrivate, cortege.JoinInvitation)
	stranger := signIn(t, e, "curious@example.org")

	post, err := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Plan", Body: "Rendez-vous", Visibility: cortege.PostMembers, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	disc, err := e.svc.StartDiscussion(bg, admin, g.ID, "Logistique", "Qui apporte la sono ?")
	if err != nil {
		t.Fatal(err)
	}
	view, err := e.svc.Discussion(bg, admin, disc.ID, 1)
	if err != nil || len(view.Messages) == 0 {
		t.Fatalf("thread = %+v %v", view, err)
	}
	msg := view.Messages[0]
	list, err := e.svc.CreateTaskList(bg, admin, g.ID, "Matériel")
	if err != nil {
		t.Fatal(err)
	}
	task, err := e.svc.CreateTask(bg, admin, list.ID, service.TaskInput{Title: "Banderole"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.CreateResource(bg, admin, g.ID, service.ResourceInput{Kind: cortege.ResourceNote, Title: "Contacts", Body: "…"})
	if err != nil {
		t.Fatal(err)
	}

	calls := []struct {
		name string
		call func(id string) error
		real string
	}{
		{"post", func(id string) error { _, _, err := e.svc.Post(bg, stranger, id); return err }, post.ID},
		{"post edit", func(id string) error {
			_, err := e.svc.UpdatePost(bg, stranger, id, service.PostInput{Title: "x", Body: "x", Visibility: cortege.PostPublic})
			return err
		}, post.ID},
		{"thread", func(id string) error { _, err := e.svc.Discussion(bg, stranger, id, 1); return err }, disc.ID},
		{"message edit", func(id string) error { _, err := e.svc.EditMessage(bg, stranger, id, "x"); return err }, msg.ID},
		{"message delete", func(id string) error { return e.svc.DeleteMessage(bg, stranger, id) }, msg.ID},
		{"task in list", func(id string) error {
			_, err := e.svc.CreateTask(bg, stranger, id, service.TaskInput{Title: "x"})
			return err
		}, list.ID},
		{"task", func(id string) error { _, err := e.svc.Task(bg, stranger, id); return err }, task.ID},
		{"task delete", func(id string) error { return e.svc.DeleteTask(bg, stranger, id) }, task.ID},
		{"resource", func(id string) error { _, err := e.svc.Resource(bg, stranger, id); return err }, res.ID},
		{"resource edit", func(id string) error {
			_, err := e.svc.UpdateResource(bg, stranger, id, service.ResourceInput{Kind: cortege.ResourceNote, Title: "x"})
			return err
		}, res.ID},
	}
	for _, c := range calls {
		real, made := c.call(c.real), c.call("01MADEUP0000000000000000000")
		if !cortege.IsNotFound(real) || !cortege.IsNotFound(made) {
			t.Errorf("%s: real %v, made up %v: both should be not found", c.name, real, made)
			continue
		}
		if real.Error() != made.Error() {
			t.Errorf("%s: an existing ID answers %q, a made-up one %q", c.name, real, made)
		}
	}
}
