package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
)

// TestJourneySeries: on a phone-sized screen, an organiser makes a weekly
// series of up to 13 dates for their group with the event form; the events
// page shows it once, in words, and the group page shows it once too
// with its calendar links (webcal and https, and how to add them); no
// page scrolls sideways at 390 px.
func TestJourneySeries(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, base, data, "orga@example.org")
	step(t, ctx, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, ctx, "fill group",
		chromedp.SendKeys(chromedp.ID("f-group-handle"), "permanences"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "Permanences du quartier"),
		chromedp.Submit(chromedp.ID("f-group-handle")),
	)
	waitFor(t, ctx, `location.pathname === "/@permanences"`)

	paris, _ := time.LoadLocation("Europe/Paris")
	day := time.Now().In(paris).AddDate(0, 0, 2)
	for day.Weekday() != time.Tuesday {
		day = day.AddDate(0, 0, 1)
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 0, 0, 0, paris)
	// Dates are made 90 days ahead (cortege.SeriesHorizon): the series
	// runs as many weeks, up to 12, as end within it, whatever the day.
	weeks := 12
	for start.AddDate(0, 0, 7*weeks).After(time.Now().Add(cortege.SeriesHorizon - time.Hour)) {
		weeks--
	}
	step(t, ctx, "create form", chromedp.Navigate(base+"/events/new"))
	waitFor(t, ctx, `document.querySelector("#f-event-repeat") !== null`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`const g = document.querySelector("#f-event-group");
		g.value = [...g.options].find(o => o.textContent === "Permanences du quartier").value`)); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "fill series",
		chromedp.SendKeys(chromedp.ID("f-event-title"), "Permanence juridique"),
		chromedp.SetValue(chromedp.ID("f-event-start"), start.Format("2006-01-02T15:04")),
		chromedp.SendKeys(chromedp.ID("f-event-place_area"), "Lyon"),
		chromedp.SetValue(chromedp.ID("f-event-repeat"), "weekly"),
		chromedp.SetValue(chromedp.ID("f-event-until"), start.AddDate(0, 0, 7*weeks).Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)),
	)
	waitFor(t, ctx, `/^\/events\/[0-9A-Z]{26}$/.test(location.pathname) && document.body.textContent.includes("Fait partie d’une série")`)
	shoot(t, ctx, "series-date")
	noSideways := func(what string) {
		t.Helper()
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 390 px (%v)", what, err)
		}
	}
	noSideways("a date's page")

	step(t, ctx, "events", chromedp.Navigate(base+"/events"))
	waitFor(t, ctx, `document.querySelectorAll("li.event-item").length === 1 &&
		document.querySelector("li.event-item .event-date").textContent.startsWith("tous les mardis à 19 h 00") &&
		document.querySelector("li.event-item").textContent.includes("`+strconv.Itoa(weeks)+` autres dates")`)
	shoot(t, ctx, "series-events")
	noSideways("/events")

	step(t, ctx, "group page", chromedp.Navigate(base+"/@permanences"))
	waitFor(t, ctx, `document.querySelectorAll(".item-title").length >= 1 &&
		document.querySelector('a[href^="webcal://"][href$="/@permanences/events.ics"]') !== null &&
		document.querySelector("#g-calendar-url").value.endsWith("/@permanences/events.ics") &&
		document.body.textContent.includes("Thunderbird")`)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".item-title")].filter(a => a.textContent === "Permanence juridique").length`))
	if err != nil || n != 1 {
		t.Errorf("the group page lists the series %d times (%v)", n, err)
	}
	shoot(t, ctx, "series-group")
	noSideways("the group page")
}
