package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// ExportVersion numbers the format of the data export; it grows when a
// field changes meaning or goes (adding fields keeps it).
const ExportVersion = 1

// Export is everything Cortège keeps about the actor's account and what
// its profiles wrote, for the person to download (GDPR articles 15 and
// 20). It is one JSON document, the same from the settings page
// (/settings/export.json) and the API (GET /api/v1/me/export); times are
// RFC 3339 in UTC, null when something never happened. Each entry names
// the profile (handle) it belongs to.
type Export struct {
	Version       int                  `json:"version"`
	ExportedAt    string               `json:"exported_at"`
	Instance      string               `json:"instance"`
	Account       ExportAccount        `json:"account"`
	Profiles      []ExportProfile      `json:"profiles"`
	Groups        []ExportMembership   `json:"groups"`
	Events        []ExportEvent        `json:"events"`
	Posts         []ExportPost         `json:"posts"`
	Discussions   []ExportDiscussion   `json:"discussions"`
	Messages      []ExportMessage      `json:"messages"`
	Comments      []ExportComment      `json:"comments"`
	Photos        []ExportPhoto        `json:"photos"`
	Tasks         []ExportTask         `json:"tasks"`
	Resources     []ExportResource     `json:"resources"`
	Announcements []ExportAnnouncement `json:"announcements"`
	Reports       []ExportReport       `json:"reports"`
	APITokens     []ExportAPIToken     `json:"api_tokens"`
}

// ExportAccount is the account part of an export.
type ExportAccount struct {
	Email       string  `json:"email"`
	Role        string  `json:"role"`
	Lang        string  `json:"lang"`
	HasPassword bool    `json:"has_password"`
	CreatedAt   string  `json:"created_at"`
	LastLoginAt *string `json:"last_login_at"`
}

// ExportProfile is one profile in an export.
type ExportProfile struct {
	Handle      string `json:"handle"`
	DisplayName string `json:"display_name"`
	Bio         string `json:"bio"`
	Avatar      string `json:"avatar"`     // file name, "" when none
	AvatarURL   string `json:"avatar_url"` // where it is served, "" when none
	IsDefault   bool   `json:"is_default"`
	CreatedAt   string `json:"created_at"`
}

// ExportMembership is one profile's relation to a group in an export; a
// group it administers comes with the code of conduct its administrators
// wrote.
type ExportMembership struct {
	Profile string         `json:"profile"`
	Group   string         `json:"group"`
	Name    string         `json:"name"`
	Role    string         `json:"role"`
	Status  string         `json:"status"`
	Since   string         `json:"since"`
	Conduct *ExportConduct `json:"conduct,omitempty"`
}

// ExportConduct is a group's code of conduct in an export.
type ExportConduct struct {
	Text     string `json:"text"`
	Required bool   `json:"required"`
}

// ExportEvent is an event one of the profiles organises (with the
// description it wrote) or registered for (with its answers to the
// registration questions).
type ExportEvent struct {
	Profile         string         `json:"profile"`
	Title           string         `json:"title"`
	URL             string         `json:"url"`
	Start           string         `json:"start"`
	Role            string         `json:"role"`                  // "organiser" or "participant"
	Description     string         `json:"description,omitempty"` // organisers
	Status          string         `json:"status,omitempty"`      // the participation's
	RegisteredAt    string         `json:"registered_at,omitempty"`
	Answers         []ExportAnswer `json:"answers,omitempty"`
	ConductAccepted bool           `json:"conduct_accepted,omitempty"`
}

// ExportAnswer is an answer to a registration question.
type ExportAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// ExportPost is a group post a profile wrote (drafts included).
type ExportPost struct {
	Profile     string  `json:"profile"`
	Group       string  `json:"group"`
	Title       string  `json:"title"`
	Body        string  `json:"body"`
	Visibility  string  `json:"visibility"`
	Status      string  `json:"status"`
	Hidden      bool    `json:"hidden"`
	URL         string  `json:"url"`
	PublishedAt *string `json:"published_at"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

// ExportDiscussion is a thread a profile started.
type ExportDiscussion struct {
	Profile   string `json:"profile"`
	Group     string `json:"group"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	CreatedAt string `json:"created_at"`
}

