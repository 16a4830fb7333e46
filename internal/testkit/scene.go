package testkit

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// Person is an account of a Scene: its actor for the service, an API
// token, and for the people who visit pages a session (the cookie's
// value).
type Person struct {
	Email   string
	Handle  string
	Token   string
	Session string
	Actor   cortege.Actor
}

// Scene is an instance built through the service, as people use it, that
// grows on demand (Grow) so that tests can compare what a page costs at
// several sizes. Its fixed part: a group Group administered by Orga and
// moderated by Mods, a co-organising group CoGroup administered by CoOrga,
// a member Memb of Group, a participant Part; the event Big (organised by
// Orga and Group, participants visible) and Plain (co-organised by
// CoGroup). Each step of growth i adds a person who creates a group of
// their own, joins Group, follows CoGroup, takes part in Big and comments
// on it; an event of Group (a weekly series every fifth, co-organised by
// CoGroup every fifth, past every fourth, cancelled every seventh,
// categories and tags varying, around Lyon) that the person and Part
// join unless it is past; a post of Group by the event's organiser (for
// members only every third), a task list of Group with a task for Memb;
// a discussion in Group; a request to join Workshops. Part joins every
// other new group and has a task in it, and is invited by address to
// the others. The first three steps hold one of each kind of row, so
// that a size of 3 has a row in every section a page reads.
type Scene struct {
	app     *App
	Orga    *Person
	Mods    []*Person
	CoOrga  *Person
	Memb    *Person
	Part    *Person
	Group   *cortege.Group
	CoGroup *cortege.Group
	// Workshops is a group of Orga joined on approval.
	Workshops *cortege.Group
	Big       string
	Plain     string
	// Calendar is the path of Part's secret calendar feed (my events).
	Calendar string
	// Events lists the events added by Grow, oldest first.
	Events []string
	// Size is the number of growth steps taken.
	Size int
}

// SceneTitle is the word every event title of a Scene holds, for a text
// search that finds them all.
const SceneTitle = "Vélorution"

// NewScene builds the fixed part of a Scene in a.
func NewScene(t testing.TB, a *App) *Scene {
	t.Helper()
	s := &Scene{app: a}
	s.Orga = s.person(t, "orga@example.org", true)
	s.CoOrga = s.person(t, "coorga@example.org", true)
	s.Memb = s.person(t, "membre@example.org", true)
	s.Part = s.person(t, "participante@example.org", true)
	s.Group = s.group(t, s.Orga, "velolyon", "Vélo Lyon")
	s.CoGroup = s.group(t, s.CoOrga, "climatlyon", "Climat Lyon")
	s.Workshops = s.group(t, s.Orga, "ateliers", "Ateliers vélo")
	for i := range 2 {
		m := s.person(t, fmt.Sprintf("moderateur%d@example.org", i), false)
		s.join(t, m, s.Group)
		if err := a.Service.SetMemberRole(background(), s.Orga.Actor, s.Group.ID, m.Actor.Profile.ID, cortege.GroupModerator); err != nil {
			t.Fatalf("moderator: %v", err)
		}
		s.Mods = append(s.Mods, m)
	}
	s.join(t, s.Memb, s.Group)
	s.Big = s.event(t, s.Orga, service.EventInput{Title: SceneTitle + " géante", Start: s.day(3),
		ParticipantsVisible: true, Category: "demonstration", Tags: []string{"velo", "climat"}})
	s.Plain = s.event(t, s.Orga, service.EventInput{Title: SceneTitle + " du jeudi", Start: s.day(4),
		Category: "meeting", Tags: []string{"velo"}})
	s.coOrganise(t, s.Orga, s.Plain)
	for _, id := range []string{s.Big, s.Plain} {
		s.takePart(t, s.Part, id, 0)
	}
	s.comment(t, s.Part, s.Big, "J’y serai, avec une remorque.")
	u, _, err := a.Service.CreateICSFeed(background(), s.Part.Actor)
	if err != nil {
		t.Fatalf("calendar feed: %v", err)
	}
	s.Calendar = strings.TrimPrefix(u, a.URL)
	return s
}

