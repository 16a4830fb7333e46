package cortege

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

var paris = func() *time.Location {
	l, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

func testVoucherKeys() VoucherKeys {
	return VoucherKeys{Current: VoucherKey{ID: 3, Secret: bytes.Repeat([]byte{0x42}, 32)}}
}

func voucherMessage(err error) string {
	if e := ErrorOf(err); e != nil && e.Code == EINVALID && e.Field == "code" {
		return e.Message
	}
	return "not a coded error on code: " + ErrorCode(err)
}

func TestVoucherRoundTrip(t *testing.T) {
	keys := NewVoucherKeys()
	dec := VoucherMonth{2026, time.December}
	for _, group := range []uint64{0, 1, 42, GroupVoucherNumber("01JX4Z8K2M3N4P5Q6R7S8T9V0W"), MaxVoucherGroup} {
		code, err := IssueVoucher(keys, group, dec)
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != 24 || strings.Count(code, "-") != 4 {
			t.Errorf("code %q: want five groups of four", code)
		}
		for _, in := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", " "), strings.ReplaceAll(code, "0", "o")} {
			v, err := VerifyVoucher(keys, in, time.Date(2026, 12, 15, 12, 0, 0, 0, paris))
			if err != nil || v.Group != group || v.Month != dec || v.KeyID != keys.Current.ID {
				t.Errorf("VerifyVoucher(%q) = %+v, %v; want group %d of %v", in, v, err, group, dec)
			}
		}
	}
}

// TestVoucherKnownAnswer pins the layout: docs/vouchers.md gives this
// vector to whoever writes a verifier elsewhere.
func TestVoucherKnownAnswer(t *testing.T) {
	code, err := IssueVoucher(testVoucherKeys(), 123456789, VoucherMonth{2026, time.December})
	if err != nil {
		t.Fatal(err)
	}
	const want = "2CA3-003N-QK8N-RF29-BFKW"
	if code != want {
		t.Errorf("IssueVoucher = %s, want %s", code, want)
	}
	if n := GroupVoucherNumber("01JX4Z8K2M3N4P5Q6R7S8T9V0W"); n != 123710531371 {
		t.Errorf("GroupVoucherNumber = %d", n)
	}
}

func TestVoucherMonths(t *testing.T) {
	keys := testVoucherKeys()
	code, _ := IssueVoucher(keys, 7, VoucherMonth{2026, time.December})
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 0, 0, 0, 0, paris), ""},
		{time.Date(2026, 12, 31, 23, 59, 59, 0, paris), ""},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, paris), "err.voucher.expired"},
		{time.Date(2027, 12, 15, 0, 0, 0, 0, paris), "err.voucher.expired"},
		{time.Date(2026, 11, 30, 23, 59, 0, 0, paris), "err.voucher.early"},
		{time.Date(2025, 12, 15, 0, 0, 0, 0, paris), "err.voucher.early"},
	} {
		v, err := VerifyVoucher(keys, code, tc.now)
		if tc.want == "" {
			if err != nil {
				t.Errorf("at %v: %v", tc.now, err)
			}
			continue
		}
		if voucherMessage(err) != tc.want || v.Group != 7 || v.Month.String() != "2026-12" {
			t.Errorf("at %v: %+v, %v; want %s with the voucher", tc.now, v, err, tc.want)
		}
	}
	for _, bad := range []string{"", "2026", "2026-13", "1999-12", "2341-05", "26-12", "2026-1x"} {
		if _, err := ParseVoucherMonth(bad); ErrorOf(err) == nil || ErrorOf(err).Field != "month" {
			t.Errorf("ParseVoucherMonth(%q) = %v", bad, err)
		}
	}
	for _, good := range []string{"2000-01", "2026-12", "2341-04"} {
		if m, err := ParseVoucherMonth(good); err != nil || m.String() != good {
			t.Errorf("ParseVoucherMonth(%q) = %v, %v", good, m, err)
		}
	}
}

func TestVoucherWrongKeyAndRotation(t *testing.T) {
	now := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	dec := MonthOf(now)
	a := NewVoucherKeys()
	other := NewVoucherKeys() // same ID 1, another secret
	code, _ := IssueVoucher(a, 9, dec)
	if _, err := VerifyVoucher(other, code, now); voucherMessage(err) != "err.voucher.signature" {
		t.Errorf("wrong key: %v", err)
	}
	b := a.Rotate()
	if b.Current.ID != 2 || b.Previous == nil || b.Previous.ID != 1 || bytes.Equal(b.Current.Secret, a.Current.Secret) {
		t.Fatalf("Rotate = %+v", b)
	}
	if _, err := VerifyVoucher(b, code, now); err != nil {
		t.Errorf("code of the previous key refused after one rotation: %v", err)
	}
	newCode, _ := IssueVoucher(b, 9, dec)
	if v, err := VerifyVoucher(b, newCode, now); err != nil || v.KeyID != 2 {
		t.Errorf("code of the new key: %+v, %v", v, err)
	}
	if _, err := VerifyVoucher(a, newCode, now); voucherMessage(err) != "err.voucher.signature" {
		t.Errorf("new key's code accepted by the old keys: %v", err)
	}
	c := b.Rotate()
	if _, err := VerifyVoucher(c, code, now); voucherMessage(err) != "err.voucher.signature" {
		t.Errorf("code of a key two rotations old accepted: %v", err)
	}
	if _, err := VerifyVoucher(c, newCode, now); err != nil {
		t.Errorf("code of the previous key refused: %v", err)
	}
	k := VoucherKeys{Current: VoucherKey{ID: 15, Secret: a.Current.Secret}}
	if k.Rotate().Current.ID != 0 {
		t.Errorf("ID 15 rotates to %d, want 0", k.Rotate().Current.ID)
	}
}

