package service

import (
	"context"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// UpdateSettings saves the instance settings; administrators only.
func (s *Service) UpdateSettings(ctx context.Context, a cortege.Actor, set cortege.InstanceSettings) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if err := set.Validate(); err != nil {
		return err
	}
	return s.db.Q().PutInstanceSettings(ctx, set)
}

// AccountPage is one page of the administrators' account list.
type AccountPage struct {
	Accounts []*cortege.Account
	Page     int
	More     bool
}

// accountsPerPage is the length of an admin list page.
const accountsPerPage = 50

// Accounts lists accounts matching text; administrators only.
func (s *Service) Accounts(ctx context.Context, a cortege.Actor, text string, page int) (*AccountPage, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	accs, err := s.db.Q().SearchAccounts(ctx, text, accountsPerPage+1, (page-1)*accountsPerPage)
	if err != nil {
		return nil, err
	}
	p := &AccountPage{Page: page}
	if len(accs) > accountsPerPage {
		accs, p.More = accs[:accountsPerPage], true
	}
	p.Accounts = accs
	return p, nil
}

// SetAccountStatus suspends, reactivates or approves an account;
// administrators only, and never their own.
func (s *Service) SetAccountStatus(ctx context.Context, a cortege.Actor, id, status string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	switch status {
	case cortege.AccountActive, cortege.AccountSuspended:
	default:
		return cortege.Invalid("status", "err.status.invalid")
	}
	if id == a.Account.ID {
		return cortege.Errorf(cortege.ECONFLICT, "err.account.self")
	}
	return s.inTx(ctx, func(q *store.Q) error {
		acc, err := q.AccountByID(ctx, id)
		if err != nil {
			return err
		}
		acc.Status = status
		if err := q.UpdateAccount(ctx, acc); err != nil {
			return err
		}
		if status == cortege.AccountSuspended {
			// Sessions and API tokens alike: reactivating the account
			// must not bring back access it had while suspended.
			return revokeAccountAccess(ctx, q, id)
		}
		return nil
	})
}

// AdminDeleteAccount erases another account; administrators only.
func (s *Service) AdminDeleteAccount(ctx context.Context, a cortege.Actor, id string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if id == a.Account.ID {
		return cortege.Errorf(cortege.ECONFLICT, "err.account.self")
	}
	return s.eraseAccount(ctx, id)
}

// CreateAdmin creates an administrator account for email, or promotes the
// existing one, and returns a one-time sign-in URL. It is for the operator
// at the command line, who needs no actor.
func (s *Service) CreateAdmin(ctx context.Context, email, name string) (string, error) {
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return "", err
	}
	var link string
	err = s.inTx(ctx, func(q *store.Q) error {
		acc, err := q.AccountByEmail(ctx, email)
		if cortege.IsNotFound(err) {
			set, err := q.InstanceSettings(ctx)
			if err != nil {
				return err
			}
			acc, err = s.createAccount(ctx, q, email, name, cortege.RoleAdmin, cortege.AccountActive, set.DefaultLang)
			if err != nil {
				return err
			}
		} else if err != nil {
			return err
		} else {
			acc.Role, acc.Status = cortege.RoleAdmin, cortege.AccountActive
			if err := q.UpdateAccount(ctx, acc); err != nil {
				return err
			}
		}
		link, err = s.issueLoginToken(ctx, q, cortege.TokenLogin, acc.Email, acc.ID, acc.Lang)
		return err
	})
	return link, err
}

// CreateTokenFor makes an API token with every scope the account holds
// for the account of email, creating an active account when there is
// none. It is for the operator at the command line (scripts and tests),
// who needs no actor. Nobody signs in to an account made here to be asked
// for a public name, so the operator's choice stands: who (a name and
// handle) when given, else the neutral suggestion; an existing account
// that has still to choose takes who too.
func (s *Service) CreateTokenFor(ctx context.Context, email, label string, who IdentityInput) (string, error) {
	return s.CreateTokenWith(ctx, email, TokenInput{Label: label}, who)
}

// CreateTokenWith is CreateTokenFor with the token's scopes and expiry
// (cortege token create --scope --expires).
func (s *Service) CreateTokenWith(ctx context.Context, email string, in TokenInput, who IdentityInput) (string, error) {
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return "", err
	}
	if who.Handle != "" && who.DisplayName == "" {
		who.DisplayName = strings.TrimPrefix(who.Handle, "@")
	}
	var acc *cortege.Account
	err = s.inTx(ctx, func(q *store.Q) error {
		acc, err = q.AccountByEmail(ctx, email)
		if cortege.IsNotFound(err) {
			set, err2 := q.InstanceSettings(ctx)
			if err2 != nil {
				return err2
			}
			acc, err = s.createAccount(ctx, q, email, "", cortege.RoleUser, cortege.AccountActive, set.DefaultLang)
			if err != nil || who.Handle != "" {
				return err
			}
			acc.Identity = cortege.IdentityChosen
			return q.SetAccountIdentity(ctx, acc.ID, cortege.IdentityChosen)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	if who.Handle != "" && acc.NeedsIdentity() {
		if _, err := s.ChooseIdentity(ctx, cortege.Actor{Account: acc, IP: "cli"}, who); err != nil {
			return "", err
		}
	}
	if in.Label == "" {
		in.Label = "cli"
	}
	secret, _, err := s.CreateAPIToken(ctx, cortege.Actor{Account: acc, IP: "cli"}, in)
	return secret, err
}

// Account returns one account with its profiles, for the administrators'
// page about it; administrators only.
func (s *Service) Account(ctx context.Context, a cortege.Actor, id string) (*cortege.Account, []*cortege.Profile, error) {
	if err := requireAdmin(a); err != nil {
		return nil, nil, err
	}
	q := s.db.Q()
	acc, err := q.AccountByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ps, err := q.ProfilesByAccount(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return acc, ps, nil
}

// SetGroupApproval changes only the instance setting "new groups need
// approval before being listed"; instance administrators only.
func (s *Service) SetGroupApproval(ctx context.Context, a cortege.Actor, on bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	q := s.db.Q()
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	set.GroupApproval = on
	return q.PutInstanceSettings(ctx, set)
}
