package cli

import (
	"fmt"
	"io"
	mrand "math/rand/v2"
	"strconv"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The demo's consultation: after its election, the cooperative asks its
// members where to build next, with answers linked to their names (the
// page says so): a choice, a number, a yes/no with a question shown only
// to those who say yes, free text, and an ideas box with supports. It is
// open, two days in.

// coopConsultation writes and opens the cooperative's consultation and
// has a third of its members answer it, some of them submitting or
// supporting ideas.
func (d *demo) coopConsultation(owner cortege.Actor, g *cortege.Group, members []cortege.Actor) error {
	d.at(d.day(-2, 9, 0))
	opens, closes := d.day(-2, 10, 0), d.day(12, 20, 0)
	c, err := d.svc.CreateConsultation(d.ctx, owner, service.ConsultationInput{
		Title: "Nos prochaines toitures : consultation des coopérateur·rices",
		Description: `Le conseil d'administration prépare le programme 2027. Dites-nous où installer les prochains panneaux et comment vous voulez y prendre part.

**Vos réponses sont liées à votre nom** : le conseil les lit et peut vous recontacter. Ce n'est pas un vote secret.`,
		Opens: cortege.WallOf(opens, d.loc), Closes: cortege.WallOf(closes, d.loc), TZ: d.loc.String(),
		Audience: cortege.AudienceMembers, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		return err
	}
	zero, hundred := 0.0, 100.0
	questions := []service.QuestionInput{
		{Title: "Quel site équiper en premier ?", Kind: cortege.QuestionSingle, Blank: true,
			Options: []string{"Gymnase Jean-Moulin", "École des Buers", "Marché couvert"}},
		{Title: "Combien de parts (100 € chacune) prendriez-vous pour ce chantier ?", Kind: cortege.QuestionNumber,
			Number: &cortege.NumberRule{Min: &zero, Max: &hundred}},
		{Title: "Participeriez-vous aux visites de toitures ?", Kind: cortege.QuestionYesNo},
		{Title: "Quels jours êtes-vous disponible ?", Kind: cortege.QuestionText,
			ShowIf: &cortege.QuestionCondition{Question: "q3", Option: 0}},
		{Title: "Vos idées pour la coopérative", Help: "Proposez une idée ou soutenez celles des autres.", Kind: cortege.QuestionIdeas},
	}
	for _, q := range questions {
		if _, err := d.svc.AddQuestion(d.ctx, owner, c.ID, q); err != nil {
			return err
		}
	}
	d.at(opens)
	if _, err := d.svc.OpenConsultation(d.ctx, owner, c.ID); err != nil {
		return err
	}
	r := mrand.New(mrand.NewPCG(27, 2026))
	days := []string{"Le samedi matin", "En semaine après 18 h", "Le mercredi après-midi", "Le dimanche, sauf en été"}
	ideas := []struct{ title, body string }{
		{"Un atelier « lire sa facture »", "Une soirée par trimestre pour comprendre sa facture et ce que produit la coopérative."},
		{"Des panneaux sur les logements sociaux", "Proposer aux bailleurs du quartier des toitures partagées avec les locataires."},
		{"Une visite du site de Villeurbanne pour les écoles", "Les classes pourraient suivre la production en direct."},
	}
	var ideaIDs []string
	for i, a := range members {
		if i%3 != 0 {
			continue
		}
		d.at(opens.Add(time.Duration(r.Int64N(int64(30 * time.Hour)))))
		volunteer := r.IntN(3) == 0
		answers := []cortege.ResponseAnswer{
			{Question: "q1", Choices: []int{[]int{0, 1, 1, 2}[r.IntN(4)]}},
			{Question: "q2", Number: strconv.Itoa([]int{0, 1, 2, 5, 10}[r.IntN(5)])},
			{Question: "q3", Choices: []int{map[bool]int{true: 0, false: 1}[volunteer]}},
		}
		if volunteer {
			answers = append(answers, cortege.ResponseAnswer{Question: "q4", Text: days[r.IntN(len(days))]})
		}
		if _, err := d.svc.Respond(d.ctx, a, c.ID, service.Respondent{}, answers, false); err != nil {
			return err
		}
		switch {
		case len(ideaIDs) < len(ideas) && i%9 == 0:
			idea, err := d.svc.SubmitIdea(d.ctx, a, c.ID, "q5", ideas[len(ideaIDs)].title, ideas[len(ideaIDs)].body)
			if err != nil {
				return err
			}
			ideaIDs = append(ideaIDs, idea.ID)
		case len(ideaIDs) > 0 && r.IntN(2) == 0:
			if err := d.svc.SupportIdea(d.ctx, a, c.ID, ideaIDs[r.IntN(len(ideaIDs))]); err != nil && cortege.ErrorCode(err) != cortege.ECONFLICT {
				return err
			}
		}
	}
	d.consultations = append(d.consultations, c)
	return nil
}

// consultationSummary prints the consultations with their responses.
func (d *demo) consultationSummary(w io.Writer) {
	if len(d.consultations) == 0 {
		return
	}
	fmt.Fprintln(w, "\nConsultations (answers linked to names):")
	for _, c := range d.consultations {
		fmt.Fprintf(w, "  %s (open)\n               %s\n", c.Title, d.svc.URL("/votes/"+c.ID))
	}
}
