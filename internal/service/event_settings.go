package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// DefaultTZ is the zone of events when the form gives none.
const DefaultTZ = "Europe/Paris"

// EventSettings are the instance's settings about events.
type EventSettings struct {
	// AnonymousCreation lets people create events with an email address
	// only (on by default).
	AnonymousCreation bool
	// PhotoLicence is shown on participants' photos.
	PhotoLicence string
	// DefaultTZ is the zone new events get when the form gives none.
	DefaultTZ string
}

// EventSettings returns the instance's event settings; anyone may read them.
func (s *Service) EventSettings(ctx context.Context) (EventSettings, error) {
	return s.eventSettings.get(ctx, s.gen, s.readEventSettings)
}

func (s *Service) readEventSettings(ctx context.Context) (EventSettings, error) {
	q := s.db.Q()
	anon, err := q.Setting(ctx, instanceSettingAnon, "true")
	if err != nil {
		return EventSettings{}, err
	}
	lic, err := q.Setting(ctx, instanceSettingLicence, cortege.DefaultPhotoLicence)
	if err != nil {
		return EventSettings{}, err
	}
	tz, err := q.Setting(ctx, instanceSettingTZ, DefaultTZ)
	if err != nil {
		return EventSettings{}, err
	}
	return EventSettings{AnonymousCreation: anon != "false", PhotoLicence: lic, DefaultTZ: tz}, nil
}

// SetEventSettings saves the event settings; administrators only.
func (s *Service) SetEventSettings(ctx context.Context, a cortege.Actor, es EventSettings) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	es.PhotoLicence = strings.TrimSpace(es.PhotoLicence)
	if es.PhotoLicence == "" {
		es.PhotoLicence = cortege.DefaultPhotoLicence
	}
	if err := cortege.CheckChars("photo_licence", es.PhotoLicence, false); err != nil {
		return err
	}
	if len(es.PhotoLicence) > 200 {
		return cortege.Invalid("photo_licence", "err.too_long")
	}
	if es.DefaultTZ == "" {
		es.DefaultTZ = DefaultTZ
	}
	if _, err := cortege.LoadLocation(es.DefaultTZ); err != nil || es.DefaultTZ == "Local" {
		return cortege.Invalid("default_tz", "err.event.tz_invalid")
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		anon := "true"
		if !es.AnonymousCreation {
			anon = "false"
		}
		if err := q.PutSetting(ctx, instanceSettingAnon, anon); err != nil {
			return err
		}
		if err := q.PutSetting(ctx, instanceSettingTZ, es.DefaultTZ); err != nil {
			return err
		}
		return q.PutSetting(ctx, instanceSettingLicence, es.PhotoLicence)
	})
}

// linkToken derives the secret of an emailed link or ticket from the
// instance's link key: purpose and object ID in, 256 bits out. Nothing
// usable sits in the database or the job queue (only hashes), yet every
// mail can carry the same working link. The key lives in the data
// directory (Config.LinkKey), not in the database, so a copy of the
// database alone forges no link.
func (s *Service) linkToken(ctx context.Context, q *store.Q, purpose, id string) (string, error) {
	key := s.cfg.LinkKey
	if len(key) == 0 {
		// Only tests build a service without a key file.
		k, err := q.InitSetting(ctx, instanceSettingLinkKey, cortege.NewToken())
		if err != nil {
			return "", err
		}
		key = []byte(k)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + ":" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// checkLinkToken reports whether token is the one linkToken gives.
func (s *Service) checkLinkToken(ctx context.Context, q *store.Q, purpose, id, token string) bool {
	want, err := s.linkToken(ctx, q, purpose, id)
	return err == nil && hmac.Equal([]byte(want), []byte(token))
}
