package store

import "context"

// DayCount is one calendar day of a petition's counter: the confirmed
// signatures gained online and on paper that day, and those that left the
// count (withdrawn, invalidated) that day.
type DayCount struct {
	Day         string // YYYY-MM-DD
	AddedOnline int
	AddedPaper  int
	Removed     int
}

// AddPetitionDayCounts moves one day of a petition's counter, in the
// transaction that moves the counter itself (after AddPetitionCounts,
// whose row lock orders the writers).
func (q *Q) AddPetitionDayCounts(ctx context.Context, petitionID string, d DayCount) error {
	_, err := q.exec(ctx, "AddPetitionDayCounts", petitionID, d.Day, d.AddedOnline, d.AddedPaper, d.Removed)
	return err
}

// PetitionDayCounts returns a petition's counter by day, oldest first.
func (q *Q) PetitionDayCounts(ctx context.Context, petitionID string) ([]DayCount, error) {
	rows, err := q.query(ctx, "PetitionDayCounts", petitionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Day, &d.AddedOnline, &d.AddedPaper, &d.Removed); err != nil {
			return nil, wrap("PetitionDayCounts", err)
		}
		out = append(out, d)
	}
	return out, wrap("PetitionDayCounts", rows.Err())
}
