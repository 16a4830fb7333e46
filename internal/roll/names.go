package roll

// Name lists embedded for the synthetic-roll generator: the most frequent
// French surnames and first names with rough relative weights, and
// syllables from which the long tail of rare surnames is built.

var commonSurnames = []struct {
	name   string
	weight int
}{
	{"MARTIN", 235}, {"BERNARD", 105}, {"THOMAS", 95}, {"PETIT", 93}, {"ROBERT", 92}, {"RICHARD", 90},
	{"DURAND", 86}, {"DUBOIS", 85}, {"MOREAU", 82}, {"LAURENT", 80}, {"SIMON", 78}, {"MICHEL", 77},
	{"LEFÈBVRE", 76}, {"LEROY", 74}, {"ROUX", 72}, {"DAVID", 71}, {"BERTRAND", 70}, {"MOREL", 69},
	{"FOURNIER", 68}, {"GIRARD", 67}, {"BONNET", 66}, {"DUPONT", 65}, {"LAMBERT", 64}, {"FONTAINE", 63},
	{"ROUSSEAU", 62}, {"VINCENT", 61}, {"MÜLLER", 30}, {"LEFÈVRE", 60}, {"FAURE", 59}, {"ANDRÉ", 58},
	{"MERCIER", 57}, {"BLANC", 56}, {"GUÉRIN", 55}, {"BOYER", 54}, {"GARNIER", 53}, {"CHEVALIER", 52},
	{"FRANÇOIS", 51}, {"LEGRAND", 50}, {"GAUTHIER", 49}, {"GARCIA", 48}, {"PERRIN", 47}, {"ROBIN", 46},
	{"CLÉMENT", 45}, {"MORIN", 44}, {"NICOLAS", 43}, {"HENRY", 42}, {"ROUSSEL", 41}, {"MATHIEU", 40},
	{"GAUTIER", 40}, {"MASSON", 39}, {"MARCHAND", 38}, {"DUVAL", 38}, {"DENIS", 37}, {"DUMONT", 37},
	{"MARIE", 36}, {"LEMAIRE", 36}, {"NOËL", 35}, {"MEYER", 35}, {"DUFOUR", 34}, {"MEUNIER", 34},
	{"BRUN", 33}, {"BLANCHARD", 33}, {"GIRAUD", 32}, {"JOLY", 32}, {"RIVIÈRE", 31}, {"LUCAS", 31},
	{"BRUNET", 30}, {"GAILLARD", 30}, {"BARBIER", 29}, {"ARNAUD", 29}, {"MARTINEZ", 29}, {"GÉRARD", 28},
	{"ROCHE", 28}, {"RENARD", 27}, {"SCHMITT", 27}, {"ROY", 27}, {"LEROUX", 26}, {"COLIN", 26},
	{"VIDAL", 26}, {"CARON", 25}, {"PICARD", 25}, {"ROGER", 25}, {"FABRE", 24}, {"AUBERT", 24},
	{"LEMOINE", 24}, {"RENAUD", 23}, {"DUMAS", 23}, {"LACROIX", 23}, {"OLIVIER", 22}, {"PHILIPPE", 22},
	{"BOURGEOIS", 22}, {"PIERRE", 21}, {"BENOÎT", 21}, {"REY", 21}, {"LECLERC", 20}, {"PAYET", 20},
	{"ROLLAND", 20}, {"LECLERCQ", 19}, {"GUILLAUME", 19}, {"LECOMTE", 19}, {"LOPEZ", 19}, {"JEAN", 18},
	{"DUPUY", 18}, {"GUILLOT", 18}, {"HUBERT", 18}, {"BERGER", 17}, {"CARPENTIER", 17}, {"SANCHEZ", 17},
	{"DUPUIS", 17}, {"MOULIN", 16}, {"LOUIS", 16}, {"DESCHAMPS", 16}, {"HUET", 16}, {"VASSEUR", 16},
	{"PEREZ", 15}, {"BOUCHER", 15}, {"FLEURY", 15}, {"ROYER", 15}, {"KLEIN", 15}, {"JACQUET", 14},
	{"ADAM", 14}, {"PARIS", 14}, {"POIRIER", 14}, {"MARTY", 14}, {"AUBRY", 14}, {"GUYOT", 13},
	{"CARRÉ", 13}, {"CHARLES", 13}, {"RENAULT", 13}, {"CHARPENTIER", 13}, {"MÉNARD", 13}, {"MAILLARD", 12},
	{"BARON", 12}, {"BERTIN", 12}, {"BAILLY", 12}, {"HERVÉ", 12}, {"SCHNEIDER", 12}, {"FERNANDEZ", 12},
	{"LE GALL", 12}, {"COLLET", 11}, {"LÉGER", 11}, {"BOUVIER", 11}, {"JULIEN", 11}, {"PRÉVOST", 11},
	{"MILLET", 11}, {"PERROT", 11}, {"DANIEL", 11}, {"LE ROUX", 11}, {"COUSIN", 10}, {"GERMAIN", 10},
	{"BRETON", 10}, {"BESSON", 10}, {"LANGLOIS", 10}, {"RÉMY", 10}, {"LE GOFF", 10}, {"PELLETIER", 10},
	{"LÉVÊQUE", 10}, {"PERRIER", 10}, {"LEBLANC", 10}, {"BARRÉ", 9}, {"LEBRUN", 9}, {"MARCHAL", 9},
	{"WEBER", 9}, {"MALLET", 9}, {"HAMON", 9}, {"BOULANGER", 9}, {"JACOB", 9}, {"MONNIER", 9},
	{"MICHAUD", 9}, {"RODRIGUEZ", 9}, {"GUICHARD", 8}, {"GILLET", 8}, {"ÉTIENNE", 8}, {"GRONDIN", 8},
	{"POULAIN", 8}, {"TESSIER", 8}, {"CHEVALLIER", 8}, {"COLLIN", 8}, {"CHAUVIN", 8}, {"DA SILVA", 8},
	{"BOUCHET", 8}, {"GAY", 8}, {"LEMAÎTRE", 8}, {"BÉNARD", 8}, {"MARÉCHAL", 8}, {"HUMBERT", 7},
	{"REYNAUD", 7}, {"ANTOINE", 7}, {"HOARAU", 7}, {"PERRET", 7}, {"BARTHÉLEMY", 7}, {"CORDIER", 7},
	{"PICHON", 7}, {"LEJEUNE", 7}, {"GILBERT", 7}, {"LAMY", 7}, {"DELAUNAY", 7}, {"PASQUIER", 7},
	{"CARLIER", 7}, {"LAPORTE", 7}, {"NGUYEN", 7}, {"DE LA FONTAINE", 3}, {"D'ARTAGNAN", 2},
	{"BEN AHMED", 4}, {"DOS SANTOS", 6}, {"N'DIAYE", 4}, {"TRAORÉ", 5}, {"DIALLO", 6}, {"LI", 3},
	{"LÊ", 2}, {"OUELLET", 2}, {"CŒUR", 2}, {"LE", 2}, {"NOÉ", 2}, {"FAYE", 3}, {"WU", 2},
}

