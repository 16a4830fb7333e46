package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// AddSignOff writes a line of a vote's sign-in sheet; a voter already on
// it is ECONFLICT.
func (q *Q) AddSignOff(ctx context.Context, s cortege.SignOff) error {
	_, err := q.exec(ctx, "AddSignOff", s.ConsultationID, s.VoterKey, s.Channel, s.Day)
	return err
}

// HasSignedOff reports whether a voter is on a vote's sheet.
func (q *Q) HasSignedOff(ctx context.Context, consultationID, voterKey string) (bool, error) {
	var ch string
	err := q.get(ctx, "HasSignedOff", []any{consultationID, voterKey}, &ch)
	if cortege.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// CountSignOffs counts the lines of a vote's sheet.
func (q *Q) CountSignOffs(ctx context.Context, consultationID string) (int64, error) {
	var n int64
	return n, q.get(ctx, "CountSignOffs", []any{consultationID}, &n)
}

// AllocateBallot inserts an empty row of the box with its random ID and
// pick key.
func (q *Q) AllocateBallot(ctx context.Context, consultationID, id string, pick int64) error {
	_, err := q.exec(ctx, "AllocateBallot", consultationID, id, pick)
	return err
}

// CountBallotRows returns the rows allocated to a vote's box and how many
// of them are free.
func (q *Q) CountBallotRows(ctx context.Context, consultationID string) (total, free int64, err error) {
	err = q.get(ctx, "CountBallotRows", []any{consultationID}, &total, &free)
	return
}

// PickFreeBallot returns the free row whose pick is the smallest at or
// above pick, wrapping around; ENOTFOUND when the box has no free row.
func (q *Q) PickFreeBallot(ctx context.Context, consultationID string, pick int64) (string, error) {
	var id string
	err := q.get(ctx, "PickFreeBallot", []any{consultationID, pick}, &id)
	if cortege.IsNotFound(err) {
		err = q.get(ctx, "FirstFreeBallot", []any{consultationID}, &id)
	}
	return id, err
}

// StoredBallot is a filled row of the box: Answers is the JSON of the
// ballot's []tally.Answer; Token and Signature (base64url) or CodeHash
// (hex) its proof; Slot tally.SlotOf(token) on token ballots.
type StoredBallot struct {
	ID        string
	Answers   string
	Token     string
	Signature string
	Slot      string
	CodeHash  string
}

// FillBallot fills free row b.ID; ECONFLICT when the slot or code is in
// the box already, ENOTFOUND when the row is not free.
func (q *Q) FillBallot(ctx context.Context, consultationID string, b StoredBallot) error {
	return q.changed(ctx, "FillBallot", b.Answers, nullStr(b.Token), nullStr(b.Signature), nullStr(b.Slot),
		nullStr(b.CodeHash), consultationID, b.ID)
}

// EmptySlot makes the row holding a slot's ballot free again (a re-vote),
// under a new ID and pick key; it reports whether there was one.
func (q *Q) EmptySlot(ctx context.Context, consultationID, slot, newID string, pick int64) (bool, error) {
	n, err := q.execN(ctx, "EmptySlotBallot", newID, pick, consultationID, slot)
	return n > 0, err
}

// SlotTaken reports whether a slot (a token) is in the box.
func (q *Q) SlotTaken(ctx context.Context, consultationID, slot string) (bool, error) {
	var id string
	err := q.get(ctx, "SlotTaken", []any{consultationID, slot}, &id)
	if cortege.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// CastBallots calls fn with every filled row of a vote's box in ID order,
// a page at a time.
func (q *Q) CastBallots(ctx context.Context, consultationID string, fn func(StoredBallot) error) error {
	const page = 2000
	after := ""
	for {
		rows, err := q.query(ctx, "CastBallots", consultationID, after, page)
		if err != nil {
			return err
		}
		var got []StoredBallot
		for rows.Next() {
			var b StoredBallot
			var answers sql.NullString
			if err := rows.Scan(&b.ID, &answers, &b.Token, &b.Signature, &b.Slot, &b.CodeHash); err != nil {
				rows.Close()
				return err
			}
			b.Answers = answers.String
			got = append(got, b)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, b := range got {
			if err := fn(b); err != nil {
				return err
			}
		}
		if len(got) < page {
			return nil
		}
		after = got[len(got)-1].ID
	}
}

// DeleteFreeBallots removes the rows of a vote's box no one filled.
func (q *Q) DeleteFreeBallots(ctx context.Context, consultationID string) error {
	_, err := q.exec(ctx, "DeleteFreeBallots", consultationID)
	return err
}

// AddVoteCode stores an issued invitation code's hash for a slip.
func (q *Q) AddVoteCode(ctx context.Context, consultationID, hash string, batch, slip int) error {
	_, err := q.exec(ctx, "AddVoteCode", consultationID, hash, batch, slip)
	return err
}

// UseVoteCode marks an issued code used; false when it is unknown, used
// or void.
func (q *Q) UseVoteCode(ctx context.Context, consultationID, hash string) (bool, error) {
	n, err := q.execN(ctx, "UseVoteCode", consultationID, hash)
	return n > 0, err
}

// VoteCodeState returns a code's state; ENOTFOUND when it was never
// issued.
func (q *Q) VoteCodeState(ctx context.Context, consultationID, hash string) (string, error) {
	var st string
	return st, q.get(ctx, "VoteCodeState", []any{consultationID, hash}, &st)
}

// VoidVoteSlip voids the issued code of a slip; false when the slip has
// no issued code.
func (q *Q) VoidVoteSlip(ctx context.Context, consultationID string, batch, slip int) (bool, error) {
	n, err := q.execN(ctx, "VoidVoteSlip", consultationID, batch, slip)
	return n > 0, err
}

// VoteSlipExists reports whether a slip was ever printed.
func (q *Q) VoteSlipExists(ctx context.Context, consultationID string, batch, slip int) (bool, error) {
	var n int
	err := q.get(ctx, "VoteSlipExists", []any{consultationID, batch, slip}, &n)
	return n > 0, err
}

// LastVoteBatch returns the number of a vote's latest batch of codes (0
// for none).
func (q *Q) LastVoteBatch(ctx context.Context, consultationID string) (int, error) {
	var n int
	return n, q.get(ctx, "LastVoteBatch", []any{consultationID}, &n)
}

// CountVoteCodes counts a vote's codes by state.
func (q *Q) CountVoteCodes(ctx context.Context, consultationID string) (issued, used, void int64, err error) {
	err = q.get(ctx, "CountVoteCodes", []any{consultationID}, &issued, &used, &void)
	return
}

// BoardCodeHashes calls fn with the hashes the board lists (issued or
// used, not void), ascending.
func (q *Q) BoardCodeHashes(ctx context.Context, consultationID string, fn func(string) error) error {
	rows, err := q.query(ctx, "BoardCodeHashes", consultationID)
	if err != nil {
		return err
	}
	var all []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		all = append(all, h)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, h := range all {
		if err := fn(h); err != nil {
			return err
		}
	}
	return nil
}
