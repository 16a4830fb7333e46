// Package ledger is Cortège's append-only, publicly verifiable log engine:
// the signature logs of petitions (and later vote boards and audit trails).
// It knows nothing of HTTP or SQL. The service keeps a State per log in its
// database, calls Append inside the transaction that records a signature or
// a withdrawal, stores the returned Entry and State, signs a Head now and
// then, and publishes a Document. Anyone can check a Document with Verify,
// and a signer their Receipt with VerifyReceipt, from public data only.
//
// Each entry names its position and the hash of the entry before it (a hash
// chain, so that a removed, reordered, inserted or changed entry breaks the
// link at once and the first bad position can be named), and the entries are
// also the leaves of an RFC 6962 / RFC 9162 Merkle tree (hashes from
// golang.org/x/mod/sumdb/tlog), so that a signed head commits to the whole
// prefix in 32 bytes and a receipt can prove inclusion with log₂ n hashes,
// without the whole log. The format is described byte by byte in
// docs/ledger.md.
package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"
)

// Format names this version of the entry, head and document formats.
const Format = "cortege-ledger/1"

// Hash is a SHA-256 value: a commitment, a leaf hash or a tree hash.
type Hash = tlog.Hash

// Kind tells a signature commitment from a withdrawal.
type Kind string

// The two kinds of entry.
const (
	KindSign   Kind = "sign"   // a signature counted: a salted commitment
	KindRevoke Kind = "revoke" // a signature withdrawn: names the entry it revokes
)

// Entry is one record of a log. Its leaf text (Text) is what is hashed; the
// JSON form carries the same fields.
type Entry struct {
	N          int64 // position, from 0
	Kind       Kind
	Prev       Hash  // leaf hash of entry N-1, or Genesis(origin) for N = 0
	Commitment Hash  // the commitment signed (sign) or withdrawn (revoke)
	Revokes    int64 // for revoke: the position of the sign entry withdrawn
}

// Text is the entry's canonical leaf text, one line ending in "\n":
//
//	sign <n> <prev hex> <commitment hex>
//	revoke <n> <prev hex> <commitment hex> <revoked n>
func (e Entry) Text() []byte {
	b := make([]byte, 0, 160)
	b = append(b, e.Kind...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, e.N, 10)
	b = append(b, ' ')
	b = hex.AppendEncode(b, e.Prev[:])
	b = append(b, ' ')
	b = hex.AppendEncode(b, e.Commitment[:])
	if e.Kind == KindRevoke {
		b = append(b, ' ')
		b = strconv.AppendInt(b, e.Revokes, 10)
	}
	return append(b, '\n')
}

// LeafHash is the entry's Merkle leaf hash, SHA-256(0x00 ‖ Text), which is
// also what the next entry's Prev names.
func (e Entry) LeafHash() Hash { return tlog.RecordHash(e.Text()) }

// Genesis is the Prev of entry 0: SHA-256("cortege-ledger/1 genesis\n" ‖
// origin ‖ "\n"). It binds every entry, through the chain, to its log, so
// that entries cannot be moved from one petition's log to another's.
func Genesis(origin string) Hash {
	h := sha256.New()
	h.Write([]byte(Format + " genesis\n" + origin + "\n"))
	var out Hash
	h.Sum(out[:0])
	return out
}

// State is what the service stores per log to append without reading old
// entries: the size, the live count, the last leaf hash and the Merkle
// frontier (the roots of the complete subtrees, largest first; at most 63).
// The zero State with Origin set is an empty log.
type State struct {
	Origin   string // the log ID, e.g. "cortege.example.org/petitions/42"
	Size     int64  // entries appended
	Count    int64  // sign entries minus revoke entries
	Last     Hash   // leaf hash of entry Size-1 (Genesis when empty)
	Frontier []Hash // roots of the complete subtrees, largest first
}

// NewState returns the empty log named origin.
func NewState(origin string) State {
	return State{Origin: origin, Last: Genesis(origin)}
}