var maleFirstNames = []struct {
	name   string
	weight int
}{
	{"Jean", 200}, {"Pierre", 120}, {"Michel", 110}, {"André", 80}, {"Philippe", 90}, {"Alain", 80},
	{"Jacques", 85}, {"Bernard", 70}, {"Claude", 60}, {"Daniel", 65}, {"Christian", 60}, {"Patrick", 60},
	{"Nicolas", 60}, {"Thomas", 55}, {"Louis", 55}, {"Éric", 50}, {"Frédéric", 45}, {"Laurent", 50},
	{"Stéphane", 45}, {"David", 45}, {"Julien", 45}, {"Christophe", 50}, {"Sébastien", 45}, {"François", 55},
	{"Pascal", 40}, {"Olivier", 45}, {"Thierry", 40}, {"Gérard", 40}, {"René", 35}, {"Marcel", 35},
	{"Paul", 45}, {"Henri", 35}, {"Georges", 30}, {"Robert", 35}, {"Roger", 30}, {"Joseph", 40},
	{"Maxime", 35}, {"Alexandre", 40}, {"Antoine", 40}, {"Hugo", 30}, {"Lucas", 35}, {"Léo", 25},
	{"Gabriel", 30}, {"Raphaël", 25}, {"Arthur", 25}, {"Jules", 25}, {"Mathis", 20}, {"Nathan", 25},
	{"Enzo", 20}, {"Théo", 25}, {"Quentin", 25}, {"Romain", 30}, {"Guillaume", 35}, {"Vincent", 35},
	{"Yves", 30}, {"Marc", 35}, {"Didier", 30}, {"Dominique", 30}, {"Serge", 25}, {"Gilles", 30},
	{"Jean-Pierre", 40}, {"Jean-Claude", 35}, {"Jean-Marc", 20}, {"Jean-Luc", 20}, {"Jean-François", 20},
	{"Mohamed", 30}, {"Ahmed", 15}, {"Karim", 12}, {"Mehdi", 12}, {"Yanis", 10}, {"Adam", 15},
	{"Kevin", 20}, {"Anthony", 20}, {"Jérôme", 30}, {"Fabrice", 20}, {"Franck", 20}, {"Hervé", 25},
	{"Bruno", 25}, {"Denis", 25}, {"Emmanuel", 25}, {"Benoît", 20}, {"Cédric", 20}, {"Mickaël", 15},
	{"Loïc", 12}, {"Yann", 12}, {"Gaël", 8}, {"Noël", 10}, {"Luc", 15}, {"Guy", 15}, {"Jean-Baptiste", 10},
	{"Marius", 8}, {"Émile", 10}, {"Lucien", 12}, {"Maurice", 15}, {"Raymond", 15}, {"Roland", 12},
	{"Aurélien", 12}, {"Benjamin", 15}, {"Damien", 15}, {"Florian", 15}, {"Jonathan", 12}, {"Ludovic", 12},
	{"Xavier", 15}, {"Arnaud", 15}, {"Matthieu", 15}, {"Samuel", 12}, {"Simon", 12}, {"Timothée", 6},
}