// ExportMessage is a discussion message a profile wrote; a deleted one
// keeps its place without its body.
type ExportMessage struct {
	Profile    string  `json:"profile"`
	Group      string  `json:"group"`
	Discussion string  `json:"discussion"` // the thread's title
	URL        string  `json:"url"`
	Body       string  `json:"body"`
	CreatedAt  string  `json:"created_at"`
	EditedAt   *string `json:"edited_at"`
	DeletedAt  *string `json:"deleted_at"`
}

// ExportComment is a comment a profile wrote on an event.
type ExportComment struct {
	Profile   string `json:"profile"`
	Event     string `json:"event"` // the event's title
	EventURL  string `json:"event_url"`
	Body      string `json:"body"`
	Deleted   bool   `json:"deleted"`
	CreatedAt string `json:"created_at"`
}

// ExportPhoto is a photo a profile added to an event: its metadata and
// where the (re-encoded) file is served.
type ExportPhoto struct {
	Profile   string `json:"profile"`
	Event     string `json:"event"`
	EventURL  string `json:"event_url"`
	File      string `json:"file"`
	URL       string `json:"url"`
	Caption   string `json:"caption"`
	Licence   string `json:"licence"`
	Hidden    bool   `json:"hidden"`
	CreatedAt string `json:"created_at"`
}

// ExportTask is a task a profile created or is assigned.
type ExportTask struct {
	Profile   string  `json:"profile"`
	Group     string  `json:"group"`
	List      string  `json:"list"`
	Title     string  `json:"title"`
	Notes     string  `json:"notes"`
	Created   bool    `json:"created"`  // the profile created it
	Assigned  bool    `json:"assigned"` // the profile is assigned it
	Done      bool    `json:"done"`
	DueAt     *string `json:"due_at"`
	DoneAt    *string `json:"done_at"`
	URL       string  `json:"url"`
	CreatedAt string  `json:"created_at"`
}

