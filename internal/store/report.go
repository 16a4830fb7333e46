package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// CreateReport inserts an open report.
func (q *Q) CreateReport(ctx context.Context, r *cortege.Report) error {
	_, err := q.exec(ctx, "CreateReport", r.ID, nullStr(r.ReporterID), r.TargetKind, r.TargetID, r.GroupID, r.Reason, ms(r.CreatedAt))
	return err
}

func scanReport(s scanner) (*cortege.Report, error) {
	var r cortege.Report
	var c, res int64
	if err := s.Scan(&r.ID, &r.ReporterID, &r.TargetKind, &r.TargetID, &r.GroupID, &r.Reason, &r.Status, &c, &r.ResolvedBy, &res, &r.Resolution); err != nil {
		return nil, err
	}
	r.CreatedAt, r.ResolvedAt = fromMS(c), fromMS(res)
	return &r, nil
}

// ReportByID returns a report or ENOTFOUND.
func (q *Q) ReportByID(ctx context.Context, id string) (*cortege.Report, error) {
	r, err := scanReport(q.stmt(ctx, "ReportByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.report.not_found")
	}
	return r, wrap("ReportByID", err)
}

// ReportsByStatus lists reports in a status, oldest first (a queue).
func (q *Q) ReportsByStatus(ctx context.Context, status string, limit, offset int) ([]*cortege.Report, error) {
	rows, err := q.query(ctx, "ReportsByStatus", status, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, wrap("ReportsByStatus", err)
		}
		out = append(out, r)
	}
	return out, wrap("ReportsByStatus", rows.Err())
}

// CountReportsByStatus counts reports in a status.
func (q *Q) CountReportsByStatus(ctx context.Context, status string) (int, error) {
	var n int
	return n, q.get(ctx, "CountReportsByStatus", []any{status}, &n)
}

// ResolveReport closes an open report; one already closed is ENOTFOUND.
func (q *Q) ResolveReport(ctx context.Context, id, status, by, resolution string) error {
	return q.exec1(ctx, "ResolveReport", status, by, ms(q.db.now()), resolution, id)
}

// AddModerationEntry appends e to the moderation log.
func (q *Q) AddModerationEntry(ctx context.Context, e *cortege.ModerationEntry) error {
	_, err := q.exec(ctx, "AddModerationEntry", e.ID, e.ActorID, e.GroupID, e.Action, e.TargetKind, e.TargetID, e.ReportID, e.Note, ms(e.CreatedAt))
	return err
}

// ModerationLog lists the instance's log (groupID "") or a group's, newest first.
func (q *Q) ModerationLog(ctx context.Context, groupID string, limit, offset int) ([]*cortege.ModerationEntry, error) {
	rows, err := q.query(ctx, "ModerationLog", groupID, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.ModerationEntry
	for rows.Next() {
		var e cortege.ModerationEntry
		var c int64
		if err := rows.Scan(&e.ID, &e.ActorID, &e.GroupID, &e.Action, &e.TargetKind, &e.TargetID, &e.ReportID, &e.Note, &c,
			&e.ActorLabel, &e.TargetLabel, &e.TargetHandle); err != nil {
			return nil, wrap("ModerationLog", err)
		}
		e.CreatedAt = fromMS(c)
		out = append(out, &e)
	}
	return out, wrap("ModerationLog", rows.Err())
}

// ReportsByReporter lists the reports a profile filed (the data export).
func (q *Q) ReportsByReporter(ctx context.Context, profileID string) ([]*cortege.Report, error) {
	return all(ctx, q, "ReportsByReporter", scanReport, profileID)
}
