package web

import (
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// groupVoucherData is the view model of a group's voucher page.
type groupVoucherData struct {
	*groupView
	Voucher *service.GroupVoucher
	Month   string // "décembre 2026", "December 2026"
	LastDay string // the month's last day, in the reader's date format
	Number  string
	Groups  []string // the code's groups of four, so a narrow screen breaks it between them
}

// handleGroupVoucher shows a group's administrators their signed voucher
// of the month, to give to a system that checks it offline (issue 14,
// Deliver 9). Members are refused, as the service decides.
func (w *Web) handleGroupVoucher(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "settings")
	if err != nil {
		return err
	}
	v, err := w.svc.GroupVoucher(r.Context(), httpx.Actor(r.Context()), g.Group.ID)
	if err != nil {
		return err
	}
	lang := info(r).lang
	last := v.Until.AddDate(0, 0, -1)
	day := last.Format("2006-01-02")
	if lang == "fr" {
		day = last.Format("02/01/2006")
	}
	d := &groupVoucherData{groupView: g, Voucher: v, LastDay: day, Number: strconv.FormatUint(v.Number, 10),
		Month: w.cat.T(lang, "vouchers.month."+strconv.Itoa(int(v.Month.Month)), v.Month.Year)}
	d.Groups = strings.Split(v.Code, "-")
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	return w.renderG(rw, r, http.StatusOK, "group_voucher", "vouchers.page.title", d, nil)
}