var femaleFirstNames = []struct {
	name   string
	weight int
}{
	{"Marie", 200}, {"Jeanne", 80}, {"Françoise", 70}, {"Monique", 60}, {"Catherine", 65}, {"Nathalie", 60},
	{"Isabelle", 60}, {"Sylvie", 55}, {"Anne", 60}, {"Martine", 50}, {"Christine", 50}, {"Nicole", 45},
	{"Jacqueline", 40}, {"Sophie", 45}, {"Valérie", 40}, {"Sandrine", 40}, {"Céline", 35}, {"Stéphanie", 35},
	{"Julie", 35}, {"Aurélie", 30}, {"Camille", 30}, {"Laura", 25}, {"Emma", 25}, {"Léa", 25},
	{"Chloé", 25}, {"Manon", 25}, {"Sarah", 25}, {"Inès", 15}, {"Jade", 15}, {"Louise", 25}, {"Alice", 20},
	{"Hélène", 35}, {"Brigitte", 35}, {"Chantal", 35}, {"Danielle", 30}, {"Madeleine", 25}, {"Suzanne", 25},
	{"Simone", 25}, {"Denise", 25}, {"Yvette", 20}, {"Odette", 15}, {"Paulette", 15}, {"Germaine", 15},
	{"Josiane", 15}, {"Michèle", 35}, {"Dominique", 25}, {"Claire", 30}, {"Élodie", 25}, {"Émilie", 30},
	{"Caroline", 30}, {"Virginie", 30}, {"Véronique", 35}, {"Patricia", 30}, {"Corinne", 25}, {"Pascale", 20},
	{"Florence", 25}, {"Laurence", 30}, {"Agnès", 20}, {"Béatrice", 20}, {"Annie", 20}, {"Marion", 20},
	{"Pauline", 25}, {"Mathilde", 20}, {"Anaïs", 15}, {"Océane", 12}, {"Clara", 15}, {"Zoé", 12},
	{"Lucie", 20}, {"Juliette", 15}, {"Fatima", 15}, {"Nadia", 12}, {"Amina", 8}, {"Yasmine", 8},
	{"Marie-Thérèse", 15}, {"Marie-Claude", 15}, {"Anne-Marie", 20}, {"Marie-Christine", 15},
	{"Marie-France", 10}, {"Geneviève", 20}, {"Colette", 15}, {"Josette", 12}, {"Gisèle", 15},
	{"Renée", 12}, {"Lucienne", 10}, {"Marguerite", 12}, {"Thérèse", 15}, {"Bernadette", 15},
	{"Élise", 12}, {"Margaux", 12}, {"Noémie", 10}, {"Justine", 12}, {"Charlotte", 15}, {"Maëlys", 6},
	{"Solène", 8}, {"Gaëlle", 8}, {"Nolwenn", 6}, {"Rose", 8}, {"Agathe", 8}, {"Eva", 12},
}

