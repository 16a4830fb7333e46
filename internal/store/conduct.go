package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// SetGroupConduct writes a group's code of conduct; an empty text removes
// it.
func (q *Q) SetGroupConduct(ctx context.Context, c *cortege.GroupConduct) error {
	if c.Text == "" {
		_, err := q.exec(ctx, "DeleteGroupConduct", c.GroupID)
		return err
	}
	_, err := q.exec(ctx, "SetGroupConduct", c.GroupID, c.Text, c.Required, nullStr(c.UpdatedBy), ms(c.UpdatedAt))
	return err
}

// GroupConduct returns a group's code of conduct, ENOTFOUND when it has
// none.
func (q *Q) GroupConduct(ctx context.Context, groupID string) (*cortege.GroupConduct, error) {
	var c cortege.GroupConduct
	var at int64
	err := q.stmt(ctx, "GroupConduct").QueryRowContext(ctx, groupID).Scan(&c.GroupID, &c.Text, &c.Required, &c.UpdatedBy, &at)
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	if err != nil {
		return nil, wrap("GroupConduct", err)
	}
	c.UpdatedAt = fromMS(at)
	return &c, nil
}
