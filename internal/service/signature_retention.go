package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"

	"codeberg.org/cortege/cortege/internal/store"
)

// eraseSigner erases, with a deleted account, what identifies the
// signatures its profile made: names, address, postal code, comment,
// network, consents, the link to the account. They still count (the
// person did sign), and each keeps a keyed hash of its canonical address
// in place of the address, so the same mailbox cannot sign again.
func (s *Service) eraseSigner(ctx context.Context, q *store.Q, profileID string) error {
	sigs, err := q.SignaturesOfProfile(ctx, profileID)
	if err != nil {
		return err
	}
	for _, g := range sigs {
		if err := q.EraseSigner(ctx, g.ID, s.erasedKey(g.EmailKey)); err != nil {
			return err
		}
	}
	return nil
}

// erasedKey is what an erased signer keeps of their canonical address: a
// keyed hash, "" for none.
func (s *Service) erasedKey(emailKey string) string {
	if emailKey == "" {
		return ""
	}
	m := hmac.New(sha256.New, append([]byte("petition-erased-signer:"), s.cfg.LinkKey...))
	m.Write([]byte(emailKey))
	return "erased:" + hex.EncodeToString(m.Sum(nil))
}
