package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/tally"
)

// A re-vote key is a member's blind token and its signature joined in one
// string the voter can copy or save, to cast another ballot on a vote
// that allows re-voting (docs/votes_web.md): "TOKEN.SIGNATURE", both in
// base64url without padding (RFC 4648 §5), as the board writes them. It
// names no one; whoever holds it may replace the ballot until the closing.

// maxRevoteKey bounds a key as typed: a 64-byte token and a signature of
// a key up to 8192 bits are 86 + 1 + 1366 characters.
const maxRevoteKey = 2048

// parseRevoteKey splits a re-vote key into its token and signature, both
// written back in canonical base64url for Cast. Spaces and line breaks
// (a key pasted from a mail or a file) are ignored, and so is padding.
// It checks the form only: the signature is verified by Cast, against
// the vote's key.
func parseRevoteKey(s string) (token, signature string, err error) {
	bad := cortege.Invalid("key", "revote.err.key_malformed")
	if len(s) > 4*maxRevoteKey {
		return "", "", bad
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '\u00a0':
			return -1
		}
		return r
	}, s)
	if len(s) > maxRevoteKey {
		return "", "", bad
	}
	t, sig, ok := strings.Cut(s, ".")
	if !ok || strings.Contains(sig, ".") {
		return "", "", bad
	}
	enc := base64.RawURLEncoding
	tb, err1 := enc.DecodeString(strings.TrimRight(t, "="))
	sb, err2 := enc.DecodeString(strings.TrimRight(sig, "="))
	if err1 != nil || err2 != nil || len(tb) == 0 || len(tb) > tally.MaxTokenBytes || len(sb) == 0 {
		return "", "", bad
	}
	return enc.EncodeToString(tb), enc.EncodeToString(sb), nil
}

// revoteKey joins a token and its signature (base64url) into a key.
func revoteKey(token, signature string) string { return token + "." + signature }

// keyRefusal words a refused cast made with a re-vote key next to the key
// field: a signature that does not verify (a key altered, or of another
// vote) and a token already used on a vote without re-voting say so in
// the key's terms; anything else stays as Cast said it.
func keyRefusal(err error) error {
	e := cortege.ErrorOf(err)
	if e == nil {
		return err
	}
	switch {
	case e.Message == "err.vote.token_invalid":
		return cortege.Invalid("key", "revote.err.key_invalid")
	case e.Message == "err.vote.token_used":
		return &cortege.Error{Code: cortege.ECONFLICT, Field: "key", Message: "revote.err.not_allowed"}
	}
	return err
}

// revoteRefused shows the re-vote form again after a refused cast that
// came with a key (no JavaScript): the ballot as it was filled, the key
// as typed, and the message next to the key or the question it names.
// The cast runs without the session, so the page is the one an
// anonymous reader may see; a vote they may not see (a private group's)
// answers the message alone, and so does a vote without re-voting (no
// second ballot to offer).
func (w *Web) revoteRefused(rw http.ResponseWriter, r *http.Request, posted url.Values, errs ballotErrors, err error) error {
	e := cortege.ErrorOf(err)
	d, derr := w.votePage(r)
	if derr != nil || !d.Accepting || d.C.Audience != cortege.AudienceMembers || !d.C.Revote {
		w.errorPage(rw, r, httpx.Status(e.Code), e.Message)
		return nil
	}
	lang := info(r).lang
	if errs == nil {
		errs = ballotErrors{}
	}
	if e.Field != "" && e.Field != "answers" && e.Field != "key" && errs[e.Field] == "" {
		errs[e.Field] = e.Message
	}
	d.SignIn, d.SignedOff = "", true
	d.Revote = true
	d.Ballot = w.newBallotView(lang, d.V.Questions, posted, errs)
	d.Key = truncate(posted.Get("key"), maxRevoteKey)
	msg := w.cat.T(lang, e.Message)
	if e.Field == "key" || e.Field == "token" || e.Field == "proof" || e.Code == cortege.ECONFLICT {
		d.KeyErr = msg
	} else if k := posted.Get("key"); strings.TrimSpace(k) != "" {
		// The ballot was refused first: say what is wrong with the key too.
		if _, _, kerr := parseRevoteKey(k); kerr != nil {
			d.KeyErr = w.cat.T(lang, cortege.ErrorOf(kerr).Message)
		}
	}
	f := &form{Name: "ballot", Values: map[string]string{}, Errors: map[string]string{}, Summary: []string{msg}}
	return w.renderVote(rw, r, httpx.Status(e.Code), d, f)
}
