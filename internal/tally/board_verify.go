package tally

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"

	"github.com/cloudflare/circl/blindsign/blindrsa"
	"golang.org/x/mod/sumdb/note"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// MaxTokenBytes bounds a token message (a prepared message is the voter's
// random message and a 32-byte prefix).
const MaxTokenBytes = 256

// Report is what a verified board shows: the ledger's report, what was
// counted and why, and the results.
type Report struct {
	Ledger       ledger.Report
	Ballots      int         // ballots on the board
	Counted      int         // ballots counted
	Superseded   int         // ballots re-voted over (Revote only)
	SupersededBy map[int]int // position → the position of the ballot that replaced it
	ByToken      int         // counted ballots proved by a blind token
	ByCode       int         // counted ballots proved by an invitation code
	Unproved     int         // counted ballots without proof (a vote with neither tokens nor codes)
	Codes        int         // issued codes published
	Results      []Result    // one per question, in the board's order
}

// BoardError is a failure of the board as a whole (not of one ballot).
type BoardError struct{ Msg string }

func (e *BoardError) Error() string { return "board: " + e.Msg }

// VerifyBoard checks a board from public data and the trusted keys of the
// heads: the meta (questions countable, token key, codes), the ledger
// (chain, heads, the opening and closing commitments, the latest head
// covering the closing), each ballot
// (commitment, ID, answers, proof, no token or code used twice, slots),
// every token's blind signature, that no more ballots are counted than
// people signed off, and then counts. The first failure is returned,
// naming the ballot position (*BallotError) or what is wrong with the
// board (*BoardError); cheap checks of every ballot run before the
// signatures.
func VerifyBoard(b Board, trusted note.Verifiers) (Report, error) {
	r := Report{Ballots: len(b.Ballots), Codes: len(b.Codes), SupersededBy: map[int]int{}}
	boardErr := func(format string, a ...any) (Report, error) {
		return r, &BoardError{Msg: fmt.Sprintf(format, a...)}
	}
	if b.Format != BoardFormat {
		return boardErr("format %q, want %q", b.Format, BoardFormat)
	}
	if len(b.Questions) == 0 || len(b.Questions) > MaxQuestions {
		return boardErr("%d questions, between 1 and %d expected", len(b.Questions), MaxQuestions)
	}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		if err := q.Validate(); err != nil {
			return boardErr("%v", err)
		}
		if ids[q.ID] {
			return boardErr("question %q given twice", q.ID)
		}
		ids[q.ID] = true
	}
	if b.SignOffs < 0 {
		return boardErr("negative sign-offs %d", b.SignOffs)
	}
	var verifier *blindrsa.Verifier
	if b.TokenKey != "" {
		v, err := ParseTokenKey(b.TokenKey)
		if err != nil {
			return boardErr("token key: %v", err)
		}
		verifier = &v
	}
	for i, c := range b.Codes {
		if _, err := ledger.ParseHex(c); err != nil {
			return boardErr("code %d: %v", i, err)
		}
		if i > 0 && c <= b.Codes[i-1] {
			return boardErr("codes must be in strictly ascending order (code %d)", i)
		}
	}

	// The ledger: chain and heads, then the opening and closing.
	rep, err := ledger.Verify(b.Ledger(), trusted)
	r.Ledger = rep
	if err != nil {
		var le *ledger.Error
		if errors.As(err, &le) && le.Position >= 0 {
			msg := le.Msg
			if le.Head >= 0 {
				msg = fmt.Sprintf("head %d: %s", le.Head, msg)
			}
			switch p := int(le.Position); {
			case p == 0:
				return boardErr("ledger: opening entry: %s", msg)
			case p <= len(b.Ballots):
				return r, &BallotError{Position: p - 1, Msg: "ledger: " + msg}
			case p == len(b.Ballots)+1:
				return boardErr("ledger: closing entry: %s", msg)
			}
		}
		return boardErr("ledger: %v", err)
	}
	if rep.Revokes > 0 {
		return boardErr("the ledger withdraws entries: a board has none")
	}
	if b.Opening.Commitment != OpeningOf(b.BoardMeta).Commitment() {
		return boardErr("the opening entry does not commit to this vote's origin, title, questions, token key and re-voting rule")
	}
	digest := NewCodesDigest()
	for _, c := range b.Codes {
		digest.Add(c)
	}
	closing := Closing{Ballots: int64(len(b.Ballots)), SignOffs: b.SignOffs, Codes: digest.Sum()}
	if b.Closing.Commitment != closing.Commitment() {
		return boardErr("the closing entry does not commit to %d ballots, %d sign-offs and these %d codes", len(b.Ballots), b.SignOffs, len(b.Codes))
	}
	if len(rep.Heads) == 0 {
		return boardErr("no signed head: a closed board's latest head covers the closing entry")
	}
	if own, err := ledger.Verifiers(b.Key); err != nil {
		return boardErr("key: %v", err)
	} else if _, err := ledger.OpenHead(b.Heads[len(b.Heads)-1], own); err != nil {
		return boardErr("the latest head is not signed by the key the board names (%s)", b.Key)
	}
	if want := int64(len(b.Ballots) + 2); rep.SignedSize != want {
		return boardErr("the latest head covers %d entries, the board has %d: a closed board's latest head covers the closing entry", rep.SignedSize, want)
	}

	// Each ballot, cheap checks.
	open := verifier == nil && len(b.Codes) == 0
	seenID := map[string]int{}
	usedCode := map[string]int{}
	usedToken := map[string]int{} // token (or, with Revote, slot) → position of the ballot counting for it
	for i, x := range b.Ballots {
		fail := func(format string, a ...any) (Report, error) {
			return r, &BallotError{Position: i, Msg: fmt.Sprintf(format, a...)}
		}
		bl := x.Ballot
		if bl.Hash() != x.Entry.Commitment {
			return fail("the ballot's hash is not its entry's commitment (the ballot was changed)")
		}
		if !validBallotID(bl.ID) {
			return fail("ID %q is not 26 characters of lower-case base32", bl.ID)
		}
		if j, dup := seenID[bl.ID]; dup {
			return fail("ID %s already used by ballot %d", bl.ID, j)
		}
		seenID[bl.ID] = i
		if len(bl.Answers) != len(b.Questions) {
			return fail("%d answers for %d questions", len(bl.Answers), len(b.Questions))
		}
		for k, q := range b.Questions {
			if err := q.Check(bl.Answers[k]); err != nil {
				return fail("%v", err)
			}
		}
		p := bl.Proof
		switch {
		case p.Token != "" && p.Code != "":
			return fail("a ballot carries a token or a code, not both")
		case p.Token != "":
			if verifier == nil {
				return fail("a token, but the vote publishes no token key")
			}
			tok, err := decodeB64URL(p.Token, MaxTokenBytes)
			if err != nil {
				return fail("token: %v", err)
			}
			if _, err := decodeB64URL(p.Signature, 2048); err != nil {
				return fail("signature: %v", err)
			}
			key := string(tok)
			if b.Revote {
				if bl.Slot != SlotOf(tok) {
					return fail("slot %q is not the token's (%s)", bl.Slot, SlotOf(tok))
				}
				key = bl.Slot
			} else if bl.Slot != "" {
				return fail("a slot, but the vote does not allow re-voting")
			}
			if j, dup := usedToken[key]; dup {
				if !b.Revote {
					return fail("token already used by ballot %d", j)
				}
				r.SupersededBy[j] = i
				r.Superseded++
				r.ByToken--
			}
			usedToken[key] = i
			r.ByToken++
		case p.Signature != "":
			return fail("a signature without a token")
		case p.Code != "":
			if bl.Slot != "" {
				return fail("a slot on a ballot cast with a code (a code works once)")
			}
			if _, err := ledger.ParseHex(p.Code); err != nil {
				return fail("code: %v", err)
			}
			if _, found := slices.BinarySearch(b.Codes, p.Code); !found {
				return fail("code %s is not among the issued codes", p.Code)
			}
			if j, dup := usedCode[p.Code]; dup {
				return fail("code already used by ballot %d", j)
			}
			usedCode[p.Code] = i
			r.ByCode++
		default:
			if !open {
				return fail("no token and no code")
			}
			if bl.Slot != "" {
				return fail("a slot without a token")
			}
			r.Unproved++
		}
	}

	// Each token's signature, the expensive check, last.
	if verifier != nil {
		for i, x := range b.Ballots {
			p := x.Ballot.Proof
			if p.Token == "" {
				continue
			}
			tok, _ := decodeB64URL(p.Token, MaxTokenBytes)
			sig, _ := decodeB64URL(p.Signature, 2048)
			if err := verifier.Verify(tok, sig); err != nil {
				return r, &BallotError{Position: i, Msg: "the token's signature does not verify under the vote's key (a forged token)"}
			}
		}
	}
	r.Counted = r.ByToken + r.ByCode + r.Unproved
	if int64(r.Counted) > b.SignOffs {
		return boardErr("%d ballots counted but %d people signed off", r.Counted, b.SignOffs)
	}

	r.Results = countBoard(b, func(i int) bool { _, gone := r.SupersededBy[i]; return gone })
	return r, nil
}

