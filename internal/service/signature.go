package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"slices"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/store"
)

// SignLimits cap signing, counted in the signing transaction in the
// database so every node shares them; a zero field takes its default.
type SignLimits struct {
	// PerIP is per client address and hour (default 30: generous, since
	// whole campuses and mobile carriers sit behind one address).
	PerIP int
	// PerPetition is per petition and minute (default 20,000: it only
	// stops a flood well past the largest storms on record, about 2,000
	// a minute).
	PerPetition int
}

func (l SignLimits) withDefaults() SignLimits {
	if l.PerIP <= 0 {
		l.PerIP = 30
	}
	if l.PerPetition <= 0 {
		l.PerPetition = 20000
	}
	return l
}

// Windows of the signing limits, and the form's timing.
const (
	signIPWindow       = time.Hour
	signPetitionWindow = time.Minute
	// MinSignFill is the shortest time a person takes to fill the form;
	// a faster submission is a script.
	MinSignFill = 3 * time.Second
	// signLimitShards is how many counters share a petition's ceiling.
	signLimitShards = 16
	// signConfirmTTL is how long a confirmation link works.
	signConfirmTTL = 7 * 24 * time.Hour
)

// SignInput is what a person fills in to sign. A signed-in person's
// address is their account's, whatever Email says.
type SignInput struct {
	FirstName string
	LastName  string
	Email     string
	Postal    string
	// Commune picks, by INSEE code, one of the communes of a postal code
	// that serves several; "" takes the most populous.
	Commune  string
	Comment  string
	ShowName bool
	// Consents are the choices offered, each with the exact wording the
	// form showed; their time is the signature's.
	Consents []cortege.Consent
	Lang     string
	// Honeypot is the hidden field people never fill; FormStartedAt is
	// when the form was served (from a value the web layer signs), zero
	// for clients that are not a form (the API).
	Honeypot      string
	FormStartedAt time.Time
}

// SignResult is what signing answers. For a person without an account it
// is the same whether the address had signed already or not (the mail
// says which, to the mailbox's owner only): Pending, and nothing else.
type SignResult struct {
	// Pending: a mail went to the address; the signature counts once its
	// link is followed.
	Pending bool
	// SignatureID, Counted and Token (the signer's link token, as in
	// ConfirmedSignature) are given to a signed-in signer only.
	SignatureID string
	Counted     bool
	Token       string
	// Receipt is the signer's receipt when this signature was counted
	// now (docs/ledger.md).
	Receipt *ledger.Receipt
}

// errRaced says a concurrent signature of the same mailbox won the
// unique index; Sign runs again and finds it.
var errRaced = errors.New("signature raced")

// Sign records a signature: counted at once for a signed-in person (their
// address was proven by signing in), or waiting for the confirmation
// link mailed in the same transaction. One signature counts per mailbox
// (CanonicalEmail). A second signature of the same address answers
// exactly like a first one, so the form cannot tell anyone who signed:
// the mailbox gets the confirmation link again if it never confirmed,
// else a note that it had signed already (each at most once an hour).
func (s *Service) Sign(ctx context.Context, a cortege.Actor, petitionID string, in SignInput) (*SignResult, error) {
	now := s.now()
	if strings.TrimSpace(in.Honeypot) != "" {
		return &SignResult{Pending: true}, nil // a robot: answered like anyone, nothing kept
	}
	if !in.FormStartedAt.IsZero() && now.Sub(in.FormStartedAt) < MinSignFill {
		return nil, cortege.Invalid("form", "err.signature.too_fast")
	}
	signedIn := a.SignedIn() && a.Profile != nil && !a.Profile.Deleted
	g := &cortege.Signature{PetitionID: petitionID, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email,
		Postal: in.Postal, Comment: in.Comment, ShowName: in.ShowName, Source: cortege.SourceOnline, Lang: in.Lang}
	if signedIn {
		g.Email, g.ProfileID = a.Account.Email, a.Profile.ID
		if g.Lang == "" {
			g.Lang = a.Account.Lang
		}
	}
	for _, c := range in.Consents {
		g.Consents = append(g.Consents, cortege.Consent{Purpose: c.Purpose, Given: c.Given, Wording: c.Wording, At: now})
	}
	if err := s.checkSignature(g, in.Commune); err != nil {
		return nil, err
	}
	g.NetPrefix = s.netPrefix(a.IP)
	var out *SignResult
	var err error
	for try := 0; try < 2; try++ {
		out, err = s.sign(ctx, a, g, signedIn, now)
		if !errors.Is(err, errRaced) {
			break
		}
	}
	if errors.Is(err, errRaced) {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.conflict")
	}
	return out, err
}

