package service

import (
	"context"
	"errors"
	"io"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
	"codeberg.org/cortege/cortege/internal/store"
)

// ImportReport says what a member import did: each row either got an
// invitation or an error with its line number.
type ImportReport struct {
	Invited  int
	Skipped  []csvimport.RowError // already invited, already members…
	Errors   []csvimport.RowError
	Encoding string
	// Cap, when set, says which cap stopped the rest and when the next
	// invitation can go.
	Cap *cortege.InviteCap
}

// ImportMembers reads a CSV of names and addresses and sends each person an
// invitation by email; nobody is added without accepting. Administrators
// only; each row counts against the importer's invitation caps (rows past
// them are skipped, the report says when the next can go), and a group
// takes a few imports a day; the file is refused whole when it cannot be
// read.
func (s *Service) ImportMembers(ctx context.Context, a cortege.Actor, groupID string, data []byte, message string) (*ImportReport, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	if _, _, err := s.need(ctx, s.db.Q(), a, groupID, cortege.ActImportMembers); err != nil {
		return nil, err
	}
	message, err := checkNote("message", message, cortege.MaxMembershipMessage)
	if err != nil {
		return nil, err
	}
	res, err := csvimport.Parse(data)
	switch {
	case errors.Is(err, csvimport.ErrTooLarge), errors.Is(err, csvimport.ErrTooMany):
		return nil, cortege.Invalid("file", "err.csv.too_large")
	case errors.Is(err, csvimport.ErrNoEmail):
		return nil, cortege.Invalid("file", "err.csv.no_email")
	case err != nil:
		return nil, cortege.Invalid("file", "err.csv.unreadable")
	}
	if err := s.limit(ctx, "group:import:"+groupID, importsPerDay, 24*time.Hour); err != nil {
		return nil, err
	}
	rep := &ImportReport{Errors: res.Errors, Encoding: res.Encoding}
	err = s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActImportMembers)
		if err != nil {
			return err
		}
		quota, err := s.inviteQuota(ctx, q, a)
		if err != nil {
			return err
		}
		defer func() { rep.Cap = s.inInstanceZone(ctx, quota.capReached()) }()
		for _, row := range res.Rows {
			// Every row counts against the importer's caps, as one
			// invitation typed by hand would.
			if ok, err := quota.allow(ctx, q); err != nil {
				return err
			} else if !ok {
				rep.Skipped = append(rep.Skipped, csvimport.RowError{Line: row.Line, Field: "email", Message: overCap(quota), Value: row.Email})
				continue
			}
			_, err := s.inviteEmail(ctx, q, g, a.Profile.ID, row.Email, row.FullName(), message)
			switch cortege.ErrorCode(err) {
			case "":
				if err := quota.record(ctx, q, g.ID); err != nil {
					return err
				}
				rep.Invited++
			case cortege.ECONFLICT:
				rep.Skipped = append(rep.Skipped, csvimport.RowError{Line: row.Line, Field: "email", Message: "err.invitation.pending", Value: row.Email})
			case cortege.EINVALID:
				e := cortege.ErrorOf(err)
				rep.Errors = append(rep.Errors, csvimport.RowError{Line: row.Line, Field: e.Field, Message: e.Message, Value: row.Email})
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// ExportMembers writes a group's active members as CSV (handle, name,
// role, since), cells neutralised against formula injection. Addresses are
// not exported: they belong to the accounts, not to the group.
// Administrators only.
func (s *Service) ExportMembers(ctx context.Context, a cortege.Actor, groupID string, w io.Writer) error {
	q := s.db.Q()
	g, _, err := s.need(ctx, q, a, groupID, cortege.ActExportMembers)
	if err != nil {
		return err
	}
	cw := csvimport.NewWriter(w)
	if err := cw.Write("handle", "name", "role", "member_since"); err != nil {
		return err
	}
	const batch = 500
	for off := 0; ; off += batch {
		ms, err := q.GroupMembers(ctx, g.ID, cortege.MemberActive, false, batch, off)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := cw.Write(m.Profile.Handle, m.Profile.Name(), m.Role, m.CreatedAt.Format("2006-01-02")); err != nil {
				return err
			}
		}
		if len(ms) < batch {
			break
		}
	}
	return cw.Flush()
}
