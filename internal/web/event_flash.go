package web

// eventFlashes are the confirmations the events' pages ask for with
// ?ok=KEY (texts "flash.KEY" in catalog/*/events.json).
var eventFlashes = []string{
	"event_created", "event_saved", "event_confirmed", "event_claimed", "event_published", "event_draft",
	"event_cancelled", "event_joined", "event_pending", "event_waitlisted", "event_left", "event_updates",
	"event_commented", "event_comment_deleted", "event_flagged", "event_photo", "event_report",
	"event_answered", "event_invited", "event_announced", "event_group_added", "event_group_invited",
	"event_coorg_accepted", "event_coorg_declined", "event_feed_revoked", "event_deleted",
}

// The events' confirmations join the list render.go checks ?ok= against.
func init() {
	for _, k := range eventFlashes {
		flashes[k] = true
	}
}
