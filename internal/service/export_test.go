package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestExportHoldsEverythingWritten: a person writes one of everything —
// a group with its code of conduct, a post, a discussion and a reply, a
// task list with a task, a resource, an event with its description and an
// announcement, a photo, a registration answering a question, a comment,
// a report — and is assigned a task by someone else; the export holds
// each, with its text, links and dates.
func TestExportHoldsEverythingWritten(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	me := signIn(t, e, "me@example.org")
	other := signIn(t, e, "other@example.org")
	g := newGroup(t, e, me, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	mate := member(t, e, me, g, "mate@example.org", cortege.GroupMember)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := e.svc.SetGroupConduct(ctx, me, g.ID, "Respect mutuel.", true)
	must("conduct", err)
	_, err = e.svc.CreatePost(ctx, me, g.ID, service.PostInput{Title: "Bilan de la saison", Body: "Merci à **toutes**.", Visibility: cortege.PostPublic, Publish: true})
	must("post", err)
	d, err := e.svc.StartDiscussion(ctx, me, g.ID, "Prochaine balade", "Dimanche ?")
	must("discussion", err)
	_, err = e.svc.Reply(ctx, me, d.ID, "Ou samedi.")
	must("reply", err)
	list, err := e.svc.CreateTaskList(ctx, me, g.ID, "Logistique")
	must("task list", err)
	_, err = e.svc.CreateTask(ctx, me, list.ID, service.TaskInput{Title: "Réserver la salle", Notes: "Avant jeudi"})
	must("task", err)
	_, err = e.svc.CreateTask(ctx, mate, list.ID, service.TaskInput{Title: "Apporter la sono", AssigneeID: me.Profile.ID})
	must("assigned task", err)
	_, err = e.svc.CreateResource(ctx, me, g.ID, service.ResourceInput{Kind: "link", Title: "Carte des pistes", URL: "https://pistes.example/carte"})
	must("resource", err)

	in := eventInput(e, "Atelier réparation")
	in.Description = "Apportez vos **vélos**."
	in.Start = e.clock().Add(time.Hour).Truncate(time.Minute)
	in.End = in.Start.Add(3 * time.Hour)
	mine := mustCreate(t, e, me, in)
	mustJoin(t, e, other, mine.ID)
	_, err = e.svc.Announce(ctx, me, service.ByID(mine.ID), cortege.AudienceAll, "Rappel", "N’oubliez pas les chambres à air.")
	must("announcement", err)

	theirs := eventInput(e, "Assemblée")
	theirs.Conduct, theirs.ConductRequired = "Bienveillance", true
	theirs.Questions = []*cortege.Question{{Label: "Votre quartier ?", Kind: cortege.QuestionText}}
	ev := mustCreate(t, e, other, theirs)
	v, err := e.svc.Event(ctx, me, service.ByID(ev.ID))
	must("event", err)
	_, err = e.svc.JoinEvent(ctx, me, service.ByID(ev.ID), service.JoinInput{AcceptConduct: true, Answers: []cortege.Answer{{QuestionID: v.Questions[0].ID, Value: "Croix-Rousse"}}})
	must("join", err)
	_, err = e.svc.Comment(ctx, me, service.ByID(ev.ID), "Je viendrai avec le collectif.")
	must("comment", err)
	c, err := e.svc.Comment(ctx, other, service.ByID(ev.ID), "Achetez mes pilules")
	must("other's comment", err)
	must("report", e.svc.ReportToModerators(ctx, me, service.ReportEventComment, c.ID, "Spam manifeste"))

	e.advance(2 * time.Hour) // my event is under way: photos
	ph, err := e.svc.AddPhoto(ctx, me, service.ByID(mine.ID), tinyPNG(t), "L’atelier")
	must("photo", err)

	ex, err := e.svc.ExportAccountData(ctx, me)
	must("export", err)
	raw, _ := json.Marshal(ex)
	h := me.Profile.Handle
	msg, task := map[string]*service.ExportMessage{}, map[string]*service.ExportTask{}
	for i := range ex.Messages {
		msg[ex.Messages[i].Body] = &ex.Messages[i]
	}
	for i := range ex.Tasks {
		task[ex.Tasks[i].Title] = &ex.Tasks[i]
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"version", ex.Version == service.ExportVersion && ex.Instance == "https://cortege.example/"},
		{"group with its conduct", len(ex.Groups) == 1 && ex.Groups[0].Role == cortege.GroupAdmin && ex.Groups[0].Conduct != nil && ex.Groups[0].Conduct.Text == "Respect mutuel." && ex.Groups[0].Conduct.Required},
		{"post", len(ex.Posts) == 1 && ex.Posts[0].Profile == h && ex.Posts[0].Body == "Merci à **toutes**." && ex.Posts[0].PublishedAt != nil && strings.HasPrefix(ex.Posts[0].URL, "https://cortege.example/@collectif/posts/")},
		{"discussion", len(ex.Discussions) == 1 && ex.Discussions[0].Title == "Prochaine balade" && strings.HasSuffix(ex.Discussions[0].URL, "/discussions/"+d.ID)},
		{"messages", len(ex.Messages) == 2 && msg["Dimanche ?"] != nil && msg["Ou samedi."] != nil && msg["Ou samedi."].Discussion == "Prochaine balade" && msg["Ou samedi."].DeletedAt == nil},
		{"tasks", len(ex.Tasks) == 2 && task["Réserver la salle"] != nil && task["Réserver la salle"].Created && !task["Réserver la salle"].Assigned &&
			task["Réserver la salle"].Notes == "Avant jeudi" && task["Réserver la salle"].List == "Logistique" &&
			task["Apporter la sono"] != nil && task["Apporter la sono"].Assigned && !task["Apporter la sono"].Created},
		{"resource", len(ex.Resources) == 1 && ex.Resources[0].Link == "https://pistes.example/carte" && ex.Resources[0].Group == "collectif"},
		{"announcement", len(ex.Announcements) == 1 && ex.Announcements[0].Subject == "Rappel" && ex.Announcements[0].SentTo == 1 && ex.Announcements[0].Event == "Atelier réparation"},
		{"comment", len(ex.Comments) == 1 && ex.Comments[0].Body == "Je viendrai avec le collectif." && ex.Comments[0].Event == "Assemblée"},
		{"photo", len(ex.Photos) == 1 && ex.Photos[0].File == ph.File && ex.Photos[0].URL == "https://cortege.example/uploads/"+ph.File && ex.Photos[0].Caption == "L’atelier" && ex.Photos[0].Licence != ""},
		{"report", len(ex.Reports) == 1 && ex.Reports[0].Reason == "Spam manifeste" && ex.Reports[0].TargetID == c.ID},
		{"api tokens", ex.APITokens != nil},
	}
	var organised, registered *service.ExportEvent
	for i := range ex.Events {
		switch x := &ex.Events[i]; {
		case x.Role == "organiser" && x.Title == "Atelier réparation":
			organised = x
		case x.Role == "participant" && x.Title == "Assemblée":
			registered = x
		}
	}
	checks = append(checks, struct {
		what string
		ok   bool
	}{"organised event with its description", organised != nil && organised.Description == "Apportez vos **vélos**."}, struct {
		what string
		ok   bool
	}{"registration with its answer", registered != nil && registered.Status == cortege.PartApproved && registered.ConductAccepted &&
		len(registered.Answers) == 1 && registered.Answers[0].Question == "Votre quartier ?" && registered.Answers[0].Answer == "Croix-Rousse" && registered.RegisteredAt != ""})
	for _, c := range checks {
		if !c.ok {
			t.Errorf("export lacks %s:\n%s", c.what, raw)
		}
	}
	// Nothing of someone else's slips in.
	for _, bad := range []string{"Achetez mes pilules", "other@example.org", "mate@example.org"} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("export holds %q", bad)
		}
	}
}
