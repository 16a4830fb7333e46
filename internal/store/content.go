package store

import "time"

// Every table is content, what a visitor without an account may see on a
// page (a write to it makes cached pages stale); live, what only the
// petitions' own pages show and those pages read afresh every
// LivePageMaxAge (signatures and their counters and logs: a signature
// storm must not empty the cache of every other page); or bookkeeping,
// what no public page shows (sessions, jobs, rate limits, tokens, mail…).
// TestTablesClassified fails when a migration adds a table to no list; a
// table found in none still counts as content, so a forgotten one costs
// cache hits, never a stale page.
var (
	contentTables = tables{
		"accounts": true, "discussion_messages": true, "discussions": true,
		"event_announcements": true, "event_cancellations": true, "event_changes": true,
		"event_comments": true, "event_counts": true, "event_organizers": true, "event_photos": true,
		"event_questions": true, "event_series": true, "events": true, "events_fts": true, "events_geo": true, "groups_fts": true,
		"group_blocks": true, "group_conducts": true, "group_counts": true, "group_member_counts": true, "groups": true, "handles": true,
		"instance_settings": true, "memberships": true, "participations": true,
		"petition_links": true, "petition_organizers": true, "petition_updates": true, "petitions": true,
		"posts": true, "profiles": true, "reports": true, "resources": true, "search_terms": true,
		"task_lists": true, "tasks": true, "uploads": true,
		"targets": true, "target_places": true, "interpellation_counts": true,
		"consultations": true, "consultation_questions": true, "consultation_responses": true,
		"consultation_ideas": true, "consultation_idea_supports": true,
	}
	liveTables = tables{
		"petition_counts": true, "petition_departement_counts": true, "petition_log_entries": true,
		"petition_log_heads": true, "petition_logs": true, "signatures": true,
		"vote_ballots": true, "vote_signoffs": true, "vote_heads": true,
	}
	bookkeepingTables = tables{
		"api_tokens": true, "digest_items": true, "discussion_follows": true,
		"event_mail_log": true, "event_sessions": true, "group_invitations": true,
		"ics_feed_tokens": true, "invitation_holds": true, "invitation_sends": true,
		"jobs": true, "login_tokens": true, "mail_outbox": true, "moderation_log": true,
		"notification_prefs": true, "petition_day_counts": true, "rate_limits": true, "schema_migrations": true,
		"sessions": true, "signature_consents": true, "signature_tokens": true,
		"unsubscribe_tokens": true, "vote_codes": true,
	}
)

// ChangesContent reports whether a commit that wrote the tables changed
// (what OnCommit hooks hear) may have changed a public page other than the
// live ones: it wrote a content table, or a table of no list.
func ChangesContent(changed []string) bool {
	for _, t := range changed {
		if !bookkeepingTables[t] && !liveTables[t] {
			return true
		}
	}
	return false
}

// TableKind says how ChangesContent classifies table: "content", "live",
// "bookkeeping" or "" (in no list: treated as content).
func TableKind(table string) string {
	switch {
	case contentTables[table]:
		return "content"
	case liveTables[table]:
		return "live"
	case bookkeepingTables[table]:
		return "bookkeeping"
	}
	return ""
}

// LivePageMaxAge is how long a page showing live tables (a petition's
// page, its counter widget, its log) may be served from the page cache:
// the counter it shows is never older than that.
const LivePageMaxAge = time.Second
