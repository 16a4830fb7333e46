package cortege

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Signed vouchers (issue 14, Deliver 9) generalise Action populaire's
// monthly material codes: a group's administrators read their group's code
// of the month in Cortège and give it to another system (a shop of
// leaflets and posters, a printer), which checks it offline with a key it
// shares with the instance. docs/vouchers.md is the specification an
// outside implementation follows.
//
// Layout, 100 bits written as 20 characters of Crockford's base32
// (0-9 A-Z without I, L, O and U; 5 bits a character, most significant
// first), shown as five groups of four:
//
//	characters  1–12: header, 60 bits = version (4) ‖ key ID (4) ‖ month (12) ‖ group (40)
//	characters 13–20: tag, 40 bits = the first 5 bytes of
//	                  HMAC-SHA256(key, "cortege-voucher/1\n" ‖ header as 8 bytes big-endian)
//
// The version is 1. The key ID (0–15) names the key that signed, so keys
// can be rotated: verification accepts the current key and the previous
// one. The month counts from January 2000 (0) and the voucher is valid
// from its first to its last day. The group is a number stable for the
// group (GroupVoucherNumber).

// VoucherVersion is the layout version this code writes and reads.
const VoucherVersion = 1

// voucherDomain separates voucher tags from any other use of the key.
const voucherDomain = "cortege-voucher/1\n"

const (
	voucherChars    = 20
	voucherTagBytes = 5
	voucherEpoch    = 2000 // month 0 is January of this year
	// MaxVoucherGroup is the largest group number: 40 bits.
	MaxVoucherGroup = 1<<40 - 1
	// MaxVoucherKeyID is the largest key ID: 4 bits.
	MaxVoucherKeyID = 15
	voucherMonths   = 1 << 12
	minVoucherKey   = 16 // bytes of secret at least
)

// VoucherKey is one shared secret and the ID vouchers carry to name it.
type VoucherKey struct {
	ID     int
	Secret []byte
}

// VoucherKeys are the keys of an instance: Current signs, Previous (when
// there is one) still verifies, so a rotation does not void the codes
// already handed out.
type VoucherKeys struct {
	Current  VoucherKey
	Previous *VoucherKey
}

// NewVoucherKeys returns a first key, ID 1, drawn from crypto/rand.
func NewVoucherKeys() VoucherKeys {
	return VoucherKeys{Current: VoucherKey{ID: 1, Secret: newVoucherSecret()}}
}

func newVoucherSecret() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// Rotate returns keys with a new current key (the next ID, 15 wrapping to
// 0) and the current one kept as the previous; the previous one is
// dropped.
func (k VoucherKeys) Rotate() VoucherKeys {
	old := k.Current
	return VoucherKeys{Current: VoucherKey{ID: (old.ID + 1) % (MaxVoucherKeyID + 1), Secret: newVoucherSecret()}, Previous: &old}
}

// Marshal writes keys in the key file's format: a comment line, then one
// line "ID SECRET" per key (SECRET in base64url without padding), the
// current key first.
func (k VoucherKeys) Marshal() []byte {
	var b strings.Builder
	b.WriteString("# Cortège voucher keys: \"ID SECRET\" (SECRET base64url), the current key first, then the previous one.\n")
	for _, key := range k.list() {
		fmt.Fprintf(&b, "%d %s\n", key.ID, base64.RawURLEncoding.EncodeToString(key.Secret))
	}
	return []byte(b.String())
}

func (k VoucherKeys) list() []VoucherKey {
	if k.Previous == nil {
		return []VoucherKey{k.Current}
	}
	return []VoucherKey{k.Current, *k.Previous}
}

// ParseVoucherKeys reads a key file: blank lines and lines starting with
// "#" are skipped; the first key line is the current key, an optional
// second one the previous key. IDs are 0 to 15 and differ; secrets are
// base64url (padding allowed) of at least 16 bytes.
func ParseVoucherKeys(data []byte) (VoucherKeys, error) {
	var keys []VoucherKey
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return VoucherKeys{}, fmt.Errorf("voucher keys: line %d: want \"ID SECRET\"", n+1)
		}
		id, err := strconv.Atoi(f[0])
		if err != nil || id < 0 || id > MaxVoucherKeyID {
			return VoucherKeys{}, fmt.Errorf("voucher keys: line %d: the ID must be 0 to %d", n+1, MaxVoucherKeyID)
		}
		secret, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(f[1], "="))
		if err != nil || len(secret) < minVoucherKey {
			return VoucherKeys{}, fmt.Errorf("voucher keys: line %d: the secret must be base64url of %d bytes or more", n+1, minVoucherKey)
		}
		keys = append(keys, VoucherKey{ID: id, Secret: secret})
	}
	switch {
	case len(keys) == 0:
		return VoucherKeys{}, fmt.Errorf("voucher keys: no key")
	case len(keys) > 2:
		return VoucherKeys{}, fmt.Errorf("voucher keys: %d keys; keep the current and the previous one only", len(keys))
	case len(keys) == 2 && keys[0].ID == keys[1].ID:
		return VoucherKeys{}, fmt.Errorf("voucher keys: both keys have ID %d", keys[0].ID)
	}
	k := VoucherKeys{Current: keys[0]}
	if len(keys) == 2 {
		k.Previous = &keys[1]
	}
	return k, nil
}

