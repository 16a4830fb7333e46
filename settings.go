package cortege

import (
	"strings"
	"unicode/utf8"
)

// Registration modes of an instance.
const (
	RegistrationsOpen     = "open"
	RegistrationsApproval = "approval"
	RegistrationsClosed   = "closed"
)

// InstanceSettings are what an administrator changes in the UI; they live in
// the database so every node sees the same.
type InstanceSettings struct {
	Name          string
	Description   string
	Contact       string
	Registrations string
	DefaultLang   string
	// GroupApproval makes new groups wait for an administrator's approval
	// before they are listed and searchable (their page works meanwhile).
	GroupApproval bool
}

// DefaultInstanceSettings are in force until an administrator saves others.
func DefaultInstanceSettings() InstanceSettings {
	return InstanceSettings{Name: "Cortège", Registrations: RegistrationsOpen, DefaultLang: DefaultLang}
}

// Validate checks and trims the settings.
func (s *InstanceSettings) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	s.Description = strings.TrimSpace(s.Description)
	s.Contact = strings.TrimSpace(s.Contact)
	if s.Name == "" || utf8.RuneCountInString(s.Name) > 80 || strings.ContainsAny(s.Name, "\r\n") {
		return Invalid("name", "err.instance.name")
	}
	if utf8.RuneCountInString(s.Description) > 5000 {
		return Invalid("description", "err.too_long")
	}
	if utf8.RuneCountInString(s.Contact) > 254 {
		return Invalid("contact", "err.too_long")
	}
	switch s.Registrations {
	case RegistrationsOpen, RegistrationsApproval, RegistrationsClosed:
	default:
		return Invalid("registrations", "err.registrations.invalid")
	}
	return CheckLang("default_lang", s.DefaultLang)
}