// checkSignature validates g, places its postal code with the gazetteer
// and refuses throw-away mail domains.
func (s *Service) checkSignature(g *cortege.Signature, commune string) error {
	if err := g.Validate(); err != nil {
		return err
	}
	cs := s.gazetteer().ByPostal(g.Postal)
	if len(cs) == 0 {
		return cortege.Invalid("postal_code", "err.signature.postal_code.unknown")
	}
	c := cs[0]
	if commune != "" {
		c = nil
		for _, x := range cs {
			if x.INSEE == strings.ToUpper(strings.TrimSpace(commune)) {
				c = x
			}
		}
		if c == nil {
			return cortege.Invalid("commune", "err.signature.commune.invalid")
		}
	}
	g.INSEE, g.Departement = c.INSEE, c.Dep
	if g.EmailDomain != "" && cortege.DisposableDomain(g.EmailDomain) {
		return cortege.Invalid("email", "err.signature.email.disposable")
	}
	return nil
}

// sign is one attempt of Sign, in one transaction: the limits' counters,
// the signature, the counter and the mail job commit together.
func (s *Service) sign(ctx context.Context, a cortege.Actor, in *cortege.Signature, signedIn bool, now time.Time) (*SignResult, error) {
	g := *in
	var out *SignResult
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := q.PetitionByID(ctx, g.PetitionID)
		if err != nil {
			return err
		}
		if p.State == cortege.PetitionDraft {
			return cortege.Errorf(cortege.ENOTFOUND, "err.petition.not_found")
		}
		if !p.Signable(now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition.not_signable")
		}
		if !signedIn {
			// The counter is keyed by a hash of the address: even the
			// rate limits keep no signer's IP.
			if err := s.limitIn(ctx, q, "sign:ip:"+s.addrKey(a.IP), s.cfg.SignLimits.PerIP, signIPWindow); err != nil {
				return err
			}
		}
		// A high ceiling is kept in up to signLimitShards counters, one
		// taken at random (it then holds within a few per cent): a single
		// row would have every signing transaction of a storm wait for
		// the one before on PostgreSQL. A low one stays exact.
		shards := max(1, min(signLimitShards, s.cfg.SignLimits.PerPetition/1000))
		perShard := (s.cfg.SignLimits.PerPetition + shards - 1) / shards
		if err := s.limitIn(ctx, q, fmt.Sprintf("sign:petition:%s:%d", p.ID, rand.IntN(shards)), perShard, signPetitionWindow); err != nil {
			return err
		}
		// The mailbox's signature, or the one kept from its erased
		// account (eraseSigner).
		prev, err := q.SignatureByEmailKey(ctx, p.ID, g.EmailKey, s.erasedKey(g.EmailKey))
		switch {
		case err == nil:
			out, err = s.signedAgain(ctx, q, p, prev, signedIn, now)
			return err
		case !cortege.IsNotFound(err):
			return err
		}
		g.ID, g.CreatedAt, g.Status = cortege.NewID(now), now, cortege.SignatureUnconfirmed
		if signedIn {
			g.Status, g.ConfirmedAt = cortege.SignatureConfirmed, now
		}
		if err := s.createSignature(ctx, q, &g); err != nil {
			return err
		}
		if signedIn {
			tok, err := s.linkToken(ctx, q, "petition-withdraw", g.ID)
			if err != nil {
				return err
			}
			out = &SignResult{SignatureID: g.ID, Counted: true, Token: tok}
			if err := s.countSignatures(ctx, q, p, map[string]int{g.Departement: 1}, nil); err != nil {
				return err
			}
			if out.Receipt, err = s.logSigned(ctx, q, p.ID, g.ID); err != nil {
				return err
			}
			return s.enqueueReceiptMail(ctx, q, p.ID, g.ID)
		}
		out = &SignResult{Pending: true}
		return s.enqueuePetitionMail(ctx, q, petitionMail{Kind: petitionMailConfirm, PetitionID: p.ID, SignatureID: g.ID}, mailKey(petitionMailConfirm, g.ID, now))
	})
	return out, err
}

