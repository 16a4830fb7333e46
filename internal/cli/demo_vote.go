package cli

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/tally"
)

// The demo's votes: a cooperative's general assembly that elected its
// board by secret ballot a week ago, every cooperator with a blind token
// (closed, results published, its board verifiable with `cortege tally
// verify`), and the tenants' union's open vote by invitation codes, some
// slips already used.

// demoCooperators is how many members the cooperative has; most vote.
const demoCooperators = 240

// demoCoop is the cooperative's group.
var demoCoop = service.GroupInput{
	Handle: "energie_citoyenne", Name: "Énergie citoyenne Rhône", Kind: cortege.GroupThematic,
	Tags: []string{"énergie", "coopérative", "lyon"}, Address: "Villeurbanne", HasCoords: true, Lat: 45.7719, Lon: 4.8902,
	Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen,
	Description: `Une **coopérative citoyenne** qui finance et exploite des toitures solaires dans le Rhône : chaque coopérateur·rice a une voix, quel que soit le nombre de parts.

L'assemblée générale élit le conseil d'administration **à bulletin secret**, en ligne : le dépouillement se vérifie par chacun·e.`,
}

// demoFirst and demoLast make the cooperators' names.
var (
	demoFirst = []string{"Alice", "Bastien", "Chloé", "David", "Élodie", "Farid", "Gaëlle", "Hélène", "Ismaël", "Jeanne", "Karim", "Lucie", "Malik", "Nadia", "Olivier", "Pauline", "Quentin", "Rachida", "Samuel", "Tiphaine"}
	demoLast  = []string{"Bernard", "Robert", "Richard", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Garcia", "Roux", "Fournier", "Girard"}
)

// createVotes makes the two votes.
func (d *demo) createVotes() error {
	if err := d.coopElection(); err != nil {
		return fmt.Errorf("the cooperative's election: %w", err)
	}
	if err := d.tenantsVote(); err != nil {
		return fmt.Errorf("the tenants' vote: %w", err)
	}
	return nil
}

// coopElection: the cooperative and its members, the election opened ten
// days ago for a week, its sign-offs and ballots over the week, the
// closing and the publication of the results.
func (d *demo) coopElection() error {
	owner := d.who("camille")
	d.at(d.day(-40, 18, 0))
	g, err := d.createGroup(owner, demoCoop)
	if err != nil {
		return err
	}
	d.groups["coop"] = g
	d.groupOrder = append(d.groupOrder, "coop")
	r := mrand.New(mrand.NewPCG(14, 2026))
	var members []cortege.Actor
	for i := range demoCooperators {
		d.at(d.day(-39+i/10, 9+i%10, 0))
		name := demoFirst[i%len(demoFirst)] + " " + demoLast[(i/len(demoFirst)+i)%len(demoLast)]
		secret, err := d.svc.CreateTokenFor(d.ctx, fmt.Sprintf("cooperateur.%03d@%s", i+1, demoDomain), demoTokenLabel,
			service.IdentityInput{DisplayName: name, Handle: fmt.Sprintf("coop_%03d", i+1)})
		if err != nil {
			return err
		}
		a, err := d.svc.TokenActor(d.ctx, secret, "demo")
		if err != nil {
			return err
		}
		for _, kind := range cortege.NotificationKinds {
			if err := d.svc.SetNotificationPref(d.ctx, a, kind, false); err != nil {
				return err
			}
		}
		if _, err := d.svc.Join(d.ctx, a, g.ID, ""); err != nil {
			return err
		}
		members = append(members, a)
	}
	d.at(d.day(-12, 10, 0))
	opens, closes := d.day(-10, 9, 0), d.day(-3, 20, 0)
	c, err := d.svc.CreateConsultation(d.ctx, owner, service.ConsultationInput{
		Title: "Assemblée générale 2026 : élection du conseil d'administration",
		Description: `Chaque coopérateur·rice vote **une fois**, à bulletin secret : personne, pas même l'hébergeur, ne peut savoir qui a voté quoi.

Après la clôture, le registre des bulletins est publié : chacun·e peut y retrouver le sien avec son reçu et recompter avec ` + "`cortege tally verify`.",
		Secret: true, Opens: cortege.WallOf(opens, d.loc), Closes: cortege.WallOf(closes, d.loc), TZ: d.loc.String(),
		Audience: cortege.AudienceMembers, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		return err
	}
	questions := []service.QuestionInput{
		{Title: "Quelle liste au conseil d'administration ?", Kind: cortege.QuestionSingle, Blank: true,
			Options: []string{"Liste « Soleil commun »", "Liste « Toits partagés »", "Liste « Énergie locale »"}},
		{Title: "Approuvez-vous les comptes de l'exercice 2025 ?", Kind: cortege.QuestionYesNo, Blank: true},
		{Title: "Classez les projets de l'année", Kind: cortege.QuestionRanking, Method: cortege.MethodSchulze,
			Options: []string{"Gymnase Jean-Moulin", "École des Buers", "Marché couvert", "Médiathèque"}},
	}
	for _, q := range questions {
		if _, err := d.svc.AddQuestion(d.ctx, owner, c.ID, q); err != nil {
			return err
		}
	}
	d.at(opens.Add(-time.Hour))
	if _, err := d.svc.OpenConsultation(d.ctx, owner, c.ID); err != nil {
		return err
	}
	v, err := d.svc.Consultation(d.ctx, owner, c.ID)
	if err != nil {
		return err
	}
	pk, err := tally.TokenPublicKey(v.TokenKey)
	if err != nil {
		return err
	}
	client, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, pk)
	if err != nil {
		return err
	}
	// Nine in ten vote, over the week, each some minutes after signing off.
	type turn struct {
		at time.Time
		i  int
	}
	var turns []turn
	for i := range members {
		if r.IntN(10) != 0 {
			turns = append(turns, turn{opens.Add(time.Duration(r.Int64N(int64(closes.Sub(opens) - time.Hour)))), i})
		}
	}
	slices.SortFunc(turns, func(a, b turn) int { return a.at.Compare(b.at) })
	for _, t := range turns {
		i, a, at := t.i, members[t.i], t.at
		d.at(at)
		proof, err := demoToken(client, func(blinded []byte) ([]byte, error) { return d.svc.SignOff(d.ctx, a, c.ID, blinded) })
		if err != nil {
			return err
		}
		d.at(at.Add(time.Duration(1+r.IntN(20)) * time.Minute))
		if _, err := d.svc.Cast(d.ctx, c.ID, demoCoopBallot(r, i), proof); err != nil {
			return err
		}
	}
	d.at(closes.Add(2 * time.Minute))
	if err := d.svc.CloseConsultationsDue(d.ctx); err != nil {
		return err
	}
	d.at(closes.Add(40 * time.Minute))
	if err := d.svc.PublishResults(d.ctx, owner, c.ID); err != nil {
		return err
	}
	d.votes = append(d.votes, c)
	if err := d.coopConsultation(owner, g, members); err != nil {
		return fmt.Errorf("the cooperative's consultation: %w", err)
	}
	return d.revokeTokens(members)
}

// demoToken blinds a random token, has sign blind-sign it and unblinds
// the signature: what the vote page's script does in the browser.
func demoToken(client blindrsa.Client, sign func([]byte) ([]byte, error)) (service.CastProof, error) {
	msg := make([]byte, 32)
	rand.Read(msg)
	prepared, err := client.Prepare(rand.Reader, msg)
	if err != nil {
		return service.CastProof{}, err
	}
	blinded, st, err := client.Blind(rand.Reader, prepared)
	if err != nil {
		return service.CastProof{}, err
	}
	bs, err := sign(blinded)
	if err != nil {
		return service.CastProof{}, err
	}
	sig, err := client.Finalize(st, bs)
	if err != nil {
		return service.CastProof{}, err
	}
	enc := base64.RawURLEncoding
	return service.CastProof{Token: enc.EncodeToString(prepared), Signature: enc.EncodeToString(sig)}, nil
}

// demoCoopBallot draws a cooperator's ballot: a close race between the
// first two lists, the accounts approved, projects ranked with a
// preference for the schools.
func demoCoopBallot(r *mrand.Rand, i int) []service.Answer {
	list := service.Answer{Question: "q1", Choices: []int{[]int{0, 0, 0, 0, 1, 1, 1, 2, 2}[r.IntN(9)]}}
	if r.IntN(25) == 0 {
		list = service.Answer{Question: "q1", Blank: true}
	}
	accounts := service.Answer{Question: "q2", Choices: []int{[]int{0, 0, 0, 0, 0, 0, 1}[r.IntN(7)]}}
	if i%30 == 0 {
		accounts = service.Answer{Question: "q2", Blank: true}
	}
	rank := []int{1, 0, 2, 3}
	if r.IntN(3) == 0 {
		rank = []int{0, 1, 3, 2}
	}
	if r.IntN(4) == 0 {
		r.Shuffle(len(rank), func(a, b int) { rank[a], rank[b] = rank[b], rank[a] })
	}
	return []service.Answer{list, accounts, {Question: "q3", Choices: rank[:2+r.IntN(3)]}}
}

// revokeTokens revokes the demo tokens the cooperators acted with.
func (d *demo) revokeTokens(as []cortege.Actor) error {
	for _, a := range as {
		toks, err := d.svc.APITokens(d.ctx, a)
		if err != nil {
			return err
		}
		for _, t := range toks {
			if t.Label == demoTokenLabel {
				if err := d.svc.RevokeAPIToken(d.ctx, a, t.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// tenantsVote: the tenants' union votes by invitation codes, handed out
// in the buildings' letterboxes (no account needed); open until next
// week, 40 of its 150 slips used so far.
func (d *demo) tenantsVote() error {
	owner := d.who("fatima")
	g := d.groups["syndicat"]
	d.at(d.day(-6, 20, 0))
	c, err := d.svc.CreateConsultation(d.ctx, owner, service.ConsultationInput{
		Title: "Vote des locataires : quelle action pour les charges de chauffage ?",
		Description: `Un code d'invitation par logement a été déposé dans les boîtes aux lettres. Le vote est **secret** : le code ne dit pas qui vous êtes.

Résultats publiés après la clôture.`,
		Secret: true, Opens: cortege.WallOf(d.day(-5, 8, 0), d.loc), Closes: cortege.WallOf(d.day(7, 20, 0), d.loc), TZ: d.loc.String(),
		Audience: cortege.AudienceCodes, GroupID: g.ID})
	if err != nil {
		return err
	}
	if _, err := d.svc.AddQuestion(d.ctx, owner, c.ID, service.QuestionInput{Title: "Que proposez-vous ?", Kind: cortege.QuestionSingle, Blank: true,
		Options: []string{"Une lettre collective au bailleur", "Une consignation des charges", "Un recours devant la commission de conciliation"}}); err != nil {
		return err
	}
	if _, err := d.svc.AddQuestion(d.ctx, owner, c.ID, service.QuestionInput{Title: "Participerez-vous à l'assemblée du 15 ?", Kind: cortege.QuestionYesNo}); err != nil {
		return err
	}
	d.at(d.day(-5, 7, 30))
	if _, err := d.svc.OpenConsultation(d.ctx, owner, c.ID); err != nil {
		return err
	}
	slips, err := d.svc.GenerateCodes(d.ctx, owner, c.ID, 150)
	if err != nil {
		return err
	}
	r := mrand.New(mrand.NewPCG(11, 2026))
	for i, k := range r.Perm(len(slips))[:40] {
		d.at(d.day(-4+i/10, 18+i%4, 5*i%60))
		ans := []service.Answer{{Question: "q1", Choices: []int{[]int{0, 1, 1, 2}[r.IntN(4)]}}, {Question: "q2", Choices: []int{r.IntN(2)}}}
		if _, err := d.svc.Cast(d.ctx, c.ID, ans, service.CastProof{Code: slips[k].Code.String()}); err != nil {
			return err
		}
	}
	d.votes = append(d.votes, c)
	return nil
}

// voteSummary lists the demo's votes.
func (d *demo) voteSummary(w io.Writer) {
	fmt.Fprintln(w, "\nVotes:")
	for _, c := range d.votes {
		n, err := d.svc.VoteCountsOf(d.ctx, cortege.Anonymous, c.ID)
		if err != nil {
			continue
		}
		state := "open, by invitation codes"
		if c.Audience == cortege.AudienceMembers {
			state = "closed, results published; recount: cortege tally verify " + d.svc.URL("/votes/"+c.ID+"/board.json")
		}
		fmt.Fprintf(w, "  %s (%d ballots; %s)\n               %s\n", c.Title, n.Ballots, state, d.svc.URL("/votes/"+c.ID))
	}
}
