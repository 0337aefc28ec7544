"""Demo partners (data·inclusion *structures*) of the Haut-Jura Saint-Claude territory.

The organisations are the project's real partners, but every contact detail here is
FICTIONAL: phone numbers are taken from the ranges ARCEP reserves for fiction
(03 53 01 xx xx, 06 39 98 xx xx), e-mails use the reserved example.org domain, and addresses
and opening hours are plausible placeholders to check with each partner before any real use.
Descriptions stay generic on purpose: they must not be read as the partners' own words.
The ids are hard-coded so that running the seed twice updates rather than duplicates.
"""

# INSEE codes (verified): Saint-Claude 39478, Coteaux du Lizon 39491, Septmoncel les Molunes
# 39510, Longchaumois 39297, Lavans-lès-Saint-Claude 39286, Lons-le-Saunier 39300.
# The EPCI (CC Haut-Jura Saint-Claude) has SIREN 200026573; data·inclusion zones accept it.
SAINT_CLAUDE = {"commune": "Saint-Claude", "code_postal": "39200", "code_insee": "39478"}
LONS = {"commune": "Lons-le-Saunier", "code_postal": "39000", "code_insee": "39300"}
EPCI_HJSC = "200026573"
DEPARTEMENT_JURA = "39"
DATE_MAJ = "2026-01-15"
WEEKDAYS = "Mo-Fr 09:00-12:00,13:30-17:00"
# accessibilite_lieu is a link to the place's accessibility page (acceslibre): fictional too.
ACCESLIBRE = "https://acceslibre.example.org/"

MLSJ = "8be1c929-75f6-4a34-a8ea-0239d545960b"
FRANCE_TRAVAIL = "6b046c48-4a79-405d-8077-000eea8cef26"
CCAS = "0ac055f4-6267-4ae7-86f8-0b33e22e9255"
CAF = "85057379-b249-4495-9e3c-aecac0fe1f4d"
RESTOS = "569eeeb1-0b91-4e64-a205-1d88a4b98282"
DOME = "f9943a72-0e63-4fd8-a08b-8f71f24163c4"
LYCEE_PSS = "1a46cbe8-44ec-4971-a68b-b13bd737c649"
ASMH = "6e60ab72-3be4-4cca-8396-290092a1fd13"
CMA = "852e57de-aff6-4905-80aa-6a1894d9b1d3"
FRATERNELLE = "f3da352a-7011-4668-abae-c214b4b2471e"
CPIE = "fc31cb32-c748-46d3-8a35-e3eed0a71fbb"
PNR = "59309dc3-f2c9-40a6-8f10-bda9613945b5"
URBUS = "87b61a48-5260-4b00-bd85-94540934ec89"
MOBIGO = "12b08970-8829-4a6b-860b-fa6be438ae80"
CIDFF = "4a6feb05-31f1-49ac-a81e-26504d3b6b5f"
JURALLIANCE = "f0a3df8e-ef2f-4b38-b64c-9ffe8420c323"
MDS = "11370fce-d7e1-4aef-bee2-80b30d53b2ee"
CCHJSC = "fdb4d81a-73db-4d15-a606-1baf51152541"
REGION = "2f85b407-e334-42a0-a92b-ec7fab772be1"
GARAGE = "73cd325d-ad21-4760-a2c9-f2259eefc235"


def _partner(id_, nom, description, adresse, phone_suffix, mailbox, horaires=WEEKDAYS,
             place=SAINT_CLAUDE, accessibilite=None):
    """Build one structure dict with fictional contact details."""
    partner = {
        "id": id_, "nom": nom, "description": description, **place, "adresse": adresse,
        "telephone": f"03 53 01 {phone_suffix} 00", "courriel": f"{mailbox}@example.org",
        "horaires_accueil": horaires, "date_maj": DATE_MAJ,
    }
    if accessibilite:
        partner["accessibilite_lieu"] = accessibilite
    return partner