// createSignature inserts g with the hash of its withdrawal secret; a
// concurrent signature of the same mailbox is errRaced.
func (s *Service) createSignature(ctx context.Context, q *store.Q, g *cortege.Signature) error {
	tok, err := s.linkToken(ctx, q, "petition-withdraw", g.ID)
	if err != nil {
		return err
	}
	err = q.CreateSignature(ctx, g, cortege.HashToken(tok))
	if cortege.ErrorCode(err) == cortege.ECONFLICT {
		return errRaced
	}
	return err
}

// signedAgain answers a signature of a mailbox that already signed.
func (s *Service) signedAgain(ctx context.Context, q *store.Q, p *cortege.Petition, prev *cortege.Signature, signedIn bool, now time.Time) (*SignResult, error) {
	if signedIn {
		// Their own address, proven: an earlier signature waiting for its
		// link counts now.
		if prev.Status == cortege.SignatureUnconfirmed {
			moved, err := q.MoveSignature(ctx, prev.ID, prev.Status, cortege.SignatureConfirmed, now)
			if err != nil {
				return nil, err
			}
			if moved {
				if err := s.countSignatures(ctx, q, p, map[string]int{prev.Departement: 1}, nil); err != nil {
					return nil, err
				}
				if _, err := s.logSigned(ctx, q, p.ID, prev.ID); err != nil {
					return nil, err
				}
				if err := s.enqueueReceiptMail(ctx, q, p.ID, prev.ID); err != nil {
					return nil, err
				}
				prev.Status = cortege.SignatureConfirmed
			}
		}
		tok, err := s.linkToken(ctx, q, "petition-withdraw", prev.ID)
		if err != nil {
			return nil, err
		}
		return &SignResult{SignatureID: prev.ID, Counted: prev.Counts(), Token: tok}, nil
	}
	kind := petitionMailAlready
	if prev.Status == cortege.SignatureUnconfirmed {
		kind = petitionMailConfirm
	}
	return &SignResult{Pending: true}, s.enqueuePetitionMail(ctx, q, petitionMail{Kind: kind, PetitionID: p.ID, SignatureID: prev.ID}, mailKey(kind, prev.ID, now))
}

// mailKey keys a signer's mail of kind by the hour, so signing again and
// again sends a mailbox at most one mail of each kind an hour.
func mailKey(kind, signatureID string, now time.Time) string {
	return fmt.Sprintf("petition:%s:%s:%d", kind, signatureID, now.Unix()/3600)
}

// countSignatures moves the petition's counter by the confirmed
// signatures gained (or lost, negative) by département, online and on
// paper, and queues the organisers' notice of each milestone crossed.
// The total moves first, then the départements in order, so concurrent
// writers take the rows in the same order.
func (s *Service) countSignatures(ctx context.Context, q *store.Q, p *cortege.Petition, online, paper map[string]int) error {
	deps := map[string][2]int{}
	var on, pa int
	for dep, n := range online {
		d := deps[dep]
		d[0] += n
		deps[dep], on = d, on+n
	}
	for dep, n := range paper {
		d := deps[dep]
		d[1] += n
		deps[dep], pa = d, pa+n
	}
	if on == 0 && pa == 0 {
		return nil
	}
	c, err := q.AddPetitionCounts(ctx, p.ID, on, pa, s.now())
	if err != nil {
		return err
	}
	if err := s.countDays(ctx, q, p, on, pa); err != nil {
		return err
	}
	for _, dep := range slices.Sorted(maps.Keys(deps)) {
		if d := deps[dep]; dep != "" && d != [2]int{} {
			if err := q.AddDepartementCounts(ctx, p.ID, dep, d[0], d[1]); err != nil {
				return err
			}
		}
	}
	after := c.Total()
	for _, m := range cortege.MilestonesCrossed(p.Goal, after-on-pa, after) {
		if err := s.enqueuePetitionFanoutMilestone(ctx, q, p.ID, m, after); err != nil {
			return err
		}
	}
	return nil
}