// ExportResource is a link, note or folder a profile added to a group.
type ExportResource struct {
	Profile   string `json:"profile"`
	Group     string `json:"group"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Link      string `json:"link"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// ExportAnnouncement is an announcement a profile sent to an event's
// participants.
type ExportAnnouncement struct {
	Profile   string `json:"profile"`
	Event     string `json:"event"`
	EventURL  string `json:"event_url"`
	Audience  string `json:"audience"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	SentTo    int    `json:"sent_to"`
	CreatedAt string `json:"created_at"`
}

// ExportReport is a report a profile filed to moderators (what was
// reported and why; not the moderators' notes).
type ExportReport struct {
	Profile    string `json:"profile"`
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	Reason     string `json:"reason"`
	Status     string `json:"status"`
	CreatedAt  string `json:"created_at"`
}

// ExportAPIToken is one API token in an export (never its secret).
type ExportAPIToken struct {
	Label      string   `json:"label"`
	Scopes     []string `json:"scopes"`
	CreatedAt  string   `json:"created_at"`
	LastUsedAt *string  `json:"last_used_at"`
	ExpiresAt  *string  `json:"expires_at"`
}

// exportTime writes an instant as the export does: RFC 3339, UTC.
func exportTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// exportOptTime is exportTime for what may never have happened (nil).
func exportOptTime(t time.Time) *string {
	if t.IsZero() || t.Unix() <= 0 {
		return nil
	}
	s := exportTime(t)
	return &s
}

// ExportAccountData returns the actor's data.
func (s *Service) ExportAccountData(ctx context.Context, a cortege.Actor) (*Export, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	acc, err := q.AccountByID(ctx, a.Account.ID)
	if err != nil {
		return nil, err
	}
	ex := &Export{Version: ExportVersion, ExportedAt: exportTime(s.now()), Instance: s.URL("/"),
		Account: ExportAccount{Email: acc.Email, Role: acc.Role, Lang: acc.Lang, HasPassword: acc.PasswordHash != "",
			CreatedAt: exportTime(acc.CreatedAt), LastLoginAt: exportOptTime(acc.LastLoginAt)},
		Profiles: []ExportProfile{}, Groups: []ExportMembership{}, Events: []ExportEvent{}, Posts: []ExportPost{},
		Discussions: []ExportDiscussion{}, Messages: []ExportMessage{}, Comments: []ExportComment{}, Photos: []ExportPhoto{},
		Tasks: []ExportTask{}, Resources: []ExportResource{}, Announcements: []ExportAnnouncement{}, Reports: []ExportReport{},
		APITokens: []ExportAPIToken{}}
	ps, err := q.ProfilesByAccount(ctx, acc.ID)
	if err != nil {
		return nil, err
	}
	x := &exporter{s: s, q: q, ex: ex, groups: map[string]*cortege.Group{}, events: map[string]*cortege.Event{}}
	for _, p := range ps {
		ep := ExportProfile{Handle: p.Handle, DisplayName: p.DisplayName, Bio: p.Bio, Avatar: p.Avatar, IsDefault: p.ID == acc.DefaultProfileID, CreatedAt: exportTime(p.CreatedAt)}
		if p.Avatar != "" {
			ep.AvatarURL = s.URL("/uploads/" + p.Avatar)
		}
		ex.Profiles = append(ex.Profiles, ep)
		for _, step := range []func(context.Context, *cortege.Profile) error{
			x.memberships, x.eventsOf, x.posts, x.discussions, x.messages, x.comments, x.photos, x.tasks, x.resources, x.announcements, x.reports,
		} {
			if err := step(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	ts, err := q.APITokensByAccount(ctx, acc.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		ex.APITokens = append(ex.APITokens, ExportAPIToken{Label: t.Label, Scopes: t.Scopes, CreatedAt: exportTime(t.CreatedAt), LastUsedAt: exportOptTime(t.LastUsedAt), ExpiresAt: exportOptTime(t.ExpiresAt)})
	}
	return ex, nil
}

// exporter fills an export profile by profile, loading each group and
// event it names once.
type exporter struct {
	s      *Service
	q      *store.Q
	ex     *Export
	groups map[string]*cortege.Group
	events map[string]*cortege.Event
}

// group returns a group by ID; one gone since comes back empty.
func (x *exporter) group(ctx context.Context, id string) (*cortege.Group, error) {
	if g, ok := x.groups[id]; ok {
		return g, nil
	}
	g, err := x.q.GroupByID(ctx, id)
	if cortege.IsNotFound(err) {
		g, err = &cortege.Group{ID: id}, nil
	}
	x.groups[id] = g
	return g, err
}

// event returns an event by ID; one gone since comes back empty.
func (x *exporter) event(ctx context.Context, id string) (*cortege.Event, error) {
	if e, ok := x.events[id]; ok {
		return e, nil
	}
	e, err := x.q.EventByID(ctx, id)
	if cortege.IsNotFound(err) {
		e, err = &cortege.Event{ID: id}, nil
	}
	x.events[id] = e
	return e, err
}

func (x *exporter) memberships(ctx context.Context, p *cortege.Profile) error {
	mgs, err := x.q.MembershipsByProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, mg := range mgs {
		m := ExportMembership{Profile: p.Handle, Group: mg.Group.Handle, Name: mg.Group.Name, Role: mg.Membership.Role,
			Status: mg.Membership.Status, Since: exportTime(mg.Membership.CreatedAt)}
		if mg.Membership.ActiveRole() == cortege.GroupAdmin {
			c, err := groupConduct(ctx, x.q, mg.Group.ID)
			if err != nil {
				return err
			}
			if c.Text != "" {
				m.Conduct = &ExportConduct{Text: c.Text, Required: c.Required}
			}
		}
		x.ex.Groups = append(x.ex.Groups, m)
	}
	return nil
}

func (x *exporter) eventsOf(ctx context.Context, p *cortege.Profile) error {
	org, err := x.q.EventsOrganisedBy(ctx, p.ID, time.Time{}, 100000)
	if err != nil {
		return err
	}
	for _, o := range org {
		x.ex.Events = append(x.ex.Events, ExportEvent{Profile: p.Handle, Title: o.Event.Title, URL: x.s.eventURL(o.Event.ID),
			Start: exportTime(o.Event.Start), Role: "organiser", Description: o.Event.Description})
	}
	parts, err := x.q.ParticipationsByProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, part := range parts {
		e, err := x.event(ctx, part.EventID)
		if err != nil {
			return err
		}
		ee := ExportEvent{Profile: p.Handle, Title: e.Title, URL: x.s.eventURL(e.ID), Start: exportTime(e.Start), Role: "participant",
			Status: part.Status, RegisteredAt: exportTime(part.CreatedAt), ConductAccepted: part.ConductAccepted}
		if len(part.Answers) > 0 {
			qs, err := x.q.Questions(ctx, e.ID)
			if err != nil {
				return err
			}
			labels := map[string]string{}
			for _, qu := range qs {
				labels[qu.ID] = qu.Label
			}
			for _, an := range part.Answers {
				ee.Answers = append(ee.Answers, ExportAnswer{Question: labels[an.QuestionID], Answer: an.Value})
			}
		}
		x.ex.Events = append(x.ex.Events, ee)
	}
	return nil
}

func (x *exporter) posts(ctx context.Context, p *cortege.Profile) error {
	ps, err := x.q.PostsByAuthor(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, po := range ps {
		g, err := x.group(ctx, po.GroupID)
		if err != nil {
			return err
		}
		x.ex.Posts = append(x.ex.Posts, ExportPost{Profile: p.Handle, Group: g.Handle, Title: po.Title, Body: po.Body, Visibility: po.Visibility,
			Status: po.Status, Hidden: po.Hidden, URL: x.s.URL(postPath(g, po)), PublishedAt: exportOptTime(po.PublishedAt),
			CreatedAt: exportTime(po.CreatedAt), UpdatedAt: exportTime(po.UpdatedAt)})
	}
	return nil
}

func (x *exporter) discussions(ctx context.Context, p *cortege.Profile) error {
	ds, err := x.q.DiscussionsByAuthor(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		g, err := x.group(ctx, d.GroupID)
		if err != nil {
			return err
		}
		x.ex.Discussions = append(x.ex.Discussions, ExportDiscussion{Profile: p.Handle, Group: g.Handle, Title: d.Title,
			URL: x.s.URL(discussionPath(g, d)), CreatedAt: exportTime(d.CreatedAt)})
	}
	return nil
}

func (x *exporter) messages(ctx context.Context, p *cortege.Profile) error {
	ms, err := x.q.MessagesByAuthor(ctx, p.ID)
	if err != nil {
		return err
	}
	threads := map[string]*cortege.Discussion{}
	for _, m := range ms {
		g, err := x.group(ctx, m.GroupID)
		if err != nil {
			return err
		}
		d, ok := threads[m.DiscussionID]
		if !ok {
			if d, err = x.q.DiscussionByID(ctx, m.DiscussionID); cortege.IsNotFound(err) {
				d, err = &cortege.Discussion{ID: m.DiscussionID}, nil
			}
			if err != nil {
				return err
			}
			threads[m.DiscussionID] = d
		}
		x.ex.Messages = append(x.ex.Messages, ExportMessage{Profile: p.Handle, Group: g.Handle, Discussion: d.Title,
			URL: x.s.URL(discussionPath(g, d)), Body: m.Body, CreatedAt: exportTime(m.CreatedAt),
			EditedAt: exportOptTime(m.EditedAt), DeletedAt: exportOptTime(m.DeletedAt)})
	}
	return nil
}

func (x *exporter) comments(ctx context.Context, p *cortege.Profile) error {
	cs, err := x.q.EventCommentsByProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		e, err := x.event(ctx, c.EventID)
		if err != nil {
			return err
		}
		x.ex.Comments = append(x.ex.Comments, ExportComment{Profile: p.Handle, Event: e.Title, EventURL: x.s.eventURL(e.ID),
			Body: c.Body, Deleted: c.Deleted, CreatedAt: exportTime(c.CreatedAt)})
	}
	return nil
}

func (x *exporter) photos(ctx context.Context, p *cortege.Profile) error {
	ps, err := x.q.EventPhotosByProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, ph := range ps {
		e, err := x.event(ctx, ph.EventID)
		if err != nil {
			return err
		}
		x.ex.Photos = append(x.ex.Photos, ExportPhoto{Profile: p.Handle, Event: e.Title, EventURL: x.s.eventURL(e.ID), File: ph.File,
			URL: x.s.URL("/uploads/" + ph.File), Caption: ph.Caption, Licence: ph.Licence, Hidden: ph.Hidden, CreatedAt: exportTime(ph.CreatedAt)})
	}
	return nil
}

func (x *exporter) tasks(ctx context.Context, p *cortege.Profile) error {
	ts, err := x.q.TasksOfProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	lists := map[string]string{}
	for _, t := range ts {
		g, err := x.group(ctx, t.GroupID)
		if err != nil {
			return err
		}
		list, ok := lists[t.ListID]
		if !ok {
			if l, err := x.q.TaskListByID(ctx, t.ListID); err == nil {
				list = l.Title
			} else if !cortege.IsNotFound(err) {
				return err
			}
			lists[t.ListID] = list
		}
		x.ex.Tasks = append(x.ex.Tasks, ExportTask{Profile: p.Handle, Group: g.Handle, List: list, Title: t.Title, Notes: t.Notes,
			Created: t.CreatedBy == p.ID, Assigned: t.AssigneeID == p.ID, Done: t.Done, DueAt: exportOptTime(t.DueAt),
			DoneAt: exportOptTime(t.DoneAt), URL: x.s.URL(groupPath(g) + "/tasks"), CreatedAt: exportTime(t.CreatedAt)})
	}
	return nil
}

func (x *exporter) resources(ctx context.Context, p *cortege.Profile) error {
	rs, err := x.q.ResourcesByCreator(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		g, err := x.group(ctx, r.GroupID)
		if err != nil {
			return err
		}
		x.ex.Resources = append(x.ex.Resources, ExportResource{Profile: p.Handle, Group: g.Handle, Kind: r.Kind, Title: r.Title,
			Link: r.URL, Body: r.Body, CreatedAt: exportTime(r.CreatedAt), UpdatedAt: exportTime(r.UpdatedAt)})
	}
	return nil
}

func (x *exporter) announcements(ctx context.Context, p *cortege.Profile) error {
	as, err := x.q.AnnouncementsByProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, an := range as {
		e, err := x.event(ctx, an.EventID)
		if err != nil {
			return err
		}
		x.ex.Announcements = append(x.ex.Announcements, ExportAnnouncement{Profile: p.Handle, Event: e.Title, EventURL: x.s.eventURL(e.ID),
			Audience: an.Audience, Subject: an.Subject, Body: an.Body, SentTo: an.SentTo, CreatedAt: exportTime(an.CreatedAt)})
	}
	return nil
}

func (x *exporter) reports(ctx context.Context, p *cortege.Profile) error {
	rs, err := x.q.ReportsByReporter(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		x.ex.Reports = append(x.ex.Reports, ExportReport{Profile: p.Handle, TargetKind: r.TargetKind, TargetID: r.TargetID,
			Reason: r.Reason, Status: r.Status, CreatedAt: exportTime(r.CreatedAt)})
	}
	return nil
}
