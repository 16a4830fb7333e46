package web

import (
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleAdminSettings shows the instance settings form.
func (w *Web) handleAdminSettings(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "admin", "admin.title", nil, nil)
}

// handleAdminSettingsSave saves the instance settings.
func (w *Web) handleAdminSettingsSave(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "settings", "name", "description", "contact", "registrations", "default_lang")
	var set cortege.InstanceSettings
	if err == nil {
		// Start from the saved settings so those this form does not show
		// (set on other pages) keep their values.
		set, err = w.svc.Settings(r.Context())
	}
	if err == nil {
		set.Name, set.Description, set.Contact = f.V("name"), f.V("description"), f.V("contact")
		set.Registrations, set.DefaultLang = f.V("registrations"), f.V("default_lang")
		err = w.svc.UpdateSettings(r.Context(), httpx.Actor(r.Context()), set)
	}
	if err != nil {
		return w.formPage(rw, r, "admin", "admin.title", nil, f, err)
	}
	return w.redirect(rw, r, "/admin?ok=settings")
}

// accountsData is the view model of the account list.
type accountsData struct {
	Query string
	Page  *service.AccountPage
	Prev  string // link to the previous page, "" on the first
	Next  string // link to the next page, "" on the last
	Self  string // the administrator's own account id
}

// handleAdminAccounts searches and pages through accounts.
func (w *Web) handleAdminAccounts(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if len(text) > 200 {
		text = text[:200]
	}
	n, _ := strconv.Atoi(q.Get("page"))
	if n < 1 || n > 100000 {
		n = 1
	}
	a := httpx.Actor(r.Context())
	pg, err := w.svc.Accounts(r.Context(), a, text, n)
	if err != nil {
		return err
	}
	d := &accountsData{Query: text, Page: pg, Self: a.Account.ID}
	link := func(p int) string {
		return "/admin/accounts?q=" + urlQueryEscape(text) + "&page=" + strconv.Itoa(p)
	}
	if pg.Page > 1 {
		d.Prev = link(pg.Page - 1)
	}
	if pg.More {
		d.Next = link(pg.Page + 1)
	}
	return w.render(rw, r, http.StatusOK, "admin_accounts", "admin.accounts.title", d, nil)
}

// accountData is the view model of one account's admin page.
type accountData struct {
	Account  *cortege.Account
	Profiles []*cortege.Profile
	Self     bool
}

func (w *Web) accountData(r *http.Request) (*accountData, error) {
	a := httpx.Actor(r.Context())
	acc, ps, err := w.svc.Account(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return &accountData{Account: acc, Profiles: ps, Self: acc.ID == a.Account.ID}, nil
}

// handleAdminAccount shows one account and what can be done to it.
func (w *Web) handleAdminAccount(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.accountData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "admin_account", "admin.account.title", d, nil)
}

// handleAdminAccountStatus suspends, reactivates or approves an account.
func (w *Web) handleAdminAccountStatus(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.accountData(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "status", "status")
	if err == nil {
		err = w.svc.SetAccountStatus(r.Context(), httpx.Actor(r.Context()), d.Account.ID, f.V("status"))
	}
	if err != nil {
		return w.formPage(rw, r, "admin_account", "admin.account.title", d, f, err)
	}
	return w.redirect(rw, r, "/admin/accounts/"+d.Account.ID+"?ok=status")
}

// handleAdminAccountDeleteForm asks to confirm an account's deletion.
func (w *Web) handleAdminAccountDeleteForm(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.accountData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "admin_account_delete", "admin.delete.title", d, nil)
}

// handleAdminAccountDelete erases an account once the box is ticked.
func (w *Web) handleAdminAccountDelete(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.accountData(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "delete", "confirm")
	if err == nil && f.V("confirm") != "yes" {
		err = invalid("confirm", "err.confirm.required")
	}
	if err == nil {
		err = w.svc.AdminDeleteAccount(r.Context(), httpx.Actor(r.Context()), d.Account.ID)
	}
	if err != nil {
		return w.formPage(rw, r, "admin_account_delete", "admin.delete.title", d, f, err)
	}
	return w.redirect(rw, r, "/admin/accounts?ok=account_deleted")
}
