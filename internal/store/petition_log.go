package store

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ledger"
)

// LogHead is one signed head of a petition's log.
type LogHead struct {
	Size     int64
	SignedAt time.Time
	Note     string
}

// PetitionLogForAppend returns the state of a petition's log for an
// append in this transaction (making the empty log first; on PostgreSQL
// the row stays locked until the transaction ends, so appends take turns).
func (q *Q) PetitionLogForAppend(ctx context.Context, petitionID, origin string, now time.Time) (ledger.State, error) {
	empty, _ := ledger.NewState(origin).MarshalBinary()
	if _, err := q.exec(ctx, "EnsurePetitionLog", petitionID, empty, ms(now)); err != nil {
		return ledger.State{}, err
	}
	var b []byte
	if err := q.get(ctx, "PetitionLogForAppend", []any{petitionID}, &b); err != nil {
		return ledger.State{}, err
	}
	return ledger.UnmarshalState(origin, b)
}

// PetitionLogState returns the state of a petition's log and the size of
// its latest signed head; an empty state when nothing was appended.
func (q *Q) PetitionLogState(ctx context.Context, petitionID, origin string) (ledger.State, int64, error) {
	var b []byte
	var headed int64
	err := q.get(ctx, "PetitionLogState", []any{petitionID}, &b, &headed)
	if cortege.IsNotFound(err) {
		return ledger.NewState(origin), 0, nil
	} else if err != nil {
		return ledger.State{}, 0, err
	}
	s, err := ledger.UnmarshalState(origin, b)
	return s, headed, err
}

// AppendPetitionLog stores entry e and the state after it.
func (q *Q) AppendPetitionLog(ctx context.Context, petitionID string, e ledger.Entry, after ledger.State, now time.Time) error {
	revokes := int64(-1)
	if e.Kind == ledger.KindRevoke {
		revokes = e.Revokes
	}
	if _, err := q.exec(ctx, "AddPetitionLogEntry", petitionID, e.N, string(e.Kind), e.Prev[:], e.Commitment[:], revokes); err != nil {
		return err
	}
	b, _ := after.MarshalBinary()
	_, err := q.exec(ctx, "SetPetitionLogState", b, after.Size, ms(now), petitionID)
	return err
}

// PetitionLogEntries calls fn with the entries of a petition's log in
// order, from position 0 below size, reading a page at a time.
func (q *Q) PetitionLogEntries(ctx context.Context, petitionID string, size int64, fn func(ledger.Entry) error) error {
	const page = 2000
	after := int64(-1)
	for after+1 < size {
		rows, err := q.query(ctx, "PetitionLogEntries", petitionID, after, size, page)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			var e ledger.Entry
			var kind string
			var prev, c []byte
			if err := rows.Scan(&e.N, &kind, &prev, &c, &e.Revokes); err != nil {
				rows.Close()
				return err
			}
			e.Kind = ledger.Kind(kind)
			copy(e.Prev[:], prev)
			copy(e.Commitment[:], c)
			if e.Kind != ledger.KindRevoke {
				e.Revokes = 0
			}
			if err := fn(e); err != nil {
				rows.Close()
				return err
			}
			after, n = e.N, n+1
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n < page {
			break
		}
	}
	return nil
}

// SetSignatureLogPosition records the position of a signature's sign entry.
func (q *Q) SetSignatureLogPosition(ctx context.Context, signatureID string, n int64) error {
	_, err := q.exec(ctx, "SetSignatureLogPosition", n, signatureID)
	return err
}

// SignatureLogPosition returns the position of a signature's sign entry,
// -1 when it has none.
func (q *Q) SignatureLogPosition(ctx context.Context, signatureID string) (int64, error) {
	var n int64
	err := q.get(ctx, "SignatureLogPosition", []any{signatureID}, &n)
	return n, err
}

// PetitionLogToHead is a log grown since its latest signed head.
type PetitionLogToHead struct {
	PetitionID string
	State      []byte
}

// PetitionLogsToHead lists, up to limit, the logs grown since their
// latest signed head.
func (q *Q) PetitionLogsToHead(ctx context.Context, limit int) ([]PetitionLogToHead, error) {
	rows, err := q.query(ctx, "PetitionLogsToHead", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PetitionLogToHead
	for rows.Next() {
		var l PetitionLogToHead
		if err := rows.Scan(&l.PetitionID, &l.State); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AddPetitionLogHead stores a signed head and moves the log's latest
// head to its size.
func (q *Q) AddPetitionLogHead(ctx context.Context, petitionID string, h LogHead) error {
	if _, err := q.exec(ctx, "AddPetitionLogHead", petitionID, h.Size, ms(h.SignedAt), h.Note); err != nil {
		return err
	}
	_, err := q.exec(ctx, "SetPetitionLogHeaded", h.Size, petitionID, h.Size)
	return err
}

// PetitionLogHeads returns the signed heads of a log in order of size.
func (q *Q) PetitionLogHeads(ctx context.Context, petitionID string) ([]LogHead, error) {
	rows, err := q.query(ctx, "PetitionLogHeads", petitionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogHead
	for rows.Next() {
		var h LogHead
		var at int64
		if err := rows.Scan(&h.Size, &at, &h.Note); err != nil {
			return nil, err
		}
		h.SignedAt = fromMS(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// DeletePetitionLogHead removes a head the thinning no longer keeps.
func (q *Q) DeletePetitionLogHead(ctx context.Context, petitionID string, size int64) error {
	_, err := q.exec(ctx, "DeletePetitionLogHead", petitionID, size)
	return err
}