// Root is the RFC 6962 Merkle tree hash of the log's Size entries
// (SHA-256 of nothing for an empty log), computed from the frontier.
func (s State) Root() Hash {
	if len(s.Frontier) == 0 {
		return sha256.Sum256(nil)
	}
	h := s.Frontier[len(s.Frontier)-1]
	for i := len(s.Frontier) - 2; i >= 0; i-- {
		h = tlog.NodeHash(s.Frontier[i], h)
	}
	return h
}

// Errors of Append.
var (
	ErrBadRevocation = errors.New("ledger: a revocation must name an earlier sign entry")
	ErrNoCount       = errors.New("ledger: revocation would make the count negative")
)

// AppendSign returns the entry recording commitment c at the end of the log
// in state s and the state after it. It is pure: the caller stores both in
// the same transaction, or neither.
func AppendSign(s State, c Hash) (Entry, State) {
	e := Entry{N: s.Size, Kind: KindSign, Prev: s.Last, Commitment: c}
	next := s.push(e)
	next.Count++
	return e, next
}

// AppendRevoke returns the entry withdrawing the sign entry at position
// target whose commitment is c, and the state after it. The engine cannot
// see old entries: the caller (the service, which holds the signature's
// row) must make sure target is a sign entry with commitment c not revoked
// yet; Verify refuses a log where that does not hold.
func AppendRevoke(s State, target int64, c Hash) (Entry, State, error) {
	if target < 0 || target >= s.Size {
		return Entry{}, s, ErrBadRevocation
	}
	if s.Count <= 0 {
		return Entry{}, s, ErrNoCount
	}
	e := Entry{N: s.Size, Kind: KindRevoke, Prev: s.Last, Commitment: c, Revokes: target}
	next := s.push(e)
	next.Count--
	return e, next, nil
}

// push adds e's leaf to a copy of s: the frontier merges equal-sized
// subtrees as a binary counter does.
func (s State) push(e Entry) State { return s.pushLeaf(e.LeafHash()) }

// pushLeaf adds a leaf hash to a copy of s.
func (s State) pushLeaf(leaf Hash) State {
	f := make([]Hash, len(s.Frontier), len(s.Frontier)+1)
	copy(f, s.Frontier)
	f = append(f, leaf)
	for size := s.Size; size&1 == 1; size >>= 1 {
		n := len(f)
		f = append(f[:n-2], tlog.NodeHash(f[n-2], f[n-1]))
	}
	return State{Origin: s.Origin, Size: s.Size + 1, Count: s.Count, Last: leaf, Frontier: f}
}

// MarshalBinary encodes the state for a database column: the size, the
// count, the last hash and the frontier; the origin is not included (the
// row it is stored in names the log).
func (s State) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 16+32*(1+len(s.Frontier)))
	b = binary.BigEndian.AppendUint64(b, uint64(s.Size))
	b = binary.BigEndian.AppendUint64(b, uint64(s.Count))
	b = append(b, s.Last[:]...)
	for _, h := range s.Frontier {
		b = append(b, h[:]...)
	}
	return b, nil
}

// UnmarshalState decodes what MarshalBinary wrote for the log origin,
// checking that the frontier has the length the size implies.
func UnmarshalState(origin string, b []byte) (State, error) {
	if len(b) < 48 || (len(b)-48)%32 != 0 {
		return State{}, fmt.Errorf("ledger: state of %d bytes", len(b))
	}
	s := State{Origin: origin, Size: int64(binary.BigEndian.Uint64(b)), Count: int64(binary.BigEndian.Uint64(b[8:]))}
	copy(s.Last[:], b[16:48])
	for rest := b[48:]; len(rest) > 0; rest = rest[32:] {
		var h Hash
		copy(h[:], rest[:32])
		s.Frontier = append(s.Frontier, h)
	}
	if s.Size < 0 || s.Count < 0 || s.Count > s.Size || popcount(s.Size) != len(s.Frontier) {
		return State{}, fmt.Errorf("ledger: inconsistent state (size %d, count %d, %d subtrees)", s.Size, s.Count, len(s.Frontier))
	}
	return s, nil
}

func popcount(n int64) int {
	c := 0
	for ; n > 0; n &= n - 1 {
		c++
	}
	return c
}
