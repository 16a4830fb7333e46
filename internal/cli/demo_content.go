package cli

import "codeberg.org/cortege/cortege"

// The words of the demo's groups: posts, discussions, tasks, resources.
// Every name, address and story is fictitious.

var demoPosts = []demoPost{
	{Group: "velo", By: "camille", DaysAgo: 50, Title: "Bienvenue sur notre nouvel espace !", Body: `Le collectif a désormais sa page sur Cortège. Vous y trouverez **nos événements**, nos comptes-rendus et les discussions entre membres.

Pour recevoir nos nouvelles, cliquez sur *Suivre* ; pour participer aux décisions, *rejoignez* le collectif.`},
	{Group: "velo", By: "lea", DaysAgo: 8, Title: "Bourse aux vélos : appel aux dons", Body: `Vous avez un vélo qui dort à la cave ? **Donnez-lui une seconde vie !**

Nous collectons les vélos (même en mauvais état) jusqu'à la fin du mois. Ils seront remis en état lors de nos ateliers puis proposés à petit prix aux étudiant·es et aux personnes qui en ont besoin.`},
	{Group: "velo", By: "camille", DaysAgo: 1, Members: true, Title: "Ordre du jour de la réunion mensuelle", Body: `1. Bilan de l'atelier d'autoréparation
2. Préparation de la Vélorution (parcours, sono, service d'ordre)
3. Réponse à la concertation sur la piste de la rue Garibaldi
4. Questions diverses`},
	{Group: "syndicat", By: "fatima", DaysAgo: 40, Title: "Encadrement des loyers : vérifiez votre bail", Body: `À Paris, le loyer de la plupart des logements loués vides ou meublés est **encadré**. Si votre loyer dépasse le loyer de référence majoré, vous pouvez demander une baisse.

Apportez votre bail à la permanence : nous vérifions avec vous, gratuitement.`},
	{Group: "syndicat", By: "julien", DaysAgo: 6, Title: "Permanence juridique : comment ça marche ?", Body: `La permanence a lieu **un jeudi sur deux**, sur inscription. Pour protéger les personnes qui viennent, l'adresse exacte n'est communiquée qu'aux inscrit·es dont la demande a été acceptée.

Pensez à apporter : bail, dernières quittances, courriers du bailleur.`},
	{Group: "syndicat", By: "fatima", DaysAgo: 2, Members: true, Title: "Point sur les adhésions", Body: `Nous sommes **47 foyers adhérents**, dont 9 nouveaux ce trimestre. Merci à toutes et à tous ! Pensez à renouveler votre cotisation (prix libre).`},
	{Group: "alternatiba", By: "mathieu", DaysAgo: 30, Title: "Le village des alternatives revient !", Body: `Réservez la date : le **village des alternatives** reviendra au printemps au parc de Gerland. Nous cherchons des associations, des artisan·es et des bénévoles.

Premier rendez-vous : la Vélorution pour le climat, co-organisée avec le Collectif Vélo Lyon.`},
	{Group: "atr", By: "chloe", DaysAgo: 20, Members: true, Title: "Campagne zéro déchet : le plan", Body: `Trois temps forts pour la campagne :
- un **stand au marché des Lices** chaque samedi du mois ;
- une **pétition** pour la consigne des bouteilles en verre ;
- une **rencontre avec les élu·es** de la Métropole.

La réunion d'équipe permettra de répartir les rôles.`},
}

var demoThreads = []demoThread{
	{Group: "velo", By: "lea", DaysAgo: 12, Pinned: true, Title: "Organisation de la Vélorution pour le climat",
		Body: "On lance l'organisation ! Il nous faut un parcours, une sono et des volontaires pour l'encadrement. Qui est dispo ?",
		Replies: [][2]string{
			{"camille", "Je m'occupe de la déclaration en préfecture. Je propose un départ place Bellecour et une arrivée au parc de la Tête d'Or."},
			{"mathieu", "Alternatiba peut prêter sa sono et son vélo-cargo. On co-organise ?"},
			{"ines", "Je peux faire des banderoles avec l'atelier peinture, il me faudrait du tissu."},
			{"lea", "Parfait ! J'ai créé les tâches correspondantes dans la liste « Vélorution pour le climat »."},
		}},
	{Group: "velo", By: "ines", DaysAgo: 5, Title: "Quel antivol pour un vélo-cargo ?",
		Body: "Je viens d'acheter un vélo-cargo d'occasion. Vous utilisez quoi comme antivol ? Un U suffit ?",
		Replies: [][2]string{
			{"lea", "Un U **et** une chaîne pour la roue avant, et toujours attaché à un point fixe. Pense aussi au marquage (Bicycode) !"},
			{"camille", "Et il y a des arceaux adaptés aux cargos devant la mairie du 1er."},
		}},
	{Group: "syndicat", By: "fatima", DaysAgo: 15, Pinned: true, Title: "Charges locatives : rassemblons nos décomptes",
		Body: "Plusieurs d'entre vous ont reçu des régularisations de charges très élevées. Déposez ici (sans données personnelles) les montants : ensemble, nous pourrons contester.",
		Replies: [][2]string{
			{"julien", "Rappel : le bailleur doit tenir les justificatifs à votre disposition pendant six mois après l'envoi du décompte. Demandez-les par écrit."},
			{"ines", "Chez nous, +380 € pour l'eau chaude sur l'année, sans explication."},
			{"fatima", "Merci Inès. On en parle à la prochaine permanence, on prépare un courrier collectif."},
		}},
	{Group: "syndicat", By: "ines", DaysAgo: 3, Title: "Moisissures dans la salle de bain, que faire ?",
		Body: "Depuis cet hiver, des moisissures reviennent malgré l'aération. Le bailleur dit que c'est de ma faute…",
		Replies: [][2]string{
			{"julien", "Le logement doit être décent : une ventilation défaillante est à la charge du bailleur. Envoie d'abord un courrier recommandé, on a un modèle dans les ressources."},
		}},
	{Group: "alternatiba", By: "mathieu", DaysAgo: 9, Title: "Idées d'ateliers pour le village",
		Body: "Lançons la liste des ateliers du village des alternatives : réparation, cuisine, énergie… À vos idées !",
		Replies: [][2]string{
			{"lea", "Un atelier d'autoréparation vélo, évidemment !"},
			{"camille", "Une carte participative des pistes cyclables dangereuses ?"},
		}},
	{Group: "atr", By: "chloe", DaysAgo: 7, Pinned: true, Title: "Répartition des stands du marché des Lices",
		Body: "Qui peut tenir le stand les samedis matin ? Il faut deux personnes par créneau.",
		Replies: [][2]string{
			{"thomas", "Je prends le premier et le troisième samedi."},
			{"mathieu", "Je serai à Rennes le deuxième samedi, je peux aider."},
		}},
}

