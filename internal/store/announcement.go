package store

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// CreateAnnouncement records an announcement sent to participants.
func (q *Q) CreateAnnouncement(ctx context.Context, a *cortege.Announcement) error {
	_, err := q.exec(ctx, "CreateAnnouncement", a.ID, a.EventID, a.Audience, a.Subject, a.Body, a.ByProfile, a.SentTo, ms(a.CreatedAt))
	return err
}

// Announcements lists an event's announcements, latest first.
func (q *Q) Announcements(ctx context.Context, eventID string) ([]*cortege.Announcement, error) {
	rows, err := q.query(ctx, "Announcements", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Announcement
	for rows.Next() {
		var a cortege.Announcement
		var c int64
		if err := rows.Scan(&a.ID, &a.EventID, &a.Audience, &a.Subject, &a.Body, &a.ByProfile, &a.SentTo, &c); err != nil {
			return nil, wrap("Announcements", err)
		}
		a.CreatedAt = fromMS(c)
		out = append(out, &a)
	}
	return out, wrap("Announcements", rows.Err())
}

// AnnouncementsByProfile lists the announcements a profile sent (the data
// export).
func (q *Q) AnnouncementsByProfile(ctx context.Context, profileID string) ([]*cortege.Announcement, error) {
	return all(ctx, q, "AnnouncementsByProfile", func(s scanner) (*cortege.Announcement, error) {
		var a cortege.Announcement
		var c int64
		err := s.Scan(&a.ID, &a.EventID, &a.Audience, &a.Subject, &a.Body, &a.ByProfile, &a.SentTo, &c)
		a.CreatedAt = fromMS(c)
		return &a, err
	}, profileID)
}
