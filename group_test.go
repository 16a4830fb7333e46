package cortege_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestGroupPermissionMatrix is the matrix of who may do what, one line per
// action: for each visibility, the roles allowed, from administrator to
// stranger ("-" for RoleNone).
func TestGroupPermissionMatrix(t *testing.T) {
	const (
		A = cortege.GroupAdmin
		M = cortege.GroupModerator
		E = cortege.GroupMember
		F = cortege.GroupFollower
		N = cortege.RoleNone
	)
	staff := []string{A, M}
	members := []string{A, M, E}
	all := []string{A, M, E, F, N}
	type row struct {
		action                    cortege.GroupAction
		public, unlisted, private []string
	}
	rows := []row{
		{cortege.ActViewGroup, all, all, members},
		{cortege.ActContactAdmins, all, all, members},
		{cortege.ActViewMembers, members, members, members},
		{cortege.ActViewInside, members, members, members},
		{cortege.ActFollow, []string{N}, nil, nil},
		{cortege.ActJoin, []string{F, N}, []string{F, N}, nil},
		{cortege.ActLeave, []string{A, M, E, F}, []string{A, M, E, F}, []string{A, M, E, F}},
		{cortege.ActDiscuss, members, members, members},
		{cortege.ActEditTasks, members, members, members},
		{cortege.ActEditResources, members, members, members},
		{cortege.ActModerate, staff, staff, staff},
		{cortege.ActPublishPost, staff, staff, staff},
		{cortege.ActPublishEvent, staff, staff, staff},
		{cortege.ActInvite, staff, staff, staff},
		{cortege.ActManageMembers, staff, staff, staff},
		{cortege.ActViewModeration, staff, staff, staff},
		{cortege.ActManageRoles, []string{A}, []string{A}, []string{A}},
		{cortege.ActEditGroup, []string{A}, []string{A}, []string{A}},
		{cortege.ActImportMembers, []string{A}, []string{A}, []string{A}},
		{cortege.ActExportMembers, []string{A}, []string{A}, []string{A}},
		{cortege.ActDeleteGroup, []string{A}, []string{A}, []string{A}},
	}
	if len(rows) != len(cortege.GroupActions) {
		t.Fatalf("the table covers %d actions, the domain has %d", len(rows), len(cortege.GroupActions))
	}
	for _, r := range rows {
		for vis, allowed := range map[string][]string{
			cortege.VisibilityPublic: r.public, cortege.VisibilityUnlisted: r.unlisted, cortege.VisibilityPrivate: r.private,
		} {
			for _, role := range all {
				want := false
				for _, a := range allowed {
					want = want || a == role
				}
				name := role
				if name == "" {
					name = "-"
				}
				t.Run(strings.Join([]string{string(r.action), vis, name}, "/"), func(t *testing.T) {
					if got := cortege.CanGroup(role, vis, r.action); got != want {
						t.Errorf("CanGroup(%q, %q, %q) = %v, want %v", role, vis, r.action, got, want)
					}
					g := &cortege.Group{Visibility: vis}
					if got := g.Can(role, r.action); got != want {
						t.Errorf("Group.Can = %v, want %v", got, want)
					}
				})
			}
		}
	}
	if cortege.CanGroup("owner", cortege.VisibilityPublic, cortege.ActViewInside) {
		t.Error("an unknown role is granted something")
	}
	if cortege.CanGroup(A, cortege.VisibilityPublic, "fly") {
		t.Error("an unknown action is granted")
	}
}

func TestPublicMemberList(t *testing.T) {
	for _, tc := range []struct {
		vis  string
		opt  bool
		role string
		want bool
	}{
		{cortege.VisibilityPublic, true, cortege.RoleNone, true},
		{cortege.VisibilityUnlisted, true, cortege.GroupFollower, true},
		{cortege.VisibilityPrivate, true, cortege.RoleNone, false},
		{cortege.VisibilityPublic, false, cortege.RoleNone, false},
		{cortege.VisibilityPublic, false, cortege.GroupMember, true},
	} {
		g := &cortege.Group{Visibility: tc.vis, PublicMembers: tc.opt}
		if got := g.Can(tc.role, cortege.ActViewMembers); got != tc.want {
			t.Errorf("%+v: got %v", tc, got)
		}
	}
}

func TestCanManageMember(t *testing.T) {
	for _, tc := range []struct {
		actor, target string
		want          bool
	}{
		{cortege.GroupAdmin, cortege.GroupAdmin, true},
		{cortege.GroupAdmin, cortege.GroupModerator, true},
		{cortege.GroupModerator, cortege.GroupMember, true},
		{cortege.GroupModerator, cortege.GroupFollower, true},
		{cortege.GroupModerator, cortege.GroupModerator, false},
		{cortege.GroupModerator, cortege.GroupAdmin, false},
		{cortege.GroupMember, cortege.GroupMember, false},
		{cortege.GroupMember, cortege.GroupFollower, false},
		{cortege.RoleNone, cortege.GroupMember, false},
	} {
		if got := cortege.CanManageMember(tc.actor, tc.target); got != tc.want {
			t.Errorf("CanManageMember(%q, %q) = %v", tc.actor, tc.target, got)
		}
	}
}

