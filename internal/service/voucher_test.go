package service_test

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupVoucher: a group's administrators get the code of the month,
// signed with the instance's keys; members, moderators and strangers are
// refused, visitors asked to sign in.
func TestGroupVoucher(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	keys := cortege.NewVoucherKeys().Rotate()
	svc := service.New(e.db, service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock, VoucherKeys: &keys})
	alice := signIn(t, e, "alice@example.org")
	g := newGroup(t, e, alice, "velo", cortege.VisibilityPublic, cortege.JoinOpen)
	priv := newGroup(t, e, alice, "secret", cortege.VisibilityPrivate, cortege.JoinInvitation)
	bob := member(t, e, alice, g, "bob@example.org", cortege.GroupMember)
	mod := member(t, e, alice, g, "mod@example.org", cortege.GroupModerator)
	carol := signIn(t, e, "carol@example.org")

	v, err := svc.GroupVoucher(bg, alice, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Number != cortege.GroupVoucherNumber(g.ID) || v.Month.String() != "2026-12" || v.KeyID != keys.Current.ID ||
		!v.Until.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("voucher %+v", v)
	}
	got, err := cortege.VerifyVoucher(keys, v.Code, e.now)
	if err != nil || got.Group != v.Number || got.Month != v.Month {
		t.Errorf("the page's code does not verify: %+v, %v", got, err)
	}
	if _, err := cortege.VerifyVoucher(keys, v.Code, e.now.Add(time.Hour)); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Message != "err.voucher.expired" {
		t.Errorf("an hour later (January): %v, want expired", err)
	}
	if again, _ := svc.GroupVoucher(bg, alice, g.ID); again.Code != v.Code || again.Number != v.Number {
		t.Errorf("the code of the month changed within the month: %s then %s", v.Code, again.Code)
	}
	if p, _ := svc.GroupVoucher(bg, alice, priv.ID); p.Number == v.Number || p.Code == v.Code {
		t.Errorf("two groups share number or code: %+v %+v", p, v)
	}

	_, err = svc.GroupVoucher(bg, bob, g.ID)
	wantCode(t, "member", err, cortege.EFORBIDDEN)
	_, err = svc.GroupVoucher(bg, mod, g.ID)
	wantCode(t, "moderator", err, cortege.EFORBIDDEN)
	_, err = svc.GroupVoucher(bg, carol, g.ID)
	wantCode(t, "stranger", err, cortege.EFORBIDDEN)
	_, err = svc.GroupVoucher(bg, carol, priv.ID)
	wantCode(t, "stranger, private group", err, cortege.ENOTFOUND)
	_, err = svc.GroupVoucher(bg, cortege.Actor{}, g.ID)
	wantCode(t, "visitor", err, cortege.EUNAUTH)
	_, err = svc.GroupVoucher(bg, alice, "01JXNOSUCHGROUP00000000000")
	wantCode(t, "unknown group", err, cortege.ENOTFOUND)
}