PARTNERS = [
    _partner(MLSJ, "Mission Locale Sud Jura – antenne de Saint-Claude",
             "Accueil des jeunes de 16 à 25 ans : emploi, formation, logement, santé, mobilité. "
             "La référente mobilité y reçoit sur rendez-vous ou sans rendez-vous.",
             "Rue du Pré", "10", "mobilite.mlsj",
             accessibilite=ACCESLIBRE + "mission-locale-saint-claude/"),
    _partner(FRANCE_TRAVAIL, "France Travail – agence de Saint-Claude",
             "Inscription, accompagnement vers l'emploi et aides à la reprise d'emploi.",
             "Avenue de la Libération", "11", "agence.saint-claude",
             horaires="Mo-Fr 08:30-12:30, Mo-Th 13:30-16:30"),
    _partner(CCAS, "CCAS de Saint-Claude",
             "Centre communal d'action sociale : aides facultatives, accompagnement social.",
             "Hôtel de ville, place du 9 Avril 1944", "12", "ccas"),
    _partner(CAF, "CAF du Jura",
             "Caisse d'allocations familiales : prestations et aides aux familles et aux jeunes.",
             "Siège départemental", "13", "caf", horaires="Mo-Fr 08:30-16:30", place=LONS),
    _partner(RESTOS, "Les Restos du Cœur – centre de Saint-Claude",
             "Aide alimentaire et accueil. La Mission Locale y tient une permanence mobilité.",
             "Rue de la Poyat", "14", "restos", horaires="Tu,Th 09:00-11:30"),
    _partner(DOME, "Médiathèque Le Dôme",
             "Médiathèque intercommunale : lecture, espace numérique, permanences partenaires.",
             "Centre-ville", "15", "mediatheque-dome",
             horaires="Tu,Th,Fr 14:00-18:00; We,Sa 10:00-12:00,14:00-18:00",
             accessibilite=ACCESLIBRE + "mediatheque-le-dome/"),
    _partner(LYCEE_PSS, "Cité scolaire Pré Saint Sauveur",
             "Lycée et collège de Saint-Claude. Permanence mobilité pour les élèves.",
             "Cour des Samsons", "16", "cite-scolaire-pss", horaires="Mo-Fr 08:00-17:30"),
    _partner(ASMH, "ASMH – 1000 services",
             "Association partenaire : ateliers mobilité « 1000 services » avec la Mission Locale.",
             "Rue Rosset", "17", "asmh"),
    _partner(CMA, "Chambre de Métiers et de l'Artisanat Bourgogne-Franche-Comté",
             "Apprentissage et artisanat : information des apprentis sur leurs droits et aides.",
             "Antenne du Jura", "18", "cma-bfc", place=LONS),
    _partner(FRATERNELLE, "La Fraternelle – Maison du Peuple",
             "Lieu culturel et d'éducation populaire : cinéma, ateliers, sorties.",
             "Rue de la Poyat", "19", "fraternelle",
             horaires="Tu-Sa 14:00-18:00"),
    _partner(CPIE, "CPIE du Haut-Jura",
             "Centre d'initiatives pour l'environnement : sorties, découverte du territoire.",
             "Antenne du Haut-Jura", "20", "cpie-haut-jura"),
    _partner(PNR, "Parc naturel régional du Haut-Jura",
             "Parc naturel régional : mobilités douces, covoiturage, projets de territoire.",
             "Maison du Parc", "21", "parc-haut-jura"),
    _partner(URBUS, "Urbus – réseau de bus de Saint-Claude",
             "Bus urbains de Saint-Claude et transport à la demande.",
             "Point d'information, place du 9 Avril 1944", "22", "urbus",
             horaires="Mo-Fr 08:00-12:00,14:00-18:00; Sa 08:00-12:00"),
    _partner(MOBIGO, "Mobigo – Mobilités Bourgogne-Franche-Comté",
             "Cars régionaux, trains TER, information multimodale et covoiturage en Bourgogne-"
             "Franche-Comté.", "Gare de Saint-Claude", "23", "mobigo",
             horaires="Mo-Sa 07:00-19:00"),
    _partner(CIDFF, "CIDFF du Jura (CIDFF39)",
             "Information sur les droits des femmes et des familles, accompagnement vers l'emploi.",
             "Permanence de Saint-Claude", "24", "cidff39", horaires="Th 09:00-12:00"),
    _partner(JURALLIANCE, "Juralliance",
             "Association partenaire du réseau mobilité du Haut-Jura.",
             "Permanence de Saint-Claude", "25", "juralliance"),
    _partner(MDS, "Maison des Solidarités de Saint-Claude (Département du Jura)",
             "Service social départemental : accompagnement social, Fonds d'aide aux jeunes.",
             "Rue du Marché", "26", "mds-saint-claude"),
    _partner(CCHJSC, "Communauté de communes Haut-Jura Saint-Claude",
             "Intercommunalité de Saint-Claude et des villages du Haut-Jura.",
             "Boulevard de la République", "27", "accueil.cchjsc"),
    _partner(REGION, "Région Bourgogne-Franche-Comté",
             "Région : aides aux jeunes, transport régional, formation professionnelle.",
             "Antenne régionale", "28", "region-bfc", place=LONS),
    _partner(GARAGE, "Garage solidaire du Haut-Jura (structure fictive de démonstration)",
             "Réparation à petit prix et location de véhicules pour les personnes aux revenus "
             "modestes, sur orientation d'un travailleur social.",
             "Zone artisanale", "29", "garage-solidaire", horaires="Mo-Fr 08:30-12:00,13:30-17:30"),
]

PARTNER_IDS = {p["id"] for p in PARTNERS}
