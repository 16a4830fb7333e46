package cli

// Word lists of the scale generator (cortege demo --scale): French titles,
// descriptions, names and tags varied enough that a full-text search has
// realistic selectivity (a few very common words, a long tail, and rare
// words found in about one event in ten thousand).

// scaleActions start event titles; the first ones are the most frequent.
var scaleActions = []string{
	"Réunion publique", "Rassemblement", "Assemblée générale", "Marche", "Atelier",
	"Permanence", "Manifestation", "Projection-débat", "Formation", "Porte-à-porte",
	"Repas solidaire", "Conférence", "Pique-nique militant", "Tractage", "Chaîne humaine",
	"Veillée", "Concert de soutien", "Balade commentée", "Collecte", "Café-débat",
	"Journée d'action", "Forum", "Occupation symbolique", "Vélorution", "Table ronde",
}

// scaleTopics end event titles and name groups.
var scaleTopics = []string{
	"pour le climat", "contre la fermeture de la maternité", "sur les transports en commun",
	"pour le logement digne", "contre la réforme des retraites", "pour l'école publique",
	"sur l'eau et les rivières", "pour les services publics", "contre l'artificialisation des sols",
	"pour les droits des femmes", "contre le racisme", "pour la paix", "sur la santé au travail",
	"pour une alimentation locale", "contre les violences policières", "pour les pistes cyclables",
	"sur la précarité étudiante", "pour l'accueil des exilés", "contre la vie chère",
	"sur la rénovation du quartier", "pour la bibliothèque municipale", "contre l'autoroute",
	"pour la gratuité des cantines", "sur la biodiversité", "pour les salaires",
	"contre la fermeture de la gare", "pour un hôpital de proximité", "sur le numérique libre",
	"pour les jardins partagés", "contre les pesticides", "sur la démocratie locale",
	"pour les droits des locataires", "contre la pollution de l'air", "sur l'énergie citoyenne",
	"pour la culture pour toutes et tous", "contre le mal-logement", "sur la jeunesse",
}

// scaleVocabulary feeds descriptions, drawn with a Zipf law: the first
// words are in many events, the last ones in few.
var scaleVocabulary = []string{
	"quartier", "habitants", "mobilisation", "collectif", "ensemble", "rendez-vous", "solidarité",
	"ville", "municipalité", "association", "soutien", "avenir", "voisins", "débat", "pétition",
	"parole", "famille", "enfants", "travail", "salariés", "syndicat", "élus", "préfecture",
	"mairie", "place", "parc", "école", "lycée", "université", "hôpital", "gare", "marché",
	"bus", "tramway", "vélo", "piétons", "logement", "loyers", "chauffage", "énergie",
	"climat", "canicule", "inondation", "rivière", "forêt", "arbres", "jardin", "potager",
	"agriculteurs", "paysans", "semences", "alimentation", "cantine", "retraités", "jeunes",
	"étudiants", "chômeurs", "précaires", "exilés", "sans-papiers", "femmes", "égalité",
	"discrimination", "handicap", "accessibilité", "santé", "médecins", "infirmières",
	"urgence", "pharmacie", "bibliothèque", "musée", "théâtre", "cinéma", "musique",
	"chorale", "fanfare", "banderole", "pancartes", "tracts", "affiches", "mégaphone",
	"cortège", "parcours", "itinéraire", "départ", "arrivée", "pause", "goûter", "buvette",
	"covoiturage", "navette", "réunion", "ordre", "compte-rendu", "vote", "motion",
	"délégation", "audience", "courrier", "lettre", "signatures", "recours", "tribunal",
	"avocat", "juriste", "droits", "libertés", "presse", "journal", "radio", "vidéo",
	"photos", "témoignages", "récit", "mémoire", "histoire", "patrimoine", "usine",
	"atelier", "entrepôt", "chantier", "autoroute", "rocade", "aéroport", "centrale",
	"éolienne", "panneaux", "compost", "recyclage", "déchets", "plastique", "pollution",
	"bruit", "air", "eau", "nappe", "source", "fontaine", "lavoir", "pont", "berge",
	"canal", "écluse", "péniche", "port", "plage", "dune", "montagne", "col", "refuge",
	"sentier", "randonnée", "vallée", "village", "hameau", "bourg", "faubourg", "cité",
	"tour", "barre", "résidence", "bailleur", "concierge", "gardien", "commerces",
	"boulangerie", "café", "bistrot", "épicerie", "coopérative", "mutuelle", "caisse",
	"budget", "impôts", "subvention", "tarifs", "gratuité", "abonnement", "horaires",
	"dimanche", "soirée", "matinée", "printemps", "automne", "hiver", "été", "rentrée",
	"vacances", "fête", "carnaval", "bal", "kermesse", "brocante", "vide-grenier",
	"tombola", "loto", "tournoi", "match", "stade", "gymnase", "piscine", "patinoire",
	"skatepark", "terrain", "friche", "parking", "rond-point", "carrefour", "passage",
}