// ParseTokenKey reads a board's token key: base64 (standard, padded) of a
// PKIX DER RSA public key of 2048 to 4096 bits, for RSABSSA-SHA384-PSS-
// Randomized.
func ParseTokenKey(s string) (blindrsa.Verifier, error) {
	pk, err := TokenPublicKey(s)
	if err != nil {
		return blindrsa.Verifier{}, err
	}
	return blindrsa.NewVerifier(blindrsa.SHA384PSSRandomized, pk)
}

// TokenPublicKey reads a board's token key as an RSA public key.
func TokenPublicKey(s string) (*rsa.PublicKey, error) {
	der, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not base64: %v", err)
	}
	if base64.StdEncoding.EncodeToString(der) != s {
		return nil, errors.New("not canonical base64")
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	pk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	if n := pk.N.BitLen(); n < 2048 || n > 4096 {
		return nil, fmt.Errorf("an RSA key of %d bits (2048 to 4096 expected)", n)
	}
	return pk, nil
}

// EncodeTokenKey is the board's form of a token key (ParseTokenKey's
// input).
func EncodeTokenKey(pk *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pk)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(der), nil
}

// decodeB64URL reads base64url without padding, canonical, of at most max
// bytes and at least one.
func decodeB64URL(s string, max int) ([]byte, error) {
	if len(s) == 0 || len(s) > (max*4+2)/3 {
		return nil, fmt.Errorf("%d characters, 1 to %d bytes of base64url expected", len(s), max)
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errors.New("not base64url without padding")
	}
	return b, nil
}

// validBallotID tells whether s is what NewBallotID makes.
func validBallotID(s string) bool {
	if len(s) != 26 {
		return false
	}
	b, err := idEncoding.DecodeString(s)
	return err == nil && len(b) == 16 && idEncoding.EncodeToString(b) == s
}