var demoTaskLists = []demoTaskList{
	{Group: "velo", By: "lea", Title: "Vélorution pour le climat", Tasks: []demoTask{
		{Title: "Déclarer le parcours en préfecture", Assignee: "camille", DueIn: 3},
		{Title: "Trouver une sono", Assignee: "mathieu", DueIn: 5, Notes: "Alternatiba prête la sienne : prévoir la batterie."},
		{Title: "Peindre les banderoles", Assignee: "ines", DueIn: 7},
		{Title: "Réserver le vélo-cargo", Assignee: "lea", Done: true},
	}},
	{Group: "syndicat", By: "fatima", Title: "Assemblée de rentrée", Tasks: []demoTask{
		{Title: "Réserver la salle de la mairie", Assignee: "fatima", Done: true},
		{Title: "Imprimer et poser les affiches dans les halls", Assignee: "ines", DueIn: 4},
		{Title: "Écrire au bailleur au sujet des charges", Assignee: "julien", DueIn: 10, Notes: "Courrier collectif, à faire signer à la permanence."},
	}},
	{Group: "atr", By: "chloe", Title: "Campagne zéro déchet", Tasks: []demoTask{
		{Title: "Imprimer les tracts", Assignee: "thomas", DueIn: 2},
		{Title: "Demander le rendez-vous aux élu·es", Assignee: "chloe", DueIn: 14},
	}},
}

var demoResources = []demoResource{
	{Group: "velo", By: "lea", Kind: cortege.ResourceLink, Title: "Carte OpenStreetMap des pistes cyclables", URL: "https://www.openstreetmap.org/#map=13/45.7578/4.8320&layers=C"},
	{Group: "velo", By: "lea", Kind: cortege.ResourceNote, Title: "Checklist de l'atelier d'autoréparation", Body: "- pieds d'atelier et outils\n- chambres à air (26\" et 700c)\n- câbles de frein\n- chiffons, dégraissant\n- cahier des prêts"},
	{Group: "velo", By: "camille", Folder: "Tracts et visuels", Kind: cortege.ResourceNote, Title: "Texte du tract Vélorution", Body: "**Pour des rues apaisées, pédalons ensemble !** Départ place Bellecour, musique, bonne humeur, enfants bienvenus."},
	{Group: "syndicat", By: "julien", Kind: cortege.ResourceLink, Title: "Service-public.fr : charges locatives", URL: "https://www.service-public.fr/particuliers/vosdroits/F947"},
	{Group: "syndicat", By: "julien", Folder: "Modèles de courriers", Kind: cortege.ResourceNote, Title: "Courrier au bailleur : logement non décent", Body: "Madame, Monsieur,\n\nJe vous informe que mon logement présente les désordres suivants : …\n\nConformément à l'article 6 de la loi du 6 juillet 1989, je vous demande d'y remédier dans un délai de deux mois.\n\nVeuillez agréer…"},
	{Group: "syndicat", By: "fatima", Kind: cortege.ResourceNote, Title: "Horaires de la permanence", Body: "Un jeudi sur deux, de 18 h 30 à 20 h 30, sur inscription via la page de l'événement."},
	{Group: "alternatiba", By: "mathieu", Kind: cortege.ResourceLink, Title: "Site d'Alternatiba", URL: "https://alternatiba.eu/"},
	{Group: "atr", By: "chloe", Kind: cortege.ResourceNote, Title: "Budget de la campagne", Body: "| poste | montant |\n|---|---|\n| tracts | 120 € |\n| location de barnum | 60 € |"},
}