// Grow adds growth steps until the Scene has size n. The service's rate
// limits (Part joins 30 groups an hour at most) bound n to 59.
func (s *Scene) Grow(t testing.TB, n int) {
	t.Helper()
	svc := s.app.Service
	for i := s.Size; i < n; i++ {
		p := s.person(t, fmt.Sprintf("personne%d@example.org", i), false)
		g := s.group(t, p, fmt.Sprintf("groupe%d", i), fmt.Sprintf("Groupe %d", i))
		s.join(t, p, s.Group)
		if err := svc.Follow(background(), p.Actor, s.CoGroup.ID); err != nil {
			t.Fatalf("follow: %v", err)
		}
		s.takePart(t, p, s.Big, i)
		s.comment(t, p, s.Big, fmt.Sprintf("Message %d : on se retrouve place Bellecour.", i))

		org := s.Orga
		if k := i % 3; k > 0 {
			org = s.Mods[k-1]
		}
		in := service.EventInput{Title: fmt.Sprintf("%s n°%d", SceneTitle, i), Start: s.day(1 + i),
			Category: cortege.EventCategories[i%len(cortege.EventCategories)], Tags: []string{"velo", fmt.Sprintf("quartier%d", i%4)}}
		if i%5 == 0 {
			in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
		}
		past := i%4 == 2
		if past {
			in.Start, in.Repeat = s.day(-1-i), nil
		}
		id := s.event(t, org, in)
		if i%5 == 1 {
			s.coOrganise(t, org, id)
		}
		if !past {
			s.takePart(t, p, id, i)
			s.takePart(t, s.Part, id, i)
		}
		if i%7 == 1 {
			if _, err := svc.CancelEvent(background(), org.Actor, service.ByID(id), service.ScopeThis, "Annulée : alerte orange."); err != nil {
				t.Fatalf("cancel: %v", err)
			}
		}
		s.join(t, p, s.Workshops)
		if _, err := svc.StartDiscussion(background(), p.Actor, s.Group.ID, fmt.Sprintf("Itinéraire n°%d", i), "Par les quais ?"); err != nil {
			t.Fatalf("discussion: %v", err)
		}
		s.task(t, org, s.Group, s.Memb)
		if i%2 == 0 {
			s.join(t, s.Part, g)
			s.task(t, p, g, s.Part)
		} else if _, err := svc.Invite(background(), p.Actor, g.ID, "", s.Part.Email, "", ""); err != nil {
			t.Fatalf("invite by address: %v", err)
		}
		post := service.PostInput{Title: fmt.Sprintf("Compte rendu n°%d", i), Body: "Merci à toutes et à tous.", Visibility: cortege.PostPublic, Publish: true}
		if i%3 == 2 {
			post.Visibility = cortege.PostMembers
		}
		if _, err := svc.CreatePost(background(), org.Actor, s.Group.ID, post); err != nil {
			t.Fatalf("post: %v", err)
		}
		s.Events = append(s.Events, id)
		s.Size = i + 1
	}
}

func background() context.Context { return context.Background() }

// day is 18:00 in Paris d days from the clock's today: an hour every date
// has, whatever the changes of time a weekly series crosses.
func (s *Scene) day(d int) time.Time {
	paris, err := cortege.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	y, m, dd := s.app.Clock.Now().In(paris).Date()
	return time.Date(y, m, dd+d, 18, 0, 0, 0, paris)
}

// person makes an account with a chosen identity and an API token, and
// with a session when it will visit pages.
func (s *Scene) person(t testing.TB, email string, session bool) *Person {
	t.Helper()
	svc := s.app.Service
	p := &Person{Email: email, Token: Token(t, svc, email)}
	act, err := svc.TokenActor(background(), p.Token, "192.0.2.1")
	if err != nil || !act.SignedIn() || act.Profile == nil {
		t.Fatalf("token actor of %s: %v", email, err)
	}
	p.Actor, p.Handle = act, act.Profile.Handle
	if session {
		p.Session = s.signIn(t, email)
	}
	return p
}

