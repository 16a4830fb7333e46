package store

import (
	"context"
	"strconv"

	"codeberg.org/cortege/cortege"
)

// InstanceSettings returns the saved settings over the defaults.
func (q *Q) InstanceSettings(ctx context.Context) (cortege.InstanceSettings, error) {
	s := cortege.DefaultInstanceSettings()
	rows, err := q.query(ctx, "Settings")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "name":
			s.Name = v
		case "description":
			s.Description = v
		case "contact":
			s.Contact = v
		case "registrations":
			s.Registrations = v
		case "default_lang":
			s.DefaultLang = v
		case "group_approval":
			s.GroupApproval = v == "true"
		}
	}
	return s, rows.Err()
}

// PutInstanceSettings saves every setting in one transaction.
func (q *Q) PutInstanceSettings(ctx context.Context, s cortege.InstanceSettings) error {
	return q.InTx(ctx, func(q *Q) error {
		for k, v := range map[string]string{
			"name": s.Name, "description": s.Description, "contact": s.Contact,
			"registrations": s.Registrations, "default_lang": s.DefaultLang,
			"group_approval": strconv.FormatBool(s.GroupApproval),
		} {
			if _, err := q.exec(ctx, "PutSetting", k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Setting returns one instance setting, def when it was never saved.
func (q *Q) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := q.get(ctx, "Setting", []any{key}, &v)
	if cortege.IsNotFound(err) {
		return def, nil
	}
	return v, err
}

// PutSetting saves one instance setting.
func (q *Q) PutSetting(ctx context.Context, key, value string) error {
	_, err := q.exec(ctx, "PutSetting", key, value)
	return err
}

// InitSetting returns a setting, first saving value when it has none: every
// node ends up with the same value (used for the instance's link key).
func (q *Q) InitSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := q.exec(ctx, "InitSetting", key, value); err != nil {
		return "", err
	}
	var v string
	return v, q.get(ctx, "Setting", []any{key}, &v)
}