// Syllables for the rare surnames and for commune names.
var (
	sylStart = []string{"BER", "CHA", "DU", "MO", "RI", "GAR", "PE", "ROU", "FON", "BLAN", "MAR", "GI",
		"VIL", "BRU", "CO", "LA", "TOU", "POI", "GUI", "MEU", "LAN", "SAU", "BOU", "CAS", "DES", "FAR",
		"GRA", "JOU", "KER", "LOM", "MAL", "NOR", "PAS", "QUE", "RAB", "SAL", "TRI", "VAU", "BAR", "CLO",
		"DOR", "ES", "FRO", "GOU", "HAR", "LEC", "MEN", "OU", "PRI", "ROC", "SER", "TAR", "VER", "AU",
		"BEL", "CHE", "DAR", "FER", "GAL", "HU", "JA", "LIO", "MAU", "NAU", "PO", "RO", "SOU", "TEL"}
	sylMid = []string{"", "", "", "", "RI", "LE", "NI", "TA", "BO", "VI", "MA", "DE", "LO", "SE", "GUE",
		"CHE", "RA", "TI", "NE", "PI", "ME", "LI", "BA", "GE", "TE", "RE", "VE", "NA"}
	sylEnd = []string{"AUD", "IER", "ET", "OT", "IN", "EAU", "AND", "ARD", "ON", "AT", "ERT", "OUX",
		"IS", "Y", "EL", "AC", "ANT", "ENS", "ERE", "ELLE", "AIS", "OL", "ENT", "ASSE", "IOT", "EUX",
		"AN", "OU", "ESQ", "AGUE", "IEUX", "ARS", "OIS", "AY", "EC", "EN", "IAC", "OUD", "ARN", "EIX"}
)

// Approximate populations (thousands) of the départements, to weight where
// generated voters live.
var departements = []struct {
	code string
	pop  int
}{
	{"01", 660}, {"02", 530}, {"03", 335}, {"04", 165}, {"05", 140}, {"06", 1090}, {"07", 330},
	{"08", 270}, {"09", 155}, {"10", 310}, {"11", 375}, {"12", 280}, {"13", 2040}, {"14", 695},
	{"15", 145}, {"16", 350}, {"17", 655}, {"18", 300}, {"19", 240}, {"2A", 160}, {"2B", 180},
	{"21", 535}, {"22", 600}, {"23", 115}, {"24", 410}, {"25", 545}, {"26", 520}, {"27", 600},
	{"28", 430}, {"29", 915}, {"30", 750}, {"31", 1420}, {"32", 190}, {"33", 1650}, {"34", 1200},
	{"35", 1090}, {"36", 215}, {"37", 610}, {"38", 1270}, {"39", 260}, {"40", 415}, {"41", 330},
	{"42", 765}, {"43", 227}, {"44", 1450}, {"45", 680}, {"46", 175}, {"47", 330}, {"48", 76},
	{"49", 820}, {"50", 495}, {"51", 565}, {"52", 170}, {"53", 307}, {"54", 735}, {"55", 184},
	{"56", 760}, {"57", 1045}, {"58", 200}, {"59", 2600}, {"60", 830}, {"61", 280}, {"62", 1460},
	{"63", 660}, {"64", 690}, {"65", 230}, {"66", 480}, {"67", 1140}, {"68", 770}, {"69", 1880},
	{"70", 235}, {"71", 550}, {"72", 565}, {"73", 435}, {"74", 830}, {"75", 2140}, {"76", 1250},
	{"77", 1420}, {"78", 1450}, {"79", 375}, {"80", 570}, {"81", 390}, {"82", 260}, {"83", 1080},
	{"84", 560}, {"85", 690}, {"86", 440}, {"87", 375}, {"88", 365}, {"89", 335}, {"90", 140},
	{"91", 1300}, {"92", 1620}, {"93", 1650}, {"94", 1400}, {"95", 1250}, {"971", 385}, {"972", 365},
	{"973", 285}, {"974", 860}, {"976", 280}, {"99", 1500},
}
