package cli

// The demo's people: fictitious, French, with example.org addresses.

var demoPeopleOrder = []string{"camille", "lea", "mathieu", "fatima", "julien", "chloe", "thomas", "ines", "hugo"}

var demoPeople = map[string]demoPerson{
	"camille": {Name: "Camille Martin", Email: "camille.martin@example.org", Admin: true, Colour: 0xe76f51,
		Bio: "Cycliste du quotidien, coordinatrice du Collectif Vélo Lyon et administratrice de cette instance de démonstration."},
	"lea": {Name: "Léa Dubois", Email: "lea.dubois@example.org", Colour: 0x2a9d8f,
		Bio: "Mécanicienne bénévole à l'atelier participatif. Les dérailleurs n'ont aucun secret pour moi."},
	"mathieu": {Name: "Mathieu Lefèvre", Email: "mathieu.lefevre@example.org", Colour: 0xf4a261,
		Bio: "Militant climat chez Alternatiba Lyon, amateur de vélo-cargo."},
	"fatima": {Name: "Fatima Benali", Email: "fatima.benali@example.org", Colour: 0x9b5de5,
		Bio: "Présidente du Syndicat des locataires du 11e. Vingt ans dans le quartier."},
	"julien": {Name: "Julien Moreau", Email: "julien.moreau@example.org", Colour: 0x3a86ff,
		Bio: "Juriste, assure la permanence logement du syndicat un jeudi sur deux."},
	"chloe": {Name: "Chloé Bernard", Email: "chloe.bernard@example.org", Colour: 0x52b788,
		Bio: "Anime le groupe local des Amis de la Terre à Rennes."},
	"thomas": {Name: "Thomas Petit", Email: "thomas.petit@example.org", Colour: 0xffbe0b,
		Bio: "Étudiant à Rennes, vélotaffeur par tous les temps."},
	"ines": {Name: "Inès Garcia", Email: "ines.garcia@example.org", Colour: 0xef476f,
		Bio: "Locataire rue Oberkampf, cycliste à ses heures."},
	"hugo": {Name: "Hugo Laurent", Email: "hugo.laurent@example.org", Colour: 0x118ab2,
		Bio: "Nouveau dans le quartier, cherche à rencontrer ses voisins."},
}

// demoGuest is someone who registers for an event without an account.
type demoGuest struct{ Name, Email string }

var demoGuests = []demoGuest{
	{"Sophie Roux", "sophie.roux@example.org"},
	{"Karim Haddad", "karim.haddad@example.org"},
	{"Nadia Cherif", "nadia.cherif@example.org"},
	{"Pierre Lambert", "pierre.lambert@example.org"},
	{"Élodie Fontaine", "elodie.fontaine@example.org"},
}
