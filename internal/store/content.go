package store

// Every table is either content, what a visitor without an account may
// see on a page (a write to it makes cached pages stale), or bookkeeping,
// what no public page shows (sessions, jobs, rate limits, tokens, mail…).
// TestTablesClassified fails when a migration adds a table to neither
// list; a table found in neither still counts as content, so a forgotten
// one costs cache hits, never a stale page.
var (
	contentTables = tables{
		"accounts": true, "discussion_messages": true, "discussions": true,
		"event_announcements": true, "event_cancellations": true, "event_changes": true,
		"event_comments": true, "event_counts": true, "event_organizers": true, "event_photos": true,
		"event_questions": true, "event_series": true, "events": true, "events_fts": true,
		"group_blocks": true, "group_conducts": true, "groups": true, "handles": true,
		"instance_settings": true, "memberships": true, "participations": true,
		"petition_counts": true, "petition_departement_counts": true, "petition_organizers": true,
		"petitions": true, "signatures": true,
		"posts": true, "profiles": true, "reports": true, "resources": true,
		"task_lists": true, "tasks": true, "uploads": true,
	}
	bookkeepingTables = tables{
		"api_tokens": true, "digest_items": true, "discussion_follows": true,
		"event_mail_log": true, "event_sessions": true, "group_invitations": true,
		"ics_feed_tokens": true, "invitation_holds": true, "invitation_sends": true,
		"jobs": true, "login_tokens": true, "mail_outbox": true, "moderation_log": true,
		"notification_prefs": true, "petition_day_counts": true, "rate_limits": true, "schema_migrations": true,
		"sessions": true, "signature_consents": true, "signature_tokens": true,
		"unsubscribe_tokens": true,
	}
)

// ChangesContent reports whether a commit that wrote the tables changed
// (what OnCommit hooks hear) may have changed a public page: it wrote a
// content table, or a table of neither list.
func ChangesContent(changed []string) bool {
	for _, t := range changed {
		if !bookkeepingTables[t] {
			return true
		}
	}
	return false
}

// TableKind says how ChangesContent classifies table: "content",
// "bookkeeping" or "" (in neither list: treated as content).
func TableKind(table string) string {
	switch {
	case contentTables[table]:
		return "content"
	case bookkeepingTables[table]:
		return "bookkeeping"
	}
	return ""
}
