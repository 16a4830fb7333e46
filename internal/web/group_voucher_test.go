package web_test

import (
	"regexp"
	"strconv"
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestGroupVoucher: the voucher page shows the group's code of the month
// and its number to the group's administrators only.
func TestGroupVoucher(t *testing.T) {
	w := newGroupWorld(t)
	number := strconv.FormatUint(cortege.GroupVoucherNumber(w.ids["velo"]), 10)
	w.run([]groupCase{
		{name: "administrator", as: "alice", path: "/@velo/voucher", status: 200, contains: []string{"Bon du mois", number, "Valable jusqu’au", "-<wbr>"}},
		{name: "member refused", as: "bob", path: "/@velo/voucher", status: 403, absent: []string{number}},
		{name: "stranger refused", as: "carol", path: "/@velo/voucher", status: 403, absent: []string{number}},
		{name: "private group hidden", as: "carol", path: "/@secret/voucher", status: 404},
		{name: "visitor asked to sign in", as: "", path: "/@velo/voucher", status: 303, location: "/login?next="},
	})
	_, body, _ := w.send("alice", "GET", "/@velo/voucher", nil, nil)
	code := regexp.MustCompile(`[0-9A-Z]{4}(-<wbr>[0-9A-Z]{4}){4}`).FindString(body)
	if code == "" {
		t.Fatalf("no code on the page:\n%s", excerpt(body))
	}
	_, other, _ := w.send("alice", "GET", "/@secret/voucher", nil, nil)
	if regexp.MustCompile(`[0-9A-Z]{4}(-<wbr>[0-9A-Z]{4}){4}`).FindString(other) == code {
		t.Errorf("two groups got the same code %s", code)
	}
}
