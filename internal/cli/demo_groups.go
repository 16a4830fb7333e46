package cli

import (
	"fmt"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// demoGroup is a group of the demo and the people in it.
type demoGroup struct {
	Key      string
	Owner    string
	In       service.GroupInput
	Scene    scene
	Sky, Low uint32
	// Members join (open group), ask and are approved (approval) or are
	// invited and accept (invitation); Roles then promotes some of them.
	Members     []string
	Roles       map[string]string
	Followers   []string
	Requested   []string // ask to join and wait for an answer, saying RequestNote
	RequestNote string
	Invited     []string // invited, have not answered yet
}

var demoGroups = []demoGroup{
	{
		Key: "velo", Owner: "camille", Scene: sceneBikes, Sky: 0x8ecae6, Low: 0x6a994e,
		In: service.GroupInput{
			Handle: "velo_lyon", Name: "Collectif Vélo Lyon", Kind: cortege.GroupLocal,
			Tags: []string{"vélo", "mobilité", "lyon"}, Address: "Lyon", HasCoords: true, Lat: 45.7640, Lon: 4.8357,
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, PublicMembers: true,
			Description: `Nous sommes des cyclistes du quotidien qui veulent **une ville où l'on circule à vélo en sécurité**, de 8 à 88 ans.

## Ce que nous faisons
- des **ateliers d'autoréparation** chaque mois, ouverts à toutes et à tous ;
- la **Vélorution**, balade revendicative dans les rues de Lyon ;
- un **apéro vélo** le troisième vendredi du mois pour se rencontrer ;
- un suivi attentif des aménagements cyclables de la Métropole.

Pas besoin d'être expert·e : venez comme vous êtes, avec ou sans vélo !`,
		},
		Members:   []string{"lea", "mathieu", "ines"},
		Roles:     map[string]string{"lea": cortege.GroupModerator},
		Followers: []string{"thomas", "hugo"},
	},
	{
		Key: "alternatiba", Owner: "mathieu", Scene: sceneSun, Sky: 0x90e0ef, Low: 0x588157,
		In: service.GroupInput{
			Handle: "alternatiba_lyon", Name: "Alternatiba Lyon", Kind: cortege.GroupThematic,
			Tags: []string{"climat", "alternatives", "lyon"}, Address: "Lyon 7e", HasCoords: true, Lat: 45.7485, Lon: 4.8467,
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen,
			Description: `Alternatiba Lyon fait connaître **les alternatives concrètes au dérèglement climatique** : se déplacer, se nourrir, se loger, consommer autrement.

Nous organisons des formations, des actions non violentes et, chaque année, un *village des alternatives*. Rejoignez-nous !`,
		},
		Members: []string{"lea", "camille"},
	},
	{
		Key: "syndicat", Owner: "fatima", Scene: sceneHouses, Sky: 0xa8dadc, Low: 0x8d99ae,
		In: service.GroupInput{
			Handle: "locataires_paris11", Name: "Syndicat des locataires du 11e", Kind: cortege.GroupLocal,
			Tags: []string{"logement", "locataires", "paris"}, Address: "Paris 11e", HasCoords: true, Lat: 48.8589, Lon: 2.3799,
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinApproval,
			Description: `Le syndicat réunit **les locataires du 11e arrondissement**, du parc social comme du parc privé.

Ensemble, nous défendons nos droits : charges abusives, travaux qui n'en finissent pas, logements indignes, congés pour vente…

- **Permanence juridique** gratuite un jeudi sur deux (sur inscription) ;
- accompagnement dans les démarches auprès des bailleurs ;
- assemblées de locataires par immeuble.

L'adhésion se fait sur demande : dites-nous en quelques mots où vous habitez.`,
		},
		Members:     []string{"julien", "ines"},
		Roles:       map[string]string{"julien": cortege.GroupModerator},
		Requested:   []string{"hugo"},
		RequestNote: "Bonjour, j'habite rue de la Roquette depuis peu et j'aimerais participer.",
	},
	{
		Key: "atr", Owner: "chloe", Scene: sceneTrees, Sky: 0xcaf0f8, Low: 0x40916c,
		In: service.GroupInput{
			Handle: "amis_terre_rennes", Name: "Amis de la Terre Rennes", Kind: cortege.GroupThematic,
			Tags: []string{"écologie", "zéro déchet", "rennes"}, Address: "Rennes", HasCoords: true, Lat: 48.1113, Lon: -1.6800,
			Visibility: cortege.VisibilityPrivate, JoinMode: cortege.JoinInvitation,
			Description: `Espace de travail **interne** du groupe local des Amis de la Terre à Rennes : préparation des campagnes, des stands et des actions.

Le groupe est privé : on y entre sur invitation d'un·e membre de l'équipe.`,
		},
		Members: []string{"thomas", "mathieu"},
		Roles:   map[string]string{"thomas": cortege.GroupModerator},
		Invited: []string{"camille"},
	},
}

// createGroups creates the groups, two months ago, with their pictures and
// members.
func (d *demo) createGroups() error {
	for i, dg := range demoGroups {
		d.at(d.day(-60+i*3, 10, 0))
		owner := d.who(dg.Owner)
		g, err := d.createGroup(owner, dg.In)
		if err != nil {
			return err
		}
		d.groups[dg.Key] = g
		d.groupOrder = append(d.groupOrder, dg.Key)
		if _, err := d.svc.SetGroupImage(d.ctx, owner, g.ID, service.GroupBanner, picture(dg.Scene, 1500, 500, dg.Sky, dg.Low, uint64(i)).jpeg()); err != nil {
			return err
		}
		if g, err = d.svc.SetGroupImage(d.ctx, owner, g.ID, service.GroupAvatar, picture(dg.Scene, 400, 400, dg.Sky, dg.Low, uint64(i)+10).png()); err != nil {
			return err
		}
		d.groups[dg.Key] = g
		d.at(d.day(-55+i*3, 18, 0))
		for _, k := range dg.Members {
			if err := d.enter(g, owner, k); err != nil {
				return err
			}
		}
		for k, role := range dg.Roles {
			if err := d.svc.SetMemberRole(d.ctx, owner, g.ID, d.pid(k), role); err != nil {
				return err
			}
		}
		for _, k := range dg.Followers {
			if err := d.svc.Follow(d.ctx, d.who(k), g.ID); err != nil {
				return err
			}
		}
		d.at(d.day(-2, 21, 0))
		for _, k := range dg.Requested {
			if _, err := d.svc.Join(d.ctx, d.who(k), g.ID, dg.RequestNote); err != nil {
				return err
			}
		}
		for _, k := range dg.Invited {
			if err := d.svc.InviteProfile(d.ctx, owner, g.ID, d.who(k).Profile.Handle, "On aimerait ton aide pour la campagne, tu nous rejoins ?"); err != nil {
				return err
			}
		}
	}
	return nil
}

// createGroup creates a group, taking another handle when a previous run
// (with --force) took the demo's.
func (d *demo) createGroup(owner cortege.Actor, in service.GroupInput) (*cortege.Group, error) {
	base := in.Handle
	for n := 2; ; n++ {
		g, err := d.svc.CreateGroup(d.ctx, owner, in)
		if e := cortege.ErrorOf(err); e != nil && e.Code == cortege.ECONFLICT && e.Field == "handle" && n < 50 {
			in.Handle = fmt.Sprintf("%s_%d", base, n)
			continue
		}
		return g, err
	}
}

// enter makes person k a member of g the way its join mode says.
func (d *demo) enter(g *cortege.Group, owner cortege.Actor, k string) error {
	a := d.who(k)
	switch g.JoinMode {
	case cortege.JoinInvitation:
		if err := d.svc.InviteProfile(d.ctx, owner, g.ID, a.Profile.Handle, "Bienvenue dans l'équipe !"); err != nil {
			return err
		}
		return d.svc.AcceptInvitation(d.ctx, a, g.ID)
	case cortege.JoinApproval:
		if _, err := d.svc.Join(d.ctx, a, g.ID, "Je suis locataire dans le quartier et je souhaite adhérer."); err != nil {
			return err
		}
		return d.svc.AnswerJoinRequest(d.ctx, owner, g.ID, a.Profile.ID, true, "Bienvenue au syndicat !")
	default:
		_, err := d.svc.Join(d.ctx, a, g.ID, "")
		return err
	}
}

// demoPost is a post of a group, daysAgo days ago.
type demoPost struct {
	Group, By   string
	DaysAgo     int
	Members     bool // members only
	Title, Body string
}

// demoThread is a discussion with its replies.
type demoThread struct {
	Group, By   string
	DaysAgo     int
	Pinned      bool
	Title, Body string
	Replies     [][2]string // who, what
}

// demoTask is a task of a group's list.
type demoTask struct {
	Title, Notes, Assignee string
	DueIn                  int // days from today; 0 for no due date
	Done                   bool
}

// demoTaskList is a group's task list.
type demoTaskList struct {
	Group, By, Title string
	Tasks            []demoTask
}

// demoResource is a link or note of a group; Folder names the folder it
// goes in ("" for the top).
type demoResource struct {
	Group, By, Folder string
	Kind              string
	Title, URL, Body  string
}

// groupLife writes the posts, discussions, tasks and resources.
func (d *demo) groupLife() error {
	for _, p := range demoPosts {
		d.at(d.day(-p.DaysAgo, 9, 30))
		vis := cortege.PostPublic
		if p.Members {
			vis = cortege.PostMembers
		}
		if _, err := d.svc.CreatePost(d.ctx, d.who(p.By), d.groups[p.Group].ID, service.PostInput{Title: p.Title, Body: p.Body, Visibility: vis, Publish: true}); err != nil {
			return fmt.Errorf("post %q: %w", p.Title, err)
		}
		d.n.posts++
	}
	for _, t := range demoThreads {
		when := d.day(-t.DaysAgo, 20, 15)
		d.at(when)
		disc, err := d.svc.StartDiscussion(d.ctx, d.who(t.By), d.groups[t.Group].ID, t.Title, t.Body)
		if err != nil {
			return fmt.Errorf("discussion %q: %w", t.Title, err)
		}
		d.n.discussions++
		d.n.messages++
		for i, r := range t.Replies {
			d.at(when.Add(time.Duration(i+1) * 3 * time.Hour))
			if _, err := d.svc.Reply(d.ctx, d.who(r[0]), disc.ID, r[1]); err != nil {
				return fmt.Errorf("reply in %q: %w", t.Title, err)
			}
			d.n.messages++
		}
		if t.Pinned {
			if _, err := d.svc.SetPinned(d.ctx, d.who(t.By), disc.ID, true); err != nil {
				return err
			}
		}
	}
	d.at(d.day(-10, 11, 0))
	for _, l := range demoTaskLists {
		list, err := d.svc.CreateTaskList(d.ctx, d.who(l.By), d.groups[l.Group].ID, l.Title)
		if err != nil {
			return err
		}
		for _, t := range l.Tasks {
			in := service.TaskInput{Title: t.Title, Notes: t.Notes}
			if t.Assignee != "" {
				in.AssigneeID = d.pid(t.Assignee)
			}
			if t.DueIn != 0 {
				in.DueAt = d.day(t.DueIn, 18, 0)
			}
			task, err := d.svc.CreateTask(d.ctx, d.who(l.By), list.ID, in)
			if err != nil {
				return fmt.Errorf("task %q: %w", t.Title, err)
			}
			if t.Done {
				if _, err := d.svc.SetTaskDone(d.ctx, d.who(l.By), task.ID, true); err != nil {
					return err
				}
			}
			d.n.tasks++
		}
	}
	folders := map[string]string{}
	for _, r := range demoResources {
		g := d.groups[r.Group]
		in := service.ResourceInput{Kind: r.Kind, Title: r.Title, URL: r.URL, Body: r.Body}
		if r.Folder != "" {
			id, ok := folders[r.Group+"/"+r.Folder]
			if !ok {
				f, err := d.svc.CreateResource(d.ctx, d.who(r.By), g.ID, service.ResourceInput{Kind: cortege.ResourceFolder, Title: r.Folder})
				if err != nil {
					return err
				}
				id, folders[r.Group+"/"+r.Folder] = f.ID, f.ID
			}
			in.ParentID = id
		}
		if _, err := d.svc.CreateResource(d.ctx, d.who(r.By), g.ID, in); err != nil {
			return fmt.Errorf("resource %q: %w", r.Title, err)
		}
		d.n.resources++
	}
	return nil
}
