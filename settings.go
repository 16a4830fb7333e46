package cortege

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
	var err error
	if s.Name, err = CheckText("name", s.Name, 80, false); err != nil {
		return err
	}
	if s.Name == "" {
		return Invalid("name", "err.instance.name")
	}
	if s.Description, err = CheckText("description", s.Description, 5000, true); err != nil {
		return err
	}
	if s.Contact, err = CheckText("contact", s.Contact, 254, false); err != nil {
		return err
	}
	switch s.Registrations {
	case RegistrationsOpen, RegistrationsApproval, RegistrationsClosed:
	default:
		return Invalid("registrations", "err.registrations.invalid")
	}
	return CheckLang("default_lang", s.DefaultLang)
}
