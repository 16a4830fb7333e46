package ledger

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// ReceiptFormat names this version of the receipt format.
const ReceiptFormat = "cortege-receipt/1"

// Salt is the random per-signature value hidden in a commitment.
type Salt [32]byte

// NewSalt draws a salt from crypto/rand.
func NewSalt() (Salt, error) {
	var s Salt
	_, err := rand.Read(s[:])
	return s, err
}

// Commit is a signature's commitment: SHA-256("cortege-ledger/1
// commitment\n" ‖ salt ‖ id), where id is the signature's random
// identifier (not personal data, not a capability). Without the salt,
// which only the signer's receipt carries, the log tells nothing of who
// signed, and no one can test a guess.
func Commit(salt Salt, id string) Hash {
	h := sha256.New()
	h.Write([]byte(Format + " commitment\n"))
	h.Write(salt[:])
	h.Write([]byte(id))
	var out Hash
	h.Sum(out[:0])
	return out
}

// Receipt is what a signer keeps: which log, which position, the
// commitment and its opening (salt and signature id), and optionally an
// inclusion proof against a signed head of size Proof.Size.
type Receipt struct {
	Format     string `json:"format"`
	Origin     string `json:"origin"`
	N          int64  `json:"n"`
	Commitment string `json:"commitment"`
	Salt       string `json:"salt"`
	Signature  string `json:"signature"`
	Proof      *Proof `json:"proof,omitempty"`
}

// Proof is an RFC 6962 inclusion proof of entry N in the tree of Size
// entries: the sibling hashes from the leaf up, in lowercase hex.
type Proof struct {
	Size   int64    `json:"size"`
	Hashes []string `json:"hashes"`
}

// NewReceipt is the receipt for the sign entry e, committed with salt and id.
func NewReceipt(origin string, e Entry, salt Salt, id string) Receipt {
	return Receipt{Format: ReceiptFormat, Origin: origin, N: e.N, Commitment: hex.EncodeToString(e.Commitment[:]),
		Salt: hex.EncodeToString(salt[:]), Signature: id}
}

// ParseReceipt reads a receipt, refusing unknown fields.
func ParseReceipt(b []byte) (Receipt, error) {
	var r Receipt
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		return r, fmt.Errorf("ledger: receipt: %w", err)
	}
	if r.Format != ReceiptFormat {
		return r, fmt.Errorf("ledger: receipt format %q, want %q", r.Format, ReceiptFormat)
	}
	return r, nil
}

// Prove returns the inclusion proof of entry n in the tree of the first
// size leaves (leaf hashes in order, as Report.Leaves gives them).
func Prove(leaves []Hash, n, size int64) (Proof, error) {
	if n < 0 || n >= size || size > int64(len(leaves)) {
		return Proof{}, fmt.Errorf("ledger: no entry %d in a tree of %d", n, size)
	}
	stored := make([]Hash, 0, 2*size)
	r := tlog.HashReaderFunc(func(idx []int64) ([]Hash, error) {
		out := make([]Hash, len(idx))
		for i, x := range idx {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("ledger: hash %d not stored", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i := int64(0); i < size; i++ {
		hs, err := tlog.StoredHashesForRecordHash(i, leaves[i], r)
		if err != nil {
			return Proof{}, err
		}
		stored = append(stored, hs...)
	}
	p, err := tlog.ProveRecord(size, n, r)
	if err != nil {
		return Proof{}, err
	}
	out := Proof{Size: size, Hashes: make([]string, len(p))}
	for i, h := range p {
		out.Hashes[i] = hex.EncodeToString(h[:])
	}
	return out, nil
}

// CheckInclusion checks that leaf is entry n of the tree a verified head
// states, with proof: what a light client does without the whole log.
func CheckInclusion(h Head, n int64, leaf Hash, p Proof) error {
	if p.Size != h.Size {
		return fmt.Errorf("ledger: proof for a tree of %d, head of %d", p.Size, h.Size)
	}
	rp := make(tlog.RecordProof, len(p.Hashes))
	for i, s := range p.Hashes {
		var err error
		if rp[i], err = ParseHex(s); err != nil {
			return fmt.Errorf("ledger: proof hash %d: %w", i, err)
		}
	}
	if err := tlog.CheckRecord(rp, h.Size, h.Root, n, leaf); err != nil {
		return fmt.Errorf("ledger: entry %d is not in the signed tree of %d: %w", n, h.Size, err)
	}
	return nil
}

// ReceiptStatus is what a verified receipt shows.
type ReceiptStatus struct {
	N         int64
	Head      Head  // the latest head, which covers N
	RevokedAt int64 // position of the revocation, or -1 if still counted
}

// ErrNotYetSigned means the receipt's entry is in the log but no signed
// head covers it yet: check again after the next head.
var ErrNotYetSigned = errors.New("ledger: the entry is not yet covered by a signed head")

// VerifyReceipt checks a receipt against a document that Verify accepted
// (its report rep): the opening matches the commitment, the entry at the
// receipt's position is that sign entry, the latest signed head includes it
// (by a Merkle proof computed here), and the receipt's own proof, if any,
// holds against the signed head of its size.
func VerifyReceipt(d Document, rep Report, rc Receipt) (ReceiptStatus, error) {
	st := ReceiptStatus{N: rc.N, RevokedAt: -1}
	if rc.Origin != d.Origin {
		return st, fmt.Errorf("ledger: receipt is for log %q, not %q", rc.Origin, d.Origin)
	}
	c, err := ParseHex(rc.Commitment)
	if err != nil {
		return st, fmt.Errorf("ledger: receipt commitment: %w", err)
	}
	saltBytes, err := hex.DecodeString(rc.Salt)
	if err != nil || len(saltBytes) != len(Salt{}) {
		return st, fmt.Errorf("ledger: receipt salt must be 64 hex digits")
	}
	if Commit(Salt(saltBytes), rc.Signature) != c {
		return st, errors.New("ledger: receipt salt and signature id do not open its commitment")
	}
	if rc.N < 0 || rc.N >= int64(len(d.Entries)) {
		return st, &Error{Position: rc.N, Head: -1, Msg: fmt.Sprintf("receipt's entry missing: the log has %d entries", len(d.Entries))}
	}
	if e := d.Entries[rc.N]; e.Kind != KindSign || e.Commitment != c {
		return st, &Error{Position: rc.N, Head: -1, Msg: "the entry at the receipt's position is not its commitment"}
	}
	if len(rep.Heads) == 0 || rep.SignedSize <= rc.N {
		return st, ErrNotYetSigned
	}
	st.Head = rep.Heads[len(rep.Heads)-1]
	p, err := Prove(rep.Leaves, rc.N, st.Head.Size)
	if err != nil {
		return st, err
	}
	if err := CheckInclusion(st.Head, rc.N, rep.Leaves[rc.N], p); err != nil {
		return st, err
	}
	if rc.Proof != nil {
		ok := false
		for _, h := range rep.Heads {
			if h.Size == rc.Proof.Size {
				if err := CheckInclusion(h, rc.N, rep.Leaves[rc.N], *rc.Proof); err != nil {
					return st, fmt.Errorf("ledger: receipt's proof: %w", err)
				}
				ok = true
				break
			}
		}
		if !ok {
			return st, fmt.Errorf("ledger: receipt's proof is for a tree of %d entries, which no head in the log states", rc.Proof.Size)
		}
	}
	if by, ok := rep.RevokedBy[rc.N]; ok {
		st.RevokedAt = by
	}
	return st, nil
}
