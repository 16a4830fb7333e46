package service

import (
	"context"
	"io"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
)

// exportPage is how many signatures the export reads at a time: the file
// is streamed, never held whole in memory.
const exportPage = 500

// SignatureExportColumns are the columns of the organisers' export.
var SignatureExportColumns = []string{"first_name", "last_name", "email", "postal_code", "commune_insee",
	"departement", "source", "confirmed_at", "consent_wording", "consent_at"}

// SignatureExport is a petition's signatures as its organisers may take
// them away: only the confirmed signers who agreed to hear from the
// organising groups (consent group_news), and of them only what that
// consent needs (name, address, postal code, commune, département, how
// and when they signed, and the consent's exact wording and time). A
// signer who agreed only to the petition's own news is not in it: that
// news goes out through Cortège, which needs no list in anyone's hands.
// Comments, the choice to show one's name, the network hash and the
// account are never exported.
type SignatureExport struct {
	Petition *cortege.Petition
	s        *Service
}

// ExportSignatures checks that the actor organises the petition and
// returns its export, to be written with WriteCSV.
func (s *Service) ExportSignatures(ctx context.Context, a cortege.Actor, petitionID string) (*SignatureExport, error) {
	p, err := s.organiserView(ctx, s.db.Q(), a, petitionID)
	if err != nil {
		return nil, err
	}
	return &SignatureExport{Petition: p, s: s}, nil
}

// WriteCSV streams the export to w, a page of signatures at a time: UTF-8
// with a byte-order mark, CRLF, every cell that a spreadsheet would take
// for a formula (= + - @, tab, CR) prefixed with an apostrophe.
func (x *SignatureExport) WriteCSV(ctx context.Context, w io.Writer) error {
	cw := csvimport.NewWriter(w)
	if err := cw.Write(SignatureExportColumns...); err != nil {
		return err
	}
	after := ""
	for {
		page, err := x.s.db.Q().SignaturesForOrganisers(ctx, x.Petition.ID, after, exportPage)
		if err != nil {
			return err
		}
		for _, g := range page {
			if err := cw.Write(g.FirstName, g.LastName, g.Email, g.Postal, g.INSEE, g.Departement, g.Source,
				localTime(g.ConfirmedAt, petitionDayZone), g.Wording, localTime(g.ConsentAt, petitionDayZone)); err != nil {
				return err
			}
			after = g.ID
		}
		if err := cw.Flush(); err != nil {
			return err
		}
		if len(page) < exportPage {
			return nil
		}
	}
}