// netPrefix is a keyed hash of the /24 (IPv4) or /48 (IPv6) network of
// ip, so bursts show without the address being kept; "" when ip is not
// an address.
func (s *Service) netPrefix(ip string) string {
	if h, _, err := net.SplitHostPort(ip); err == nil {
		ip = h
	}
	addr := net.ParseIP(ip)
	if addr == nil {
		return ""
	}
	var n net.IP
	if v4 := addr.To4(); v4 != nil {
		n = v4.Mask(net.CIDRMask(24, 32))
	} else {
		n = addr.Mask(net.CIDRMask(48, 128))
	}
	m := hmac.New(sha256.New, append([]byte("petition-net:"), s.cfg.LinkKey...))
	m.Write(n)
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// addrKey is a keyed hash of a whole address, for the per-address limit.
func (s *Service) addrKey(ip string) string {
	if h, _, err := net.SplitHostPort(ip); err == nil {
		ip = h
	}
	m := hmac.New(sha256.New, append([]byte("petition-ip:"), s.cfg.LinkKey...))
	m.Write([]byte(ip))
	return hex.EncodeToString(m.Sum(nil))[:24]
}

// ConfirmedSignature is what a confirmation link leads to.
type ConfirmedSignature struct {
	PetitionID  string
	SignatureID string
	Counted     bool
	// Token is the signer's own link token (the one of the withdrawal
	// link in every mail): it opens the signer's export, withdrawal and,
	// on the confirmation page, the one-click join of a nearby gathering.
	Token string
	// Receipt is the signer's receipt of the entry the confirmation
	// appended to the petition's log (docs/ledger.md); nil when this
	// confirmation counted nothing new (the link was followed again).
	Receipt *ledger.Receipt
}

// ConfirmSignature consumes a confirmation token (once) and counts its
// signature. The web shows a button on GET and calls this on POST.
func (s *Service) ConfirmSignature(ctx context.Context, token string) (*ConfirmedSignature, error) {
	return s.confirmSignature(ctx, "", token)
}

// ConfirmPetitionSignature is ConfirmSignature for the link of one
// petition's page: a token of another petition's signature is "not
// found" there, and stays unused.
func (s *Service) ConfirmPetitionSignature(ctx context.Context, petitionID, token string) (*ConfirmedSignature, error) {
	return s.confirmSignature(ctx, petitionID, token)
}

// confirmSignature confirms a token's signature, of petitionID when it is
// not "".
func (s *Service) confirmSignature(ctx context.Context, petitionID, token string) (*ConfirmedSignature, error) {
	if !cortege.ValidTokenShape(token) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	var out *ConfirmedSignature
	err := s.inTx(ctx, func(q *store.Q) error {
		now := s.now()
		id, err := q.UseSignatureToken(ctx, cortege.HashToken(token), now)
		if cortege.IsNotFound(err) {
			// A link followed again (people open their mail twice): the
			// signature it confirmed is shown as it stands.
			id, err = q.UsedSignatureToken(ctx, cortege.HashToken(token), now)
		}
		if cortege.IsNotFound(err) {
			return cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
		} else if err != nil {
			return err
		}
		g, err := q.SignatureByID(ctx, id)
		if err != nil {
			return err
		}
		if petitionID != "" && g.PetitionID != petitionID {
			return cortege.Errorf(cortege.ENOTFOUND, "err.signature.link") // rolls back the token's use
		}
		p, err := q.PetitionByID(ctx, g.PetitionID)
		if err != nil {
			return err
		}
		tok, err := s.linkToken(ctx, q, "petition-withdraw", g.ID)
		if err != nil {
			return err
		}
		out = &ConfirmedSignature{PetitionID: p.ID, SignatureID: g.ID, Counted: g.Counts(), Token: tok}
		if g.Status != cortege.SignatureUnconfirmed {
			return nil
		}
		if !p.Signable(now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition.not_signable")
		}
		moved, err := q.MoveSignature(ctx, g.ID, g.Status, cortege.SignatureConfirmed, now)
		if err != nil || !moved {
			return err
		}
		out.Counted = true
		if err := s.countSignatures(ctx, q, p, map[string]int{g.Departement: 1}, nil); err != nil {
			return err
		}
		if out.Receipt, err = s.logSigned(ctx, q, p.ID, g.ID); err != nil {
			return err
		}
		return s.enqueueReceiptMail(ctx, q, p.ID, g.ID)
	})
	return out, err
}

// signatureByWithdrawToken finds the signature of a withdrawal link.
func (s *Service) signatureByWithdrawToken(ctx context.Context, q *store.Q, token string) (*cortege.Signature, error) {
	if len(token) != 43 || !cortege.ValidTokenShape(token) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	g, err := q.SignatureByWithdrawHash(ctx, cortege.HashToken(token))
	if cortege.IsNotFound(err) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	return g, err
}

// WithdrawalPetition returns the petition a withdrawal link is about and
// whether the signature is withdrawn already: what the page shows before
// the button (GET); the link stays valid for as long as the signature.
func (s *Service) WithdrawalPetition(ctx context.Context, token string) (*cortege.Petition, bool, error) {
	q := s.db.Q()
	g, err := s.signatureByWithdrawToken(ctx, q, token)
	if err != nil {
		return nil, false, err
	}
	p, err := q.PetitionByID(ctx, g.PetitionID)
	return p, g.Status == cortege.SignatureWithdrawn, err
}

// SignerExport is everything kept about one signature, for its signer.
type SignerExport struct {
	PetitionID    string
	PetitionTitle string
	Signature     *cortege.Signature // with its consents
}

// ExportSignature returns, to whoever holds the withdrawal link of a
// signature (its signer: the link is in every mail), all that is kept
// about it.
func (s *Service) ExportSignature(ctx context.Context, token string) (*SignerExport, error) {
	q := s.db.Q()
	g, err := s.signatureByWithdrawToken(ctx, q, token)
	if err != nil {
		return nil, err
	}
	if g, err = q.SignatureByID(ctx, g.ID); err != nil {
		return nil, err
	}
	p, err := q.PetitionByID(ctx, g.PetitionID)
	if err != nil {
		return nil, err
	}
	return &SignerExport{PetitionID: p.ID, PetitionTitle: p.Title, Signature: g}, nil
}

// WithdrawSignature withdraws the signature of a withdrawal link (POST):
// it leaves the count at once, and the signer's name, address, postal code,
// comment and consents are erased. Withdrawing twice is not an error.
func (s *Service) WithdrawSignature(ctx context.Context, token string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		g, err := s.signatureByWithdrawToken(ctx, q, token)
		if err != nil || g.Status == cortege.SignatureWithdrawn {
			return err
		}
		moved, err := q.WithdrawSignature(ctx, g.ID, g.Status, s.now())
		if err != nil || !moved || g.Status != cortege.SignatureConfirmed {
			return err
		}
		p, err := q.PetitionByID(ctx, g.PetitionID)
		if err != nil {
			return err
		}
		online, paper := bySource(g, -1)
		if err := s.countSignatures(ctx, q, p, online, paper); err != nil {
			return err
		}
		return s.logWithdrawn(ctx, q, p.ID, g.ID)
	})
}

// bySource returns the (online, paper) counts by département of one
// signature, for countSignatures.
func bySource(g *cortege.Signature, n int) (online, paper map[string]int) {
	if g.Source == cortege.SourcePaper {
		return nil, map[string]int{g.Departement: n}
	}
	return map[string]int{g.Departement: n}, nil
}
