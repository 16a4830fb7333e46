package api

import (
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// SeriesListing is a series standing as one item of a list: its rule
// (in words in the caller's language, and as an RRULE), its next dates
// (at most five, soonest first, the item's own first) and how many
// upcoming dates it has (dates are generated 90 days ahead).
type SeriesListing struct {
	ID       string       `json:"id"`
	RuleText string       `json:"rule_text"`
	RRule    string       `json:"rrule"`
	TZ       string       `json:"tz"`
	Until    *string      `json:"until"`
	Next     []SeriesDate `json:"next"`
	Count    int          `json:"count"`
}

// SeriesDate is one upcoming date of a series.
type SeriesDate struct {
	ID         string `json:"id"`
	Start      string `json:"start"`
	LocalStart string `json:"local_start"`
	URL        string `json:"url"`
}

// toSeriesListing describes the series an item stands for, nil for a
// single event.
func (a *API) toSeriesListing(it service.EventItem, lang string) *SeriesListing {
	if it.Series == nil {
		return nil
	}
	s := it.Series.Series
	out := &SeriesListing{ID: s.ID, RuleText: s.Describe(lang, it.Event.Start, time.Now()) + " (" + s.TZ + ")",
		RRule: s.RRule(s.Until), TZ: s.TZ, Until: optTime(s.Until), Next: []SeriesDate{}, Count: it.Series.Count}
	for _, e := range it.Series.Next {
		out.Next = append(out.Next, a.toSeriesDate(e))
	}
	return out
}

func (a *API) toSeriesDate(e *cortege.Event) SeriesDate {
	return SeriesDate{ID: e.ID, Start: timeString(e.Start), LocalStart: e.LocalStart().Format(time.RFC3339),
		URL: a.baseURL + "/events/" + e.ID}
}

// withRank adds the place on the waiting list to a participation.
func withRank(p Participation, rank int) Participation {
	if rank > 0 {
		p.WaitlistRank = &rank
	}
	return p
}