// TestVoucherTampered: every substitution of every character, and every
// swap of two different neighbours, is refused.
func TestVoucherTampered(t *testing.T) {
	keys := NewVoucherKeys()
	now := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	for n := 0; n < 20; n++ {
		code, _ := IssueVoucher(keys, GroupVoucherNumber(NewInvitationCode().Hash()), MonthOf(now))
		raw := []byte(strings.ReplaceAll(code, "-", ""))
		for i := range raw {
			orig := raw[i]
			for _, c := range []byte(crockford) {
				if c == orig {
					continue
				}
				raw[i] = c
				if v, err := VerifyVoucher(keys, string(raw), now); err == nil {
					t.Fatalf("tampered %s accepted: %+v", raw, v)
				}
			}
			raw[i] = orig
			if i+1 < len(raw) && raw[i] != raw[i+1] {
				raw[i], raw[i+1] = raw[i+1], raw[i]
				if _, err := VerifyVoucher(keys, string(raw), now); err == nil {
					t.Fatalf("swapped %s accepted", raw)
				}
				raw[i], raw[i+1] = raw[i+1], raw[i]
			}
		}
	}
	for _, bad := range []string{"", "ABCD", strings.Repeat("A", 21), strings.Repeat("0", 20), "2CA3-003N-QK8N-RF29-BFKU", "2CA3-003N-QK8N-RF29-BFK#", "FCA3-003N-QK8N-RF29-BFKW"} {
		if _, err := VerifyVoucher(keys, bad, now); voucherMessage(err) != "err.voucher.format" {
			t.Errorf("VerifyVoucher(%q) = %v, want err.voucher.format", bad, err)
		}
	}
}

func TestVoucherKeysFile(t *testing.T) {
	k := NewVoucherKeys().Rotate()
	got, err := ParseVoucherKeys(k.Marshal())
	if err != nil || got.Current.ID != k.Current.ID || !bytes.Equal(got.Current.Secret, k.Current.Secret) ||
		got.Previous == nil || got.Previous.ID != k.Previous.ID || !bytes.Equal(got.Previous.Secret, k.Previous.Secret) {
		t.Fatalf("ParseVoucherKeys(Marshal) = %+v, %v", got, err)
	}
	for _, bad := range []string{
		"", "# only a comment\n", "1\n", "16 QkJCQkJCQkJCQkJCQkJCQg\n", "x QkJCQkJCQkJCQkJCQkJCQg\n",
		"1 short\n", "1 QkJCQkJCQkJCQkJCQkJCQg\n1 Q0NDQ0NDQ0NDQ0NDQ0NDQw\n",
		"1 QkJCQkJCQkJCQkJCQkJCQg\n2 QkJCQkJCQkJCQkJCQkJCQg\n3 QkJCQkJCQkJCQkJCQkJCQg\n",
	} {
		if _, err := ParseVoucherKeys([]byte(bad)); err == nil {
			t.Errorf("ParseVoucherKeys(%q) accepted", bad)
		}
	}
	if k, err := ParseVoucherKeys([]byte("\n# c\n  4 QkJCQkJCQkJCQkJCQkJCQg==  \n")); err != nil || k.Current.ID != 4 || len(k.Current.Secret) != 16 {
		t.Errorf("padded key: %+v, %v", k, err)
	}
}

func FuzzVerifyVoucher(f *testing.F) {
	f.Add("2CA3-003N-QK8N-RF29-BFKW")
	f.Add("2ca3 oo3n qk8n rf29 bfkw")
	f.Add("")
	f.Add("OIL-----")
	keys := testVoucherKeys()
	now := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := VerifyVoucher(keys, s, now)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("VerifyVoucher(%q): %v", s, err)
			}
			return
		}
		again, err := IssueVoucher(keys, v.Group, v.Month)
		if err != nil {
			t.Fatal(err)
		}
		if v2, err := VerifyVoucher(keys, again, now); err != nil || v2 != v {
			t.Fatalf("reissue of %q: %+v, %v", s, v2, err)
		}
	})
}