// scaleRareWords each appear in about one event in ten thousand: the rare
// word of full-text search benches (the first is the one benched).
var scaleRareWords = []string{
	"cerisaie", "ostréiculteurs", "tréfilerie", "colombier", "salicorne", "lanternes",
	"bergerie", "verrerie", "ardoisière", "mascaret", "estacade", "chasselas",
	"filature", "tannerie", "sémaphore", "madrague", "fenaison", "transhumance",
}

// scaleSentences frame vocabulary words into description sentences; %s
// are words.
var scaleSentences = []string{
	"Rendez-vous devant la %s pour parler de %s avec les %s.",
	"Nous voulons que la %s entende enfin les %s du %s.",
	"Venez nombreuses et nombreux : %s, %s et %s au programme.",
	"La %s a décidé sans nous ; le %s et les %s se mobilisent.",
	"Apportez vos %s et vos %s, nous fournirons le %s.",
	"Un temps d'échange sur le %s, la %s et les %s du territoire.",
	"Après le succès de la dernière fois, on remet ça : %s, %s, %s.",
	"Accessible en fauteuil ; %s et %s sur place, %s possible.",
}

// scaleFirstNames and scaleLastNames make people's names.
var scaleFirstNames = []string{
	"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Fatima", "Amina", "Julie", "Emma",
	"Lucas", "Hugo", "Louis", "Nathan", "Karim", "Mehdi", "Thomas", "Yanis", "Pierre", "Malik",
	"Claire", "Anne", "Nadia", "Sophie", "Élodie", "Mathieu", "Julien", "Antoine", "Samir", "Paul",
	"Aurélie", "Océane", "Zoé", "Jeanne", "Gaëlle", "Youssef", "Bruno", "Denis", "Hélène", "Rose",
}

var scaleLastNames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
	"Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
	"Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
	"François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guerin",
	"Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Benali", "Haddad", "Nguyen", "Le Gall",
}

// scaleGroupKinds name groups: "Collectif climat Lyon".
var scaleGroupKinds = []string{
	"Collectif", "Comité de quartier", "Association", "Union locale", "Amicale",
	"Coordination", "Réseau", "Cercle", "Groupe local", "Coopérative",
}

var scaleGroupThemes = []string{
	"climat", "logement", "vélo", "école publique", "santé", "solidarité", "eau", "retraites",
	"féministe", "antiraciste", "paysan", "culture", "locataires", "parents d'élèves",
	"transports", "jardins", "numérique libre", "paix", "exilés", "énergie",
}

// scaleTags are event and group tags (the first is the one benched).
var scaleTags = []string{
	"climat", "logement", "retraites", "ecole", "sante", "transports", "velo", "eau", "feminisme",
	"antiracisme", "solidarite", "culture", "quartier", "services-publics", "agriculture",
	"jeunesse", "numerique", "paix", "energie", "biodiversite", "salaires", "democratie",
	"handicap", "exiles", "alimentation", "pollution", "travail", "etudiants", "droits", "urbanisme",
}

// scaleStreets are street names of exact addresses.
var scaleStreets = []string{
	"rue de la République", "place de la Mairie", "avenue Jean Jaurès", "rue Victor Hugo",
	"place du Marché", "boulevard Gambetta", "rue de la Gare", "place de l'Église",
	"rue Pasteur", "allée des Tilleuls", "quai de la Libération", "rue Jules Ferry",
	"salle des fêtes, rue du Stade", "maison des associations, rue Émile Zola", "parc municipal",
}
