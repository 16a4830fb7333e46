package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyGroup: Alice creates a group and invites Bob by email; Bob
// accepts from the mailed link (signing up on the way) and starts a
// discussion; Alice pins it and assigns Bob a task, which then waits on
// Bob's dashboard. Two browsers, so each keeps their own session.
func TestJourneyGroup(t *testing.T) {
	alice := NewBrowser(t)
	bob := NewBrowser(t)
	base, data := startCortege(t)
	const aliceMail, bobMail = "alice@example.org", "bob@example.org"

	groupSignIn(t, alice, base, data, aliceMail)

	// Alice creates the group.
	step(t, alice, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, alice, "fill group",
		chromedp.SendKeys(chromedp.ID("f-group-handle"), "velo_lyon"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "Vélorution Lyon"),
		chromedp.SendKeys(chromedp.ID("f-group-description"), "Nous roulons **ensemble** pour une ville respirable.\n\n- balades mensuelles\n- ateliers de réparation"),
		chromedp.SendKeys(chromedp.ID("f-group-tags"), "vélo, mobilité"),
		chromedp.SendKeys(chromedp.ID("f-group-address"), "Lyon 7e"),
		chromedp.Submit(chromedp.ID("f-group-handle")),
	)
	waitFor(t, alice, `location.pathname === "/@velo_lyon" && document.querySelector("h1").textContent === "Vélorution Lyon" && document.querySelector(".flash") !== null`)
	waitFor(t, alice, `document.querySelector('link[rel="alternate"][type="application/atom+xml"]') !== null`)
	shoot(t, alice, "group-page")

	// Alice invites Bob by email.
	step(t, alice, "members", chromedp.Navigate(base+"/@velo_lyon/members"))
	step(t, alice, "invite",
		chromedp.SendKeys(chromedp.ID("f-invite-who"), bobMail),
		chromedp.SendKeys(chromedp.ID("f-invite-message"), "Viens rouler avec nous !"),
		chromedp.Submit(chromedp.ID("f-invite-who")),
	)
	waitFor(t, alice, `document.querySelector(".flash") !== null && location.search.includes("ok=invited")`)

	// Bob opens the mailed link: not signed in, he is offered to sign in
	// (which creates his account), then comes back to the same link.
	invite := mailedLink(t, data, bobMail, "/invitations/accept")
	step(t, bob, "open invitation", chromedp.Navigate(invite))
	waitFor(t, bob, `document.querySelector("h1").textContent.includes("Vélorution Lyon") && document.body.textContent.includes("Viens rouler avec nous")`)
	shoot(t, bob, "invitation")
	step(t, bob, "sign in to accept", chromedp.Click(chromedp.CSS(`main a.button[href^="/login"]`)))
	// The invited address is already filled in.
	waitFor(t, bob, `location.pathname === "/login" && document.querySelector("#f-link-email") !== null && document.querySelector("#f-link-email").value === "`+bobMail+`"`)
	step(t, bob, "ask link", chromedp.Submit(chromedp.ID("f-link-email")))
	waitFor(t, bob, `document.querySelector("#f-link-email") === null && document.querySelector("main").textContent.includes("`+bobMail+`")`)
	step(t, bob, "login link", chromedp.Navigate(mailedLink(t, data, bobMail, "/login/confirm")))
	waitFor(t, bob, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, bob, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	// He chooses how he appears, then comes straight back to the invitation.
	chooseIdentityOf(t, bob, bobMail)
	waitFor(t, bob, `location.pathname === "/invitations/accept" && document.querySelector('main form[action="/invitations/accept"] button') !== null`)
	step(t, bob, "accept", chromedp.Click(chromedp.CSS(`main form[action="/invitations/accept"] button`)))
	waitFor(t, bob, `location.pathname === "/@velo_lyon" && document.querySelector(".flash") !== null && document.querySelector('form[action="/@velo_lyon/leave"]') !== null`)

	// Bob starts a discussion.
	step(t, bob, "discussions", chromedp.Click(chromedp.CSS(`.group-tabs a[href="/@velo_lyon/discussions"]`)))
	waitFor(t, bob, `location.pathname === "/@velo_lyon/discussions" && document.querySelector("#f-discussion-title") !== null`)
	step(t, bob, "start discussion",
		chromedp.SendKeys(chromedp.ID("f-discussion-title"), "Parcours de la balade de samedi"),
		chromedp.SendKeys(chromedp.ID("f-discussion-body"), "Je propose de partir de la place Bellecour à 14 h. Qui **amène** la remorque sono ?"),
		chromedp.Submit(chromedp.ID("f-discussion-title")),
	)
	waitFor(t, bob, `location.pathname.startsWith("/@velo_lyon/discussions/") && document.querySelector(".thread-title").textContent === "Parcours de la balade de samedi"`)

	// Alice pins it.
	step(t, alice, "alice discussions", chromedp.Navigate(base+"/@velo_lyon/discussions"))
	waitFor(t, alice, `document.querySelector(".thread-list .item-title") !== null`)
	step(t, alice, "open thread", chromedp.Click(chromedp.CSS(".thread-list .item-title")))
	waitFor(t, alice, `document.querySelector('button[value="pin"]') !== null`)
	step(t, alice, "reply", chromedp.SendKeys(chromedp.ID("f-reply-body"), "Bonne idée ! Je m’occupe des autorisations."), chromedp.Submit(chromedp.ID("f-reply-body")))
	waitFor(t, alice, `document.querySelectorAll(".message").length === 2`)
	step(t, alice, "pin", chromedp.Click(chromedp.CSS(`button[value="pin"]`)))
	waitFor(t, alice, `document.querySelector('button[value="unpin"]') !== null && document.querySelector(".thread .badge-accent") !== null`)
	shoot(t, alice, "discussion")
	step(t, bob, "bob sees the pin", chromedp.Navigate(base+"/@velo_lyon/discussions"))
	waitFor(t, bob, `document.querySelector(".thread-list .is-pinned") !== null`)

	// Alice makes a task list and assigns Bob a task.
	step(t, alice, "tasks", chromedp.Navigate(base+"/@velo_lyon/tasks"))
	step(t, alice, "new list", chromedp.SendKeys(chromedp.ID("f-list-title"), "Balade de samedi"), chromedp.Submit(chromedp.ID("f-list-title")))
	waitFor(t, alice, `document.querySelector(".task-list h3") !== null && document.querySelector(".task-list h3").textContent.includes("Balade de samedi")`)
	step(t, alice, "open add task", chromedp.Click(chromedp.CSS(".task-list .task-add summary")))
	formName, err := chromedp.Run(alice, chromedp.Evaluate[string](`document.querySelector('.task-list form[action$="/tasks"] input[name="title"]').id`))
	if err != nil {
		t.Fatal(err)
	}
	prefix := formName[:len(formName)-len("title")]
	step(t, alice, "fill task",
		chromedp.SendKeys(chromedp.ID(formName), "Apporter la remorque sono"),
		chromedp.SetValue(chromedp.ID(prefix+"due"), "2030-06-15"),
	)
	step(t, alice, "assign bob", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("`+prefix+`assignee"); for (const o of s.options) { if (o.textContent.includes("@bob")) { s.value = o.value; } } return s.value; })()`))
	step(t, alice, "add task", chromedp.Submit(chromedp.ID(formName)))
	waitFor(t, alice, `document.querySelector(".task .task-title") !== null && document.querySelector(".task .task-title").textContent === "Apporter la remorque sono" && document.querySelector(".task .item-meta").textContent.includes("bob")`)
	shoot(t, alice, "tasks")

	// The task waits on Bob's dashboard; he ticks it off there.
	step(t, bob, "dashboard", chromedp.Navigate(base+"/dashboard"))
	waitFor(t, bob, `document.querySelector(".task-title") !== null && document.querySelector(".task-title").textContent === "Apporter la remorque sono" && document.body.textContent.includes("2030") && document.body.textContent.includes("Vélorution Lyon")`)
	shoot(t, bob, "dashboard")
	step(t, bob, "done", chromedp.Click(chromedp.CSS(".task .check-button")))
	waitFor(t, bob, `location.pathname === "/dashboard" && document.querySelector(".flash") !== null && document.querySelector(".task-title") === null`)

	// Bob files the group's pad in its resources; Alice publishes a post.
	step(t, bob, "resources", chromedp.Navigate(base+"/@velo_lyon/resources"))
	step(t, bob, "add folder",
		chromedp.SetValue(chromedp.ID("f-resource-kind"), "folder"),
		chromedp.SendKeys(chromedp.ID("f-resource-title"), "Outils"),
		chromedp.Submit(chromedp.ID("f-resource-title")))
	waitFor(t, bob, `document.querySelector(".resource-folder") !== null`)
	step(t, bob, "add link",
		chromedp.SetValue(chromedp.ID("f-resource-kind"), "link"),
		chromedp.SendKeys(chromedp.ID("f-resource-title"), "Pad de la balade"),
		chromedp.SendKeys(chromedp.ID("f-resource-url"), "https://pad.example.org/p/balade"),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("f-resource-parent_id"); s.value = s.options[1].value; })()`),
		chromedp.Submit(chromedp.ID("f-resource-title")))
	waitFor(t, bob, `document.querySelector(".resource-folder .resource-link a") !== null`)
	shoot(t, bob, "resources")
	step(t, alice, "new post", chromedp.Navigate(base+"/@velo_lyon/posts/new"))
	step(t, alice, "write post",
		chromedp.SendKeys(chromedp.ID("f-post-title"), "Balade de samedi : le parcours"),
		chromedp.SendKeys(chromedp.ID("f-post-body"), "Départ **place Bellecour** à 14 h.\n\n1. Bellecour\n2. Confluence\n3. Gerland"),
		chromedp.Click(chromedp.CSS(`button[name="publish"][value="1"]`)))
	waitFor(t, alice, `location.pathname.startsWith("/@velo_lyon/posts/") && document.querySelector(".post-body ol") !== null`)
	shoot(t, alice, "post")
	step(t, alice, "members page", chromedp.Navigate(base+"/@velo_lyon/members"))
	waitFor(t, alice, `document.querySelector(".member-list") !== null`)
	shoot(t, alice, "members")
	step(t, alice, "settings page", chromedp.Navigate(base+"/@velo_lyon/settings"))
	waitFor(t, alice, `document.querySelector("#f-group-name") !== null`)
	shoot(t, alice, "settings")

	// The directory lists the group; a visitor finds it by searching.
	step(t, bob, "directory", chromedp.Navigate(base+"/groups?q=velorution"))
	waitFor(t, bob, `document.querySelector('.group-card a[href="/@velo_lyon"]') !== null`)
	shoot(t, bob, "directory")

	// Removing a member asks first, on a page of its own (no JavaScript
	// needed), at phone width too; confirming removes him.
	step(t, alice, "members again", chromedp.Navigate(base+"/@velo_lyon/members"))
	step(t, alice, "remove bob", chromedp.Click(chromedp.CSS(`form[action$="/remove"] button`)))
	waitFor(t, alice, `location.pathname.endsWith("/remove") && document.querySelector("h1").textContent === "Retirer ce membre du groupe ?" && document.querySelector("main").textContent.includes("@bob") && document.querySelector('input[name="confirmed"]').value === "1"`)
	step(t, alice, "phone width", chromedp.EmulateViewport(390, 844))
	wide, err := chromedp.Run(alice, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("the confirmation page scrolls sideways at 390 px (%v)", err)
	}
	shoot(t, alice, "confirm-remove")
	step(t, alice, "confirm removal", chromedp.Click(chromedp.CSS(`main form button.button-danger`)))
	waitFor(t, alice, `location.pathname === "/@velo_lyon/members" && document.querySelector(".flash") !== null && !document.querySelector(".member-list").textContent.includes("@bob")`)
}

// groupSignIn signs email in through the magic link, in the browser.
func groupSignIn(t *testing.T, ctx context.Context, base, data, email string) {
	t.Helper()
	step(t, ctx, "login "+email, chromedp.Navigate(base+"/login?lang=fr"),
		chromedp.SendKeys(chromedp.ID("f-link-email"), email),
		chromedp.Submit(chromedp.ID("f-link-email")))
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)
	step(t, ctx, "link "+email, chromedp.Navigate(mailedLink(t, data, email, "/login/confirm")))
	waitFor(t, ctx, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, ctx, "confirm "+email, chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentityOf(t, ctx, email)
	waitFor(t, ctx, `location.pathname === "/dashboard"`)
}