// VoucherMonth is a voucher's validity period: one calendar month.
type VoucherMonth struct {
	Year  int
	Month time.Month
}

// MonthOf is the month t falls in, in t's location.
func MonthOf(t time.Time) VoucherMonth { return VoucherMonth{t.Year(), t.Month()} }

// ParseVoucherMonth reads "2026-12" (January 2000 to April 2341).
func ParseVoucherMonth(s string) (VoucherMonth, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	m := MonthOf(t)
	if err != nil || m.index() < 0 || m.index() >= voucherMonths {
		return VoucherMonth{}, Invalid("month", "err.voucher.month")
	}
	return m, nil
}

// String is the month as "2026-12".
func (m VoucherMonth) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

func (m VoucherMonth) index() int { return (m.Year-voucherEpoch)*12 + int(m.Month) - 1 }

func monthAt(i int) VoucherMonth {
	return VoucherMonth{voucherEpoch + i/12, time.Month(i%12 + 1)}
}

// Voucher is what a verified code says.
type Voucher struct {
	KeyID int
	Month VoucherMonth
	Group uint64
}

// GroupVoucherNumber is the group's number in its vouchers: Cortège's
// group IDs are 26-character ULIDs with no small counterpart, so the
// number is derived from the ID, the first 40 bits of
// SHA-256("cortege-voucher-group/1\n" ‖ ID) as an integer. It never
// changes (an ID never does); the group's voucher page shows it, so the
// other system records it beside the group once.
func GroupVoucherNumber(groupID string) uint64 {
	sum := sha256.Sum256([]byte("cortege-voucher-group/1\n" + groupID))
	return binary.BigEndian.Uint64(sum[:8]) >> 24
}

// IssueVoucher writes the voucher of group for month, signed with the
// current key, as printed: "XXXX-XXXX-XXXX-XXXX-XXXX".
func IssueVoucher(keys VoucherKeys, group uint64, m VoucherMonth) (string, error) {
	if group > MaxVoucherGroup {
		return "", Invalid("group", "err.voucher.group")
	}
	if i := m.index(); i < 0 || i >= voucherMonths {
		return "", Invalid("month", "err.voucher.month")
	}
	k := keys.Current
	if k.ID < 0 || k.ID > MaxVoucherKeyID || len(k.Secret) < minVoucherKey {
		return "", fmt.Errorf("voucher: unusable current key")
	}
	h := uint64(VoucherVersion)<<56 | uint64(k.ID)<<52 | uint64(m.index())<<40 | group
	tag := voucherTag(k.Secret, h)
	var out [voucherChars]byte
	putBase32(out[:12], h)
	putBase32(out[12:], tag)
	var b strings.Builder
	for i, c := range out {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// voucherTag is the 40-bit truncated HMAC of a header.
func voucherTag(secret []byte, h uint64) uint64 {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(voucherDomain))
	var hb [8]byte
	binary.BigEndian.PutUint64(hb[:], h)
	mac.Write(hb[:])
	sum := mac.Sum(nil)
	var t [8]byte
	copy(t[3:], sum[:voucherTagBytes])
	return binary.BigEndian.Uint64(t[:])
}

// putBase32 writes the low 5·len(dst) bits of v in Crockford's base32.
func putBase32(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = crockford[v&31]
		v >>= 5
	}
}

// VerifyVoucher checks a code at now: its form, its key (the current or
// the previous one), its tag and its month (now's month, in now's
// location). The errors are EINVALID on the field "code", with the
// messages "err.voucher.format" (not a voucher: length, characters,
// version), "err.voucher.signature" (an unknown key or a wrong tag: a
// character is wrong, or the code was forged), "err.voucher.expired" and
// "err.voucher.early" (a genuine voucher of another month; the Voucher is
// returned with the error so the caller can say which month).
func VerifyVoucher(keys VoucherKeys, code string, now time.Time) (Voucher, error) {
	var vals []byte
	for _, r := range strings.ToUpper(code) {
		switch r {
		case '-', ' ', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		i := strings.IndexRune(crockford, r)
		if i < 0 || len(vals) == voucherChars {
			return Voucher{}, Invalid("code", "err.voucher.format")
		}
		vals = append(vals, byte(i))
	}
	if len(vals) != voucherChars {
		return Voucher{}, Invalid("code", "err.voucher.format")
	}
	var h, tag uint64
	for _, v := range vals[:12] {
		h = h<<5 | uint64(v)
	}
	for _, v := range vals[12:] {
		tag = tag<<5 | uint64(v)
	}
	if h>>56 != VoucherVersion {
		return Voucher{}, Invalid("code", "err.voucher.format")
	}
	v := Voucher{KeyID: int(h >> 52 & 15), Month: monthAt(int(h >> 40 & (voucherMonths - 1))), Group: h & MaxVoucherGroup}
	ok := false
	for _, k := range keys.list() {
		if k.ID == v.KeyID && hmac.Equal(tagBytes(voucherTag(k.Secret, h)), tagBytes(tag)) {
			ok = true
		}
	}
	if !ok {
		return Voucher{}, Invalid("code", "err.voucher.signature")
	}
	switch now := MonthOf(now).index(); {
	case v.Month.index() < now:
		return v, Invalid("code", "err.voucher.expired")
	case v.Month.index() > now:
		return v, Invalid("code", "err.voucher.early")
	}
	return v, nil
}

func tagBytes(t uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], t)
	return b[:]
}