// signIn goes through the magic link and returns the session's secret.
func (s *Scene) signIn(t testing.TB, email string) string {
	t.Helper()
	svc, ip := s.app.Service, cortege.Actor{IP: "192.0.2.2"}
	if err := svc.RequestLogin(background(), ip, email, "fr"); err != nil {
		t.Fatal(err)
	}
	s.app.Drain(t)
	u, err := url.Parse(s.app.LastLink(t, email, "/login/confirm"))
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := svc.ConfirmLogin(background(), ip, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// group creates a public group, open unless named "ateliers" (joined on
// approval).
func (s *Scene) group(t testing.TB, by *Person, handle, name string) *cortege.Group {
	t.Helper()
	join := cortege.JoinOpen
	if handle == "ateliers" {
		join = cortege.JoinApproval
	}
	g, err := s.app.Service.CreateGroup(background(), by.Actor, service.GroupInput{Handle: handle, Name: name,
		Description: "Un groupe de " + name + ".", Tags: []string{"velo", "lyon"}, Address: "Lyon",
		Visibility: cortege.VisibilityPublic, JoinMode: join, PublicMembers: true})
	if err != nil {
		t.Fatalf("group %s: %v", handle, err)
	}
	return g
}

func (s *Scene) join(t testing.TB, p *Person, g *cortege.Group) {
	t.Helper()
	if _, err := s.app.Service.Join(background(), p.Actor, g.ID, ""); err != nil {
		t.Fatalf("%s joins %s: %v", p.Email, g.Handle, err)
	}
}

// event creates a published event of Group around Lyon.
func (s *Scene) event(t testing.TB, by *Person, in service.EventInput) string {
	t.Helper()
	in.Description = "Départ groupé, retour en musique."
	in.End = in.Start.Add(2 * time.Hour)
	in.TZ, in.Publish, in.GroupID = "Europe/Paris", true, s.Group.ID
	in.Visibility, in.JoinMode = cortege.VisibilityPublic, cortege.JoinFree
	in.PlaceArea, in.Place = "Lyon", "Place Bellecour"
	in.HasCoords, in.Lat, in.Lon = true, 45.7578, 4.8320
	e, err := s.app.Service.CreateEvent(background(), by.Actor, in)
	if err != nil {
		t.Fatalf("event %q: %v", in.Title, err)
	}
	return e.ID
}

// coOrganise makes CoGroup a co-organiser of an event: invited by its
// organiser, accepted by CoOrga.
func (s *Scene) coOrganise(t testing.TB, by *Person, id string) {
	t.Helper()
	svc := s.app.Service
	if err := svc.InviteCoOrganiser(background(), by.Actor, service.ByID(id), s.CoGroup.ID); err != nil {
		t.Fatalf("invite co-organiser: %v", err)
	}
	if err := svc.AnswerCoOrganiser(background(), s.CoOrga.Actor, id, s.CoGroup.ID, true); err != nil {
		t.Fatalf("accept co-organising: %v", err)
	}
}

// task gives to a task in a new list of g, made by p (who may).
func (s *Scene) task(t testing.TB, p *Person, g *cortege.Group, to *Person) {
	t.Helper()
	svc := s.app.Service
	l, err := svc.CreateTaskList(background(), p.Actor, g.ID, "Préparatifs")
	if err != nil {
		t.Fatalf("task list: %v", err)
	}
	in := service.TaskInput{Title: "Apporter la sono", AssigneeID: to.Actor.Profile.ID, DueAt: s.day(2)}
	if _, err := svc.CreateTask(background(), p.Actor, l.ID, in); err != nil {
		t.Fatalf("task: %v", err)
	}
}

func (s *Scene) takePart(t testing.TB, p *Person, id string, i int) {
	t.Helper()
	a := p.Actor
	a.IP = fmt.Sprintf("198.51.%d.%d", i/250, 1+i%250)
	if _, err := s.app.Service.JoinEvent(background(), a, service.ByID(id), service.JoinInput{}); err != nil {
		t.Fatalf("%s joins %s: %v", p.Email, id, err)
	}
}

func (s *Scene) comment(t testing.TB, p *Person, id, body string) {
	t.Helper()
	if _, err := s.app.Service.Comment(background(), p.Actor, service.ByID(id), body); err != nil {
		t.Fatalf("comment: %v", err)
	}
}
