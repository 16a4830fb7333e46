package service

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// argon2id parameters (OWASP's recommendation: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	minPassword  = 10
	maxPassword  = 256
)

// hashPassword returns an argon2id PHC string.
func hashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// checkPassword reports whether pw matches a PHC string from hashPassword.
func checkPassword(phc, pw string) bool {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is checked against when the address is unknown, so a wrong
// address and a wrong password take the same time.
var dummyHash = hashPassword("not a password anyone uses")

// SetPassword sets or replaces the actor's password (empty removes it, so
// only magic links sign in).
func (s *Service) SetPassword(ctx context.Context, a cortege.Actor, pw string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	acc := *a.Account
	if pw == "" {
		acc.PasswordHash = ""
	} else {
		if utf8.RuneCountInString(pw) < minPassword {
			return cortege.Invalid("password", "err.password.short")
		}
		if len(pw) > maxPassword {
			return cortege.Invalid("password", "err.password.long")
		}
		acc.PasswordHash = hashPassword(pw)
	}
	return s.db.Q().UpdateAccount(ctx, &acc)
}

// LoginPassword signs in with an address and a password and returns the
// session secret. Unknown address and wrong password give the same error.
func (s *Service) LoginPassword(ctx context.Context, a cortege.Actor, email, pw string) (string, *cortege.Account, error) {
	return s.LoginPasswordTo(ctx, a, email, pw, cortege.DefaultLang, "")
}

// LoginPasswordTo is LoginPassword with the language of the page and the
// local path for the sign-in link mailed instead of checking the password
// when the address is far past its ceiling of failures and this IP failed
// for it (err.password.use_link; see passwordGate).
func (s *Service) LoginPasswordTo(ctx context.Context, a cortege.Actor, email, pw, lang, next string) (string, *cortege.Account, error) {
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return "", nil, err
	}
	if pw == "" {
		return "", nil, cortege.Invalid("password", "err.password.required")
	}
	if len(pw) > maxPassword {
		return "", nil, cortege.Invalid("password", "err.password.wrong")
	}
	useLink, err := s.passwordGate(ctx, a, email)
	if err != nil {
		return "", nil, err
	}
	if useLink {
		if !cortege.ValidLang(lang) {
			lang = cortege.DefaultLang
		}
		if err := s.mailLink(ctx, email, loginMailJob{Email: email, Lang: lang, Next: cortege.SafeLocalPath(next)}); err != nil {
			return "", nil, err
		}
		return "", nil, cortege.Invalid("password", "err.password.use_link")
	}
	acc, err := s.db.Q().AccountByEmail(ctx, email)
	if err != nil && !cortege.IsNotFound(err) {
		return "", nil, err
	}
	hash := dummyHash
	if acc != nil && acc.PasswordHash != "" {
		hash = acc.PasswordHash
	}
	if !checkPassword(hash, pw) || hash == dummyHash {
		if err := s.passwordFailed(ctx, a, email); err != nil {
			return "", nil, err
		}
		return "", nil, cortege.Invalid("password", "err.password.wrong")
	}
	var secret string
	err = s.inTx(ctx, func(q *store.Q) error {
		secret, err = s.openSession(ctx, q, acc)
		return err
	})
	return secret, acc, err
}
