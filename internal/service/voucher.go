package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
)

// GroupVoucher is a group's signed voucher of the month, what its
// administrators hand to a system that checks it offline
// (docs/vouchers.md).
type GroupVoucher struct {
	Group  *cortege.Group
	Number uint64               // the group's voucher number, stable
	Month  cortege.VoucherMonth // calendar month in UTC
	Code   string               // "XXXX-XXXX-XXXX-XXXX-XXXX"
	KeyID  int
	Until  time.Time // first instant after the month, UTC
}

// GroupVoucher returns the voucher of this month (UTC) of a group, for
// its administrators only: a member is refused (EFORBIDDEN), a visitor
// asked to sign in, a group the actor may not see is ENOTFOUND.
func (s *Service) GroupVoucher(ctx context.Context, a cortege.Actor, groupID string) (*GroupVoucher, error) {
	g, _, err := s.need(ctx, s.db.Q(), a, groupID, cortege.ActEditGroup)
	if err != nil {
		return nil, err
	}
	now := s.now()
	m := cortege.MonthOf(now)
	n := cortege.GroupVoucherNumber(g.ID)
	code, err := cortege.IssueVoucher(*s.cfg.VoucherKeys, n, m)
	if err != nil {
		return nil, err
	}
	return &GroupVoucher{Group: g, Number: n, Month: m, Code: code, KeyID: s.cfg.VoucherKeys.Current.ID,
		Until: time.Date(m.Year, m.Month+1, 1, 0, 0, 0, 0, time.UTC)}, nil
}