func TestJoinOutcome(t *testing.T) {
	if s, err := cortege.JoinOutcome(cortege.JoinOpen); s != cortege.MemberActive || err != nil {
		t.Errorf("open: %q %v", s, err)
	}
	if s, err := cortege.JoinOutcome(cortege.JoinApproval); s != cortege.MemberRequested || err != nil {
		t.Errorf("approval: %q %v", s, err)
	}
	if _, err := cortege.JoinOutcome(cortege.JoinInvitation); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Errorf("invitation: %v", err)
	}
}

func TestContentRules(t *testing.T) {
	g := &cortege.Group{Visibility: cortege.VisibilityPublic}
	post := &cortege.Post{Status: cortege.PostPublished, Visibility: cortege.PostPublic}
	draft := &cortege.Post{Status: cortege.PostDraft, Visibility: cortege.PostPublic}
	inner := &cortege.Post{Status: cortege.PostPublished, Visibility: cortege.PostMembers}
	for _, tc := range []struct {
		p    *cortege.Post
		role string
		want bool
	}{
		{post, cortege.RoleNone, true},
		{draft, cortege.GroupMember, false},
		{draft, cortege.GroupModerator, true},
		{inner, cortege.GroupFollower, false},
		{inner, cortege.GroupMember, true},
	} {
		if got := tc.p.VisibleTo(g, tc.role); got != tc.want {
			t.Errorf("%s/%s for %q: %v", tc.p.Status, tc.p.Visibility, tc.role, got)
		}
	}
	d := &cortege.Discussion{Locked: true}
	if d.CanReply(g, cortege.GroupMember) || !d.CanReply(g, cortege.GroupModerator) {
		t.Error("locked thread: members reply or moderators cannot")
	}
	m := &cortege.Message{AuthorID: "p1"}
	if !cortege.CanEditMessage(g, cortege.GroupMember, "p1", m) || cortege.CanEditMessage(g, cortege.GroupModerator, "p2", m) {
		t.Error("only the author edits")
	}
	if !cortege.CanDeleteMessage(g, cortege.GroupModerator, "p2", m) || cortege.CanDeleteMessage(g, cortege.GroupMember, "p2", m) {
		t.Error("moderators delete any, members only their own")
	}
}

func TestGroupValidate(t *testing.T) {
	g := &cortege.Group{Handle: "@Climat_Lyon", Name: " Climat Lyon ", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, Tags: []string{"#Climat", "climat", " Vélo "}}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if g.Handle != "climat_lyon" || g.Name != "Climat Lyon" || g.Kind != cortege.GroupLocal || len(g.Tags) != 2 || g.Tags[1] != "vélo" {
		t.Fatalf("normalised: %+v", g)
	}
	for _, bad := range []cortege.Group{
		{Handle: "ok_handle", Name: "", Visibility: "public", JoinMode: "open"},
		{Handle: "ok_handle", Name: "x", Visibility: "secret", JoinMode: "open"},
		{Handle: "ok_handle", Name: "x", Visibility: "public", JoinMode: "anyone"},
		{Handle: "admin", Name: "x", Visibility: "public", JoinMode: "open"},
		{Handle: "ok_handle", Name: "x", Visibility: "public", JoinMode: "open", HasCoords: true, Lat: 91},
	} {
		if err := bad.Validate(); cortege.ErrorCode(err) != cortege.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	r := &cortege.Resource{Kind: cortege.ResourceLink, Title: "Pad", URL: "javascript:alert(1)"}
	if err := r.Validate(); err == nil {
		t.Error("javascript: link accepted as resource")
	}
}

// FuzzNormalizeTags: tags (one a line) are refused naming "tags", or come
// out lower-case, trimmed, without a leading "#", unique, at most
// MaxGroupTags of at most MaxGroupTagLen characters that CheckChars
// accepts; normalising them again changes nothing (the edit form shows
// them, and saving must keep them).
func FuzzNormalizeTags(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out, err := cortege.NormalizeTags(strings.Split(s, "\n"))
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "tags" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(out) > cortege.MaxGroupTags {
			t.Fatalf("%q: %d tags", s, len(out))
		}
		seen := map[string]bool{}
		for _, tag := range out {
			if tag == "" || seen[tag] || strings.HasPrefix(tag, "#") || tag != strings.TrimSpace(tag) || tag != strings.ToLower(tag) ||
				strings.Contains(tag, ",") || len([]rune(tag)) > cortege.MaxGroupTagLen || cortege.CheckChars("tags", tag, false) != nil {
				t.Fatalf("%q: tag %q", s, tag)
			}
			seen[tag] = true
		}
		again, err := cortege.NormalizeTags(out)
		if err != nil || strings.Join(again, "\n") != strings.Join(out, "\n") {
			t.Fatalf("%q: %q normalised again is %q (%v)", s, out, again, err)
		}
	})
}
