package cli

import (
	"fmt"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// lastWeekday returns h:m on the latest day of weekday wd at least
// daysAgo days before today.
func (d *demo) lastWeekday(wd time.Weekday, daysAgo, h, m int) time.Time {
	for i := daysAgo; ; i++ {
		if t := d.day(-i, h, m); t.Weekday() == wd {
			return t
		}
	}
}

// newEvent creates a published event in Paris time, organised by person
// by and, when group is set, by that group.
func (d *demo) newEvent(by, group string, in service.EventInput) (*cortege.Event, error) {
	in.TZ, in.Lang, in.Publish = service.DefaultTZ, "fr", true
	if group != "" {
		in.GroupID = d.groups[group].ID
	}
	e, err := d.svc.CreateEvent(d.ctx, d.who(by), in)
	if err != nil {
		return nil, fmt.Errorf("event %q: %w", in.Title, err)
	}
	d.events = append(d.events, e)
	return e, nil
}

// join registers demo people for an event.
func (d *demo) join(e *cortege.Event, in service.JoinInput, keys ...string) (map[string]*cortege.Participation, error) {
	out := map[string]*cortege.Participation{}
	for _, k := range keys {
		p, err := d.svc.JoinEvent(d.ctx, d.who(k), service.ByID(e.ID), in)
		if err != nil {
			return nil, fmt.Errorf("%s joins %q: %w", k, e.Title, err)
		}
		out[k] = p
		d.n.participants++
	}
	return out, nil
}

// guest registers someone without an account, then confirms from the link
// in the mail they receive, as they would.
func (d *demo) guest(e *cortege.Event, g demoGuest, in service.JoinInput) (*cortege.Participation, error) {
	in.Name, in.Email, in.Lang = g.Name, g.Email, "fr"
	p, err := d.svc.JoinEvent(d.ctx, cortege.Actor{IP: "demo"}, service.ByID(e.ID), in)
	if err != nil {
		return nil, fmt.Errorf("%s joins %q: %w", g.Name, e.Title, err)
	}
	ms, err := d.flush()
	if err != nil {
		return nil, err
	}
	confirm := ""
	for _, m := range ms {
		if !strings.EqualFold(m.To.Email, g.Email) {
			continue
		}
		if t := linkToken(m, "/events/participation/confirm"); t != "" {
			confirm = t
		}
		if t := linkToken(m, "/events/participation/cancel"); t != "" {
			d.cancelTokens[e.ID+"/"+g.Email] = t
		}
	}
	if confirm == "" {
		// A server running at the same time sent the mail: the
		// registration stays unconfirmed, as if the person never clicked.
		d.warnings = append(d.warnings, fmt.Sprintf("%s did not receive the confirmation for %q here (is a server running its jobs?); the registration stays unconfirmed", g.Email, e.Title))
		return nil, nil
	}
	if p, err = d.svc.ConfirmParticipation(d.ctx, confirm); err != nil {
		return nil, err
	}
	d.n.participants++
	return p, nil
}

// ticket returns the ticket code of a participant: from their page when
// they have an account, from the link in their mails when not ("" when
// those mails were not seen here).
func (d *demo) ticket(e *cortege.Event, who string) (string, error) {
	if _, person := d.people[who]; !person {
		tok, ok := d.cancelTokens[e.ID+"/"+who]
		if !ok {
			return "", nil
		}
		t, err := d.svc.TicketByCancelToken(d.ctx, tok)
		if err != nil {
			return "", err
		}
		return t.Code, nil
	}
	t, err := d.svc.MyTicket(d.ctx, d.who(who), service.ByID(e.ID))
	if err != nil {
		return "", err
	}
	return t.Code, nil
}

func (d *demo) comment(e *cortege.Event, who, body string) error {
	if _, err := d.svc.Comment(d.ctx, d.who(who), service.ByID(e.ID), body); err != nil {
		return fmt.Errorf("comment on %q: %w", e.Title, err)
	}
	d.n.comments++
	return nil
}

func (d *demo) createEvents() error {
	for _, step := range []func() error{d.pastWorkshop, d.pastAssembly, d.velorution, d.cancelledPicnic, d.legalClinic, d.onlineTraining, d.monthlyApero, d.privateMeeting, d.tentativeParty} {
		if err := step(); err != nil {
			return err
		}
	}
	d.at(time.Time{})
	return nil
}

// pastWorkshop is a past event with participants (with and without
// accounts), check-ins at the door, photos and a report.
func (d *demo) pastWorkshop() error {
	start := d.lastWeekday(time.Saturday, 10, 14, 0)
	d.at(start.AddDate(0, 0, -20))
	e, err := d.newEvent("lea", "velo", service.EventInput{
		Title: "Atelier d'autoréparation de vélos",
		Start: start, End: start.Add(3 * time.Hour),
		PlaceArea: "Lyon 7e", Place: "Atelier du Collectif, 12 rue de la Chaîne, 69007 Lyon", HasCoords: true, Lat: 45.7505, Lon: 4.8421,
		Category: "training", Tags: []string{"vélo", "réparation"}, Capacity: 12,
		Picture: picture(sceneWorkshop, 1500, 600, 0xbde0fe, 0x9c8974, 20).jpeg(),
		Description: `Crevaison, freins qui couinent, dérailleur capricieux ? **Venez apprendre à réparer votre vélo vous-même**, avec l'aide des mécanicien·nes bénévoles du collectif.

- outils et pieds d'atelier fournis ;
- pièces d'occasion à prix libre ;
- goûter partagé à 16 h.

Gratuit, sans niveau requis.`,
	})
	if err != nil {
		return err
	}
	d.at(start.AddDate(0, 0, -15))
	if _, err := d.join(e, service.JoinInput{}, "camille", "mathieu", "ines"); err != nil {
		return err
	}
	d.at(start.AddDate(0, 0, -6))
	for _, g := range demoGuests[:2] {
		if _, err := d.guest(e, g, service.JoinInput{}); err != nil {
			return err
		}
	}
	d.at(start.AddDate(0, 0, -2))
	if _, err := d.join(e, service.JoinInput{}, "hugo"); err != nil {
		return err
	}
	// At the door: four of the six come.
	d.at(start.Add(10 * time.Minute))
	for _, who := range []string{"camille", "ines", demoGuests[0].Email, "hugo"} {
		code, err := d.ticket(e, who)
		if err != nil {
			return fmt.Errorf("ticket of %s: %w", who, err)
		}
		if code == "" {
			continue
		}
		if _, err := d.svc.CheckIn(d.ctx, d.who("lea"), service.ByID(e.ID), code); err != nil {
			return fmt.Errorf("check-in of %s: %w", who, err)
		}
		d.n.checkins++
	}
	// Photos after the workshop, by the organiser and a participant.
	d.at(start.Add(4 * time.Hour))
	photos := []struct {
		by, caption string
		s           scene
		sky, low    uint32
	}{
		{"lea", "Réglage des freins et des dérailleurs", sceneWorkshop, 0xbde0fe, 0x9c8974},
		{"lea", "Les vélos remis en état, prêts pour la bourse aux vélos", sceneBikes, 0xffd6a5, 0x8ab17d},
		{"ines", "Le goûter partagé", sceneTable, 0xffe5ec, 0xe76f51},
		{"camille", "Photo de groupe à la fin de l'atelier", sceneCrowd, 0xa2d2ff, 0x6a994e},
	}
	for i, p := range photos {
		if _, err := d.svc.AddPhoto(d.ctx, d.who(p.by), service.ByID(e.ID), picture(p.s, 1200, 800, p.sky, p.low, uint64(100+i)).jpeg(), p.caption); err != nil {
			return fmt.Errorf("photo %q: %w", p.caption, err)
		}
		d.n.photos++
	}
	d.at(start.Add(20 * time.Hour))
	if _, err := d.svc.PublishReport(d.ctx, d.who("lea"), service.ByID(e.ID), `Belle après-midi ! **Une vingtaine de vélos** sont passés entre nos mains : 11 crevaisons réparées, 6 réglages de freins, 3 dérailleurs remis d'aplomb et une roue voilée sauvée de justesse.

Merci aux bénévoles et à toutes les personnes venues apprendre. Les vélos donnés seront proposés lors de la **bourse aux vélos**.

Prochain atelier le mois prochain, même heure, même endroit. Les photos sont ci-dessous.`); err != nil {
		return err
	}
	d.at(start.Add(26 * time.Hour))
	return d.comment(e, "ines", "Merci pour l'accueil ! J'ai enfin compris comment régler mes freins.")
}

// pastAssembly is a past general assembly with a short report.
func (d *demo) pastAssembly() error {
	start := d.lastWeekday(time.Thursday, 20, 19, 0)
	d.at(start.AddDate(0, 0, -21))
	e, err := d.newEvent("fatima", "syndicat", service.EventInput{
		Title: "Assemblée générale du syndicat",
		Start: start, End: start.Add(150 * time.Minute),
		PlaceArea: "Paris 11e", Place: "Salle des fêtes de la mairie du 11e, place Léon-Blum, 75011 Paris", HasCoords: true, Lat: 48.8575, Lon: 2.3801,
		Category: "assembly", Tags: []string{"logement"},
		Description: "Bilan de l'année, élection du bureau et priorités pour les mois qui viennent. **Ouverte à tous les locataires**, adhérents ou non.",
	})
	if err != nil {
		return err
	}
	d.at(start.AddDate(0, 0, -10))
	if _, err := d.join(e, service.JoinInput{}, "julien", "ines"); err != nil {
		return err
	}
	d.at(start.Add(24 * time.Hour))
	_, err = d.svc.PublishReport(d.ctx, d.who("fatima"), service.ByID(e.ID), `Une quarantaine de locataires présents. Le bureau a été réélu ; deux priorités votées : **les charges locatives** et **l'état des parties communes**. Le procès-verbal complet est dans les ressources du groupe.`)
	return err
}

// velorution is an upcoming demonstration co-organised by two groups.
func (d *demo) velorution() error {
	start := d.weekday(time.Saturday, 9, 14, 0)
	d.at(d.day(-14, 21, 0))
	e, err := d.newEvent("camille", "velo", service.EventInput{
		Title: "Vélorution pour le climat",
		Start: start, End: start.Add(3 * time.Hour),
		PlaceArea: "Lyon 2e", Place: "Place Bellecour, 69002 Lyon (côté statue)", HasCoords: true, Lat: 45.7578, Lon: 4.8320,
		Category: "demonstration", Tags: []string{"vélo", "climat", "manifestation"},
		Picture: picture(sceneBikes, 1500, 600, 0x8ecae6, 0x6a994e, 30).jpeg(),
		Description: `Une grande balade revendicative et festive **pour des rues apaisées et un air respirable**.

Parcours d'environ 8 km à allure tranquille, de la place Bellecour au parc de la Tête d'Or, en passant par les quais du Rhône. Musique, déguisements et enfants bienvenus !

*Co-organisée par le Collectif Vélo Lyon et Alternatiba Lyon.*`,
		Conduct: "Nous roulons groupé·es, dans le calme, en respectant les consignes des signaleurs et signaleuses.",
	})
	if err != nil {
		return err
	}
	if err := d.svc.InviteCoOrganiser(d.ctx, d.who("camille"), service.ByID(e.ID), d.groups["alternatiba"].ID); err != nil {
		return err
	}
	d.at(d.day(-13, 9, 0))
	if err := d.svc.AnswerCoOrganiser(d.ctx, d.who("mathieu"), e.ID, d.groups["alternatiba"].ID, true); err != nil {
		return err
	}
	d.at(d.day(-10, 12, 0))
	if _, err := d.join(e, service.JoinInput{}, "lea", "mathieu", "ines", "thomas"); err != nil {
		return err
	}
	d.at(d.day(-3, 18, 0))
	for _, g := range []demoGuest{demoGuests[0], demoGuests[3]} {
		if _, err := d.guest(e, g, service.JoinInput{}); err != nil {
			return err
		}
	}
	if err := d.comment(e, "hugo", "Bonjour, est-ce que le parcours est adapté aux enfants de 8 ans ?"); err != nil {
		return err
	}
	d.at(d.day(-3, 20, 30))
	return d.comment(e, "camille", "Oui, nous roulons au pas et le parcours est entièrement plat. Venez avec un casque et de l'eau !")
}

// cancelledPicnic was moved, then called off: it stays visible with its
// history.
func (d *demo) cancelledPicnic() error {
	start := d.weekday(time.Sunday, 5, 12, 0)
	d.at(d.day(-12, 10, 0))
	in := service.EventInput{
		Title: "Pique-nique des locataires",
		Start: start, End: start.Add(3 * time.Hour),
		PlaceArea: "Paris 11e", Place: "Square Maurice-Gardette, 75011 Paris", HasCoords: true, Lat: 48.8636, Lon: 2.3770,
		Category: "festive", Tags: []string{"voisinage"},
		Description: "Chacun·e apporte un plat à partager. L'occasion de rencontrer ses voisin·es et de parler de nos immeubles dans la bonne humeur.",
	}
	e, err := d.newEvent("fatima", "syndicat", in)
	if err != nil {
		return err
	}
	d.at(d.day(-9, 19, 0))
	if _, err := d.join(e, service.JoinInput{}, "ines", "julien", "hugo"); err != nil {
		return err
	}
	// Moved a day earlier and to another place…
	d.at(d.day(-5, 18, 0))
	in.Start, in.End = start.AddDate(0, 0, -1), start.AddDate(0, 0, -1).Add(3*time.Hour)
	in.Place, in.Lat, in.Lon = "Jardin partagé de la rue Trousseau, 75011 Paris", 48.8527, 2.3781
	in.TZ, in.Lang, in.Publish, in.GroupID, in.Picture = service.DefaultTZ, "fr", true, "", nil
	if _, err := d.svc.UpdateEvent(d.ctx, d.who("fatima"), service.ByID(e.ID), in, service.ScopeThis); err != nil {
		return err
	}
	// …then called off.
	d.at(d.day(-1, 17, 0))
	if _, err := d.svc.Announce(d.ctx, d.who("fatima"), service.ByID(e.ID), cortege.AudienceAll, "Pique-nique annulé",
		"Météo-France annonce de violents orages ce week-end : nous préférons annuler. Le pique-nique sera reprogrammé dès que possible !"); err != nil {
		return err
	}
	got, err := d.svc.CancelEvent(d.ctx, d.who("fatima"), service.ByID(e.ID), service.ScopeThis,
		"Violents orages annoncés par **Météo-France** : le pique-nique sera reprogrammé dès que possible.")
	if err != nil {
		return err
	}
	d.events[len(d.events)-1] = got
	return nil
}

// legalClinic is by approval with a hidden address, a capacity, a code of
// conduct and registration questions: some people approved, one on the
// waiting list, one waiting for an answer.
func (d *demo) legalClinic() error {
	start := d.weekday(time.Thursday, 3, 18, 30)
	d.at(d.day(-6, 9, 0))
	situation := &cortege.Question{Label: "Votre situation", Kind: cortege.QuestionChoice, Required: true,
		Choices: []string{"Locataire du parc social", "Locataire du parc privé", "Autre"}}
	topic := &cortege.Question{Label: "Votre question en quelques mots", Kind: cortege.QuestionText}
	e, err := d.newEvent("julien", "syndicat", service.EventInput{
		Title: "Permanence juridique : vos droits face au bailleur",
		Start: start, End: start.Add(2 * time.Hour),
		PlaceArea: "Paris 11e", Place: "Local du syndicat, 7 passage des Lilas, 75011 Paris (interphone « Syndicat »)",
		HasCoords: true, Lat: 48.8601, Lon: 2.3812, HidePlace: true,
		Category: "meeting", Tags: []string{"logement", "juridique"},
		JoinMode: cortege.JoinApproval, Capacity: 3, HideCount: true,
		Conduct:         "Ce qui se dit à la permanence reste à la permanence. Respect de la parole de chacun·e et de la confidentialité des situations.",
		ConductRequired: true,
		Questions:       []*cortege.Question{situation, topic},
		Description: `Un·e juriste bénévole vous reçoit **individuellement** (20 minutes environ) pour faire le point sur votre situation : bail, charges, travaux, congé, dépôt de garantie…

Les places sont limitées : **inscription sur validation**. L'adresse exacte est communiquée aux personnes dont l'inscription est acceptée.`,
	})
	if err != nil {
		return err
	}
	answers := func(sit, q string) service.JoinInput {
		return service.JoinInput{AcceptConduct: true, Answers: []cortege.Answer{{QuestionID: situation.ID, Value: sit}, {QuestionID: topic.ID, Value: q}}}
	}
	parts := map[string]*cortege.Participation{}
	for i, r := range []struct{ who, sit, q string }{
		{"ines", "Locataire du parc privé", "Régularisation de charges de 380 € sans justificatifs."},
		{"hugo", "Locataire du parc privé", "Mon propriétaire garde mon dépôt de garantie depuis trois mois."},
		{"thomas", "Autre", "Je suis étudiant en colocation, qui doit payer la taxe d'habitation ?"},
		{"chloe", "Locataire du parc social", ""},
	} {
		d.at(d.day(-5+i, 10, 0))
		got, err := d.join(e, answers(r.sit, r.q), r.who)
		if err != nil {
			return err
		}
		parts[r.who] = got[r.who]
	}
	nadia, err := d.guest(e, demoGuests[2], answers("Locataire du parc social", "Des travaux promis depuis deux ans."))
	if err != nil {
		return err
	}
	parts["nadia"] = nadia
	// Three seats: Inès, Nadia and Hugo are approved; Thomas, approved
	// next, goes on the waiting list; Chloé's request waits.
	d.at(d.day(-1, 9, 0))
	for _, who := range []string{"ines", "nadia", "hugo", "thomas"} {
		if parts[who] == nil {
			continue
		}
		if _, err := d.svc.Approve(d.ctx, d.who("julien"), service.ByID(e.ID), parts[who].ID, "À jeudi ! Pensez à apporter votre bail."); err != nil {
			return fmt.Errorf("approve %s: %w", who, err)
		}
	}
	d.at(d.day(-1, 9, 30))
	_, err = d.svc.Announce(d.ctx, d.who("julien"), service.ByID(e.ID), cortege.AudienceApproved, "Documents à apporter",
		"Merci d'apporter votre bail, vos trois dernières quittances et les courriers de votre bailleur. Sonnez à l'interphone « Syndicat ».")
	return err
}

// onlineTraining takes place online only.
func (d *demo) onlineTraining() error {
	start := d.weekday(time.Tuesday, 2, 19, 0)
	d.at(d.day(-8, 14, 0))
	e, err := d.newEvent("mathieu", "alternatiba", service.EventInput{
		Title: "Formation en ligne : préparer une action non violente",
		Start: start, End: start.Add(90 * time.Minute),
		OnlineURL: "https://visio.example.org/alternatiba-lyon-formation",
		Category:  "training", Tags: []string{"formation", "non-violence"},
		Description: `Une formation d'une heure et demie, **en visioconférence**, pour découvrir les bases de l'action non violente : préparation, rôles, sécurité, communication.

Le lien de la visio est sur cette page ; un rappel est envoyé 30 minutes avant.`,
	})
	if err != nil {
		return err
	}
	d.at(d.day(-4, 12, 0))
	if _, err := d.join(e, service.JoinInput{}, "lea", "camille", "thomas"); err != nil {
		return err
	}
	_, err = d.guest(e, demoGuests[4], service.JoinInput{})
	return err
}

// monthlyApero is a series: every third Friday of the month.
func (d *demo) monthlyApero() error {
	start := d.thirdFriday()
	d.at(d.day(-20, 10, 0))
	e, err := d.newEvent("lea", "velo", service.EventInput{
		Title: "Apéro vélo du troisième vendredi",
		Start: start, End: start.Add(2 * time.Hour),
		PlaceArea: "Lyon 7e", Place: "Guinguette « La Rustine », quai Claude-Bernard, 69007 Lyon", HasCoords: true, Lat: 45.7530, Lon: 4.8375,
		Category: "festive", Tags: []string{"vélo", "convivialité"},
		Description: "Le rendez-vous mensuel du collectif : on se retrouve **le troisième vendredi de chaque mois** pour parler vélo (ou pas), autour d'un verre. Sans inscription obligatoire, mais ça nous aide à prévoir !",
		Repeat:      &service.RepeatInput{Freq: cortege.FreqMonthlyWeekday, Interval: 1},
	})
	if err != nil {
		return err
	}
	// The hourly job keeps 90 days of dates ahead; run it now.
	d.at(time.Time{})
	if err := d.svc.ExtendSeries(d.ctx); err != nil {
		return err
	}
	occ, err := d.svc.SeriesOccurrences(d.ctx, d.who("lea"), service.ByID(e.ID))
	if err != nil {
		return err
	}
	for _, o := range occ {
		if o.ID != e.ID {
			d.events = append(d.events, o)
		}
	}
	d.at(d.day(-2, 19, 0))
	_, err = d.join(e, service.JoinInput{}, "camille", "ines", "mathieu")
	return err
}

// privateMeeting is visible to the members of a private group only.
func (d *demo) privateMeeting() error {
	start := d.weekday(time.Wednesday, 4, 19, 0)
	d.at(d.day(-6, 20, 0))
	e, err := d.newEvent("chloe", "atr", service.EventInput{
		Title: "Réunion d'équipe : campagne zéro déchet",
		Start: start, End: start.Add(2 * time.Hour),
		PlaceArea: "Rennes", Place: "Maison des associations, 6 cours des Alliés, 35000 Rennes", HasCoords: true, Lat: 48.1052, Lon: -1.6755,
		Category: "meeting", Visibility: cortege.VisibilityPrivate,
		Description: "Répartition des rôles pour la campagne, préparation du stand du marché des Lices. Réservé aux membres de l'équipe.",
	})
	if err != nil {
		return err
	}
	d.at(d.day(-5, 9, 0))
	_, err = d.join(e, service.JoinInput{}, "thomas", "mathieu")
	return err
}

// tentativeParty is to be confirmed, its place to be announced.
func (d *demo) tentativeParty() error {
	start := d.weekday(time.Saturday, 30, 15, 0)
	d.at(d.day(-1, 11, 0))
	_, err := d.newEvent("fatima", "syndicat", service.EventInput{
		Title: "Fête des locataires",
		Start: start, End: start.Add(4 * time.Hour),
		PlaceArea: "Paris 11e", PlaceTBA: true, Status: cortege.EventTentative,
		Category: "festive", Tags: []string{"voisinage", "fête"},
		Description: "Date à confirmer, lieu annoncé prochainement : musique, jeux pour les enfants, buffet partagé. **Vous voulez aider ? Écrivez-nous !**",
	})
	return err
}
