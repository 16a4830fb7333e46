package cli

import (
	"fmt"
	"math/rand/v2"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The demo's petitions: a local one in Lyon, written on behalf of the
// cycling group and linked to its Vélorution; a national one signed a few
// hundred times across France, with comments, a withdrawal, paper
// signatures and news to its signers.
type demoPetition struct {
	Key, Owner, Group string
	In                service.PetitionInput
	Signers           int
	Paper             int
	Gathering         string // title of the demo event linked to it
	Update            [2]string
}

var demoPetitions = []demoPetition{
	{
		Key: "ligne12", Owner: "camille", Group: "velo", Signers: 42, Gathering: "Vélorution pour le climat",
		In: service.PetitionInput{
			Title:     "Une piste cyclable protégée sur le cours Gambetta",
			Addressee: "Le président de la Métropole de Lyon",
			Goal:      500, Scope: cortege.ScopeLocal, Place: "69387", Tags: []string{"vélo", "sécurité"},
			Text: `Chaque jour, des centaines de cyclistes empruntent le **cours Gambetta** entre la Guillotière et Saxe-Gambetta, coincés entre les bus et les voitures stationnées.

Nous demandons à la Métropole :
- une **piste cyclable séparée de la circulation** sur toute la longueur du cours ;
- des arceaux de stationnement à chaque station de tram ;
- un calendrier des travaux rendu public avant l'été.

Signez, puis venez à la Vélorution : nous remettrons la pétition en fin de parcours.`,
		},
		Update: [2]string{"Remise de la pétition", "Nous remettrons les signatures en fin de Vélorution, place Bellecour. Venez nombreuses et nombreux !"},
	},
	{
		Key: "trains", Owner: "mathieu", Group: "alternatiba", Signers: 320, Paper: 25,
		In: service.PetitionInput{
			Title:     "Pour le retour des trains de nuit partout en France",
			Addressee: "Le ministre chargé des Transports",
			Goal:      10000, Scope: cortege.ScopeNational, Tags: []string{"climat", "transports"},
			Text: `Le train de nuit permet de traverser le pays en dormant, sans avion ni voiture. Les lignes fermées depuis 2016 doivent rouvrir.

Nous demandons **un plan de réouverture des lignes de nuit** d'ici 2030, avec du matériel neuf et des tarifs accessibles.`,
			FundraisingURL: "https://dons.example.org/trains-de-nuit",
		},
		Update: [2]string{"Déjà des centaines de signatures", "Merci ! Prochaine étape : une lettre ouverte aux parlementaires. Partagez la pétition autour de vous."},
	},
}

// demoPostals are postal codes across France the national petition's
// signers live at.
var demoPostals = []string{"75011", "75018", "69007", "69003", "13001", "13006", "31000", "33000", "44000", "59000", "67000", "35000", "34000", "06000", "21000", "29200", "63000", "76000", "97400", "20000"}

var demoFirstNames = []string{"Anne", "Bruno", "Claire", "David", "Élise", "Farid", "Gaëlle", "Hélène", "Issa", "Jeanne", "Karim", "Lucie", "Marc", "Nadia", "Olivier", "Pauline", "Quentin", "Rose", "Samir", "Théo", "Ursule", "Victor", "Yasmine", "Zoé"}

var demoLastNames = []string{"Bernard", "Dubois", "Durand", "Fontaine", "Garcia", "Girard", "Lambert", "Lefebvre", "Mercier", "Moreau", "Nguyen", "Petit", "Robin", "Roux", "Simon"}

var demoComments = []string{"Je prends le train de nuit depuis vingt ans : il faut le sauver.", "Pour nos enfants et pour le climat.",
	"Enfin une pétition utile !", "Paris–Briançon en dormant, c'est possible.", "Je signe et je partage."}

// createPetitions writes the demo's petitions and their signatures: each
// signer signs without an account and follows the link mailed to them,
// as on the site; then a signed head covers each log.
func (d *demo) createPetitions() error {
	d.at(time.Time{})
	r := rand.New(rand.NewPCG(13, 2026))
	for _, dp := range demoPetitions {
		in := dp.In
		in.GroupID = d.groups[dp.Group].ID
		p, err := d.svc.CreatePetition(d.ctx, d.who(dp.Owner), in)
		if err != nil {
			return fmt.Errorf("%s: %w", dp.Key, err)
		}
		if _, err := d.svc.PublishPetition(d.ctx, d.who(dp.Owner), p.ID); err != nil {
			return err
		}
		if dp.Gathering != "" {
			if err := d.linkGathering(dp, p.ID); err != nil {
				return err
			}
		}
		for i := range dp.Signers {
			if err := d.demoSign(r, dp, p, i); err != nil {
				return fmt.Errorf("%s, signer %d: %w", dp.Key, i, err)
			}
		}
		if err := d.confirmSignatures(p.ID, dp.Key == "trains"); err != nil {
			return err
		}
		if dp.Paper > 0 {
			var rows []service.PaperSignature
			for i := range dp.Paper {
				rows = append(rows, service.PaperSignature{FirstName: demoFirstNames[i%len(demoFirstNames)],
					LastName: demoLastNames[(i*7)%len(demoLastNames)], Postal: demoPostals[(i*3)%len(demoPostals)]})
			}
			if _, err := d.svc.AddPaperSignatures(d.ctx, d.who(dp.Owner), p.ID, rows); err != nil {
				return fmt.Errorf("%s paper: %w", dp.Key, err)
			}
		}
		if _, err := d.svc.PostPetitionUpdate(d.ctx, d.who(dp.Owner), p.ID, dp.Update[0], dp.Update[1]); err != nil {
			return fmt.Errorf("%s update: %w", dp.Key, err)
		}
		d.petitions = append(d.petitions, p)
	}
	if _, err := d.flush(); err != nil {
		return err
	}
	return d.svc.SignPetitionHeads(d.ctx)
}

// linkGathering links the demo event of that title to the petition.
func (d *demo) linkGathering(dp demoPetition, petitionID string) error {
	for _, e := range d.events {
		if e.Title == dp.Gathering {
			return d.svc.LinkEvent(d.ctx, d.who(dp.Owner), service.ByID(e.ID), petitionID)
		}
	}
	return fmt.Errorf("no demo event %q to link", dp.Gathering)
}

// demoSign signs petition p as signer i, without an account, from an
// address of their own.
func (d *demo) demoSign(r *rand.Rand, dp demoPetition, p *cortege.Petition, i int) error {
	in := service.SignInput{
		FirstName: demoFirstNames[r.IntN(len(demoFirstNames))], LastName: demoLastNames[r.IntN(len(demoLastNames))],
		Email:    fmt.Sprintf("signataire.%s.%d@%s", dp.Key, i, demoDomain),
		Postal:   demoPostals[r.IntN(len(demoPostals))],
		ShowName: r.IntN(3) > 0,
		Consents: []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: r.IntN(4) > 0,
			Wording: "Recevoir les nouvelles de cette pétition"}},
	}
	if dp.Scope() == cortege.ScopeLocal {
		in.Postal = "69007"
	}
	if r.IntN(6) == 0 {
		in.Comment = demoComments[r.IntN(len(demoComments))]
	}
	ip := fmt.Sprintf("2001:db8:%x::%x", 0x100*len(dp.Key)+i, 1+i)
	_, err := d.svc.Sign(d.ctx, cortege.Actor{IP: ip}, p.ID, in)
	return err
}

// Scope is the petition's scope.
func (dp demoPetition) Scope() string { return dp.In.Scope }

// confirmSignatures follows the confirmation links mailed to the demo's
// signers; with withdraw, one signer then withdraws, from the link in the
// mail, as anyone may.
func (d *demo) confirmSignatures(petitionID string, withdraw bool) error {
	ms, err := d.flush()
	if err != nil {
		return err
	}
	confirmPath, withdrawPath := "/petitions/"+petitionID+"/confirm", "/petitions/"+petitionID+"/withdraw"
	gone := false
	for _, m := range ms {
		tok := linkToken(m, confirmPath)
		if tok == "" {
			continue
		}
		if _, err := d.svc.ConfirmSignature(d.ctx, tok); err != nil {
			return err
		}
		if withdraw && !gone {
			if wt := linkToken(m, withdrawPath); wt != "" {
				if err := d.svc.WithdrawSignature(d.ctx, wt); err != nil {
					return err
				}
				gone = true
			}
		}
	}
	return nil
}
