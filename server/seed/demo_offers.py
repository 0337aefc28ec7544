"""Demo mobility offers (data·inclusion *services*) for the Haut-Jura Saint-Claude territory.

DEMO DATA: plausible offers written to exercise the catalogue, NOT an authoritative list.
Amounts, conditions and schedules must be checked with each partner before publication; the
contact details come from demo_partners (fictional numbers, example.org e-mails).
Ids are hard-coded so that re-seeding is idempotent.
"""

from server.seed import demo_partners as p

M = "mobilite"
VEHICULE = "mobilite--acceder-a-un-vehicule"
REPARER = "mobilite--entretenir-reparer-son-vehicule"
ACCOMPAGNE = "mobilite--etre-accompagne-dans-son-parcours-mobilite"
FINANCER = "mobilite--financer-ma-mobilite"
PERMIS = "mobilite--preparer-un-permis"
DOUCE = "mobilite--mobilite-douce-partagee-collective"

JEUNES = ["jeunes"]
JEUNES_DE = ["jeunes", "demandeurs-emploi"]
LARGE = ["jeunes", "demandeurs-emploi", "beneficiaires-des-minimas-sociaux", "residents-qpv-frr"]
_BY_ID = {partner["id"]: partner for partner in p.PARTNERS}


def _offer(id_, structure_id, nom, type_, thematiques, description, falc, *, frais="gratuit",
           publics=None, zone=None, **extra):
    """Build one service dict, taking place and contact from its structure."""
    s = _BY_ID[structure_id]
    offer = {
        "id": id_, "structure_id": structure_id, "nom": nom, "type": type_,
        "thematiques": thematiques, "description": description, "falc": falc, "frais": frais,
        "publics": publics or JEUNES_DE, "zone_eligibilite": zone or [p.EPCI_HJSC],
        "adresse": s["adresse"], "commune": s["commune"], "code_postal": s["code_postal"],
        "code_insee": s["code_insee"], "telephone": s["telephone"], "courriel": s["courriel"],
        "modes_accueil": ["en-presentiel"], "modes_mobilisation": ["telephoner", "se-presenter"],
        "mobilisable_par": ["usagers", "professionnels"], "date_maj": p.DATE_MAJ,
    }
    offer.update(extra)
    return offer


OFFERS = [
    # --- accompaniment by the Mission Locale (the heart of the project) ---
    _offer("b8c67e1a-bcfd-4dbf-a3ce-1d7de88484e2", p.MLSJ,
           "Accompagnement par la référente mobilité",
           "accompagnement", [M, ACCOMPAGNE],
           "Un rendez-vous pour faire le point sur vos déplacements. La référente cherche avec "
           "vous des solutions : transport, permis, véhicule, aides. Elle vous suit dans le temps.",
           "Tu as du mal à te déplacer ? Une personne t'aide à trouver une solution.",
           publics=LARGE, age_min=16, conditions_acces="Habiter le Haut-Jura Saint-Claude.",
           modes_accueil=["en-presentiel", "a-distance"],
           modes_mobilisation=["telephoner", "envoyer-un-courriel", "se-presenter"]),
    _offer("17ae8488-3607-49d7-af13-09fe7affcbd2", p.MLSJ, "Diagnostic mobilité",
           "accompagnement", [ACCOMPAGNE],
           "Un entretien d'environ une heure pour connaître vos besoins de déplacement, vos "
           "moyens et vos freins. Il débouche sur un plan d'action avec des étapes datées.",
           "On parle ensemble de tes trajets. Puis on fait un plan, étape par étape.",
           publics=LARGE, age_min=16, mobilisable_par=["professionnels"],
           conditions_acces="Sur orientation d'un professionnel ou après un premier contact."),
    _offer("689f71ed-3bd8-4601-a845-9cd21b6c81e5", p.MLSJ, "Ateliers mobilité à la Mission Locale",
           "atelier", [M, ACCOMPAGNE],
           "Ateliers en petit groupe : préparer un trajet, connaître les aides, parler de ses "
           "peurs.",
           "Un atelier en groupe pour apprendre à bouger.", publics=JEUNES, age_min=16, age_max=25),
    _offer("f64c4274-65b2-4983-b8f3-d346357bd211", p.MLSJ, "Coup de pédale pour l'avenir",
           "atelier", [DOUCE, REPARER],
           "Atelier vélo : apprendre ou réapprendre à rouler, entretenir et réparer son vélo, "
           "faire une sortie encadrée. Vélo et casque prêtés.",
           "Tu apprends à faire du vélo et à le réparer. On te prête un vélo et un casque.",
           publics=JEUNES, age_min=16, age_max=25),
    _offer("71ae7e2b-1a3c-4273-99a1-5bf9dfb55d75", p.MLSJ, "Prêt de vélo",
           "aide-materielle", [VEHICULE, DOUCE],
           "Prêt gratuit d'un vélo, d'un antivol et d'un casque pour aller au travail ou en "
           "formation, pour quelques semaines.", "On te prête un vélo pour aller au travail.",
           age_min=16, conditions_acces="Avoir un projet d'emploi ou de formation."),
    _offer("a8fd72f9-d560-4a3e-bfd1-4e8361894613", p.MLSJ, "Prêt de scooter",
           "aide-materielle", [VEHICULE],
           "Location d'un scooter à petit prix, assurance comprise, le temps de trouver une "
           "solution durable.", "On te loue un scooter pas cher pour aller travailler.",
           frais="payant", frais_precisions="Participation de 2 € par jour (démo).", age_min=16,
           conditions_acces="Avoir le permis AM ou le permis B, et un contrat ou une formation."),
    _offer("cdce3d97-a634-403b-a9d0-5df5f8675801", p.MLSJ, "Soutien au code de la route",
           "formation", [PERMIS],
           "Séances d'entraînement au code en petit groupe, avec des tests en ligne et une aide "
           "à la lecture des questions.", "Tu t'entraînes au code avec d'autres jeunes.",
           publics=JEUNES, age_min=15, age_max=25),
    _offer("7fcf4c8f-533e-44c6-baf7-7113d8d2c7df", p.MLSJ, "Permis à 1 € par jour : information",
           "information", [PERMIS, FINANCER],
           "Un prêt à taux zéro pour payer l'auto-école, remboursé environ 30 € par mois. La "
           "Mission Locale explique le dispositif et aide à monter le dossier.",
           "Tu peux payer ton permis petit à petit : 1 € par jour.",
           publics=JEUNES, age_min=15, age_max=25, zone=[p.DEPARTEMENT_JURA]),
    # --- outreach places ("aller vers") ---
    _offer("acc125ca-5a02-4bf7-8f85-64bf5dbcc692", p.RESTOS,
           "Permanence mobilité aux Restos du Cœur",
           "information", [M, ACCOMPAGNE],
           "La référente mobilité vient aux Restos du Cœur. Vous pouvez lui parler sans "
           "rendez-vous.",
           "Aux Restos du Cœur, une personne répond à tes questions pour te déplacer.",
           publics=LARGE, modes_mobilisation=["se-presenter"], mobilisable_par=["usagers"]),
    _offer("e49e1982-49a0-4add-adbf-5f90ac6040ca", p.DOME,
           "Permanence mobilité à la médiathèque Le Dôme",
           "information", [M],
           "Permanence sans rendez-vous à la médiathèque : horaires, trajets, aides, permis.",
           "À la médiathèque, on t'aide à trouver ton trajet.", publics=LARGE,
           modes_mobilisation=["se-presenter"], mobilisable_par=["usagers"]),
    _offer("b529d2fa-5a9a-4d05-8c0d-e361aba2a53d", p.LYCEE_PSS,
           "Permanence mobilité au lycée Pré Saint Sauveur",
           "information", [M, PERMIS],
           "Une permanence au lycée pendant la pause de midi : stages, permis, transports.",
           "Au lycée, le midi, tu peux poser tes questions sur le permis et les bus.",
           publics=["jeunes", "etudiants"], age_min=15, age_max=20, zone=["39478"],
           mobilisable_par=["usagers"], conditions_acces="Être élève de la cité scolaire."),
    _offer("0dbccc57-7bdb-4b3d-92a5-d841e9c2a5e2", p.ASMH, "Ateliers mobilité 1000 services",
           "atelier", [ACCOMPAGNE],
           "Ateliers pratiques avec l'ASMH : préparer un trajet vers un emploi, s'organiser "
           "quand on n'a pas de voiture.",
           "Un atelier pour apprendre à aller au travail sans voiture."),
    _offer("8bf45218-83fc-43b3-9093-dcacd6014b60", p.CPIE,
           "À la découverte du territoire et de ses possibilités",
           "atelier", [M, DOUCE],
           "Sorties en groupe en bus, en car ou à pied pour découvrir les villages, les "
           "entreprises et les services du Haut-Jura. On apprend en voyageant.",
           "On sort en groupe pour découvrir le Haut-Jura en bus et à pied.",
           publics=JEUNES, age_min=16, age_max=25),
    _offer("b1e04412-e9f4-4254-a6c6-c098865f5703", p.DOME,
           "Lire un horaire et utiliser une appli d'itinéraire",
           "formation", [ACCOMPAGNE, DOUCE],
           "Formation courte à l'espace numérique : lire une fiche horaire, trouver un arrêt, "
           "préparer un trajet sur son téléphone.",
           "Tu apprends à lire un horaire de bus et à utiliser ton téléphone pour un trajet.",
           publics=LARGE),
    _offer("ecc0989c-b37f-4fe7-b955-180442412b8a", p.FRATERNELLE,
           "Sorties culturelles accompagnées",
           "atelier", [M],
           "Sorties en groupe vers un spectacle ou un cinéma : on prépare le trajet ensemble.",
           "On va voir un film ou un spectacle. On prépare le trajet ensemble.", publics=LARGE),
    # --- public and shared transport ---
    _offer("6b040b1f-c617-4cb6-a1aa-0389adfa56bb", p.URBUS, "Bus Urbus à Saint-Claude",
           "information", [DOUCE],
           "Lignes de bus dans Saint-Claude et vers les quartiers. Ticket à l'unité ou abonnement.",
           "Le bus de Saint-Claude. Tu achètes un ticket pour monter.", frais="payant",
           frais_precisions="Ticket à l'unité ou abonnement ; tarifs réduits jeunes.",
           publics=LARGE, zone=["39478"], mobilisable_par=["usagers"]),
    _offer("1ea953b9-c072-4e1f-9cc7-1c7350e7da78", p.URBUS, "Transport à la demande (TAD)",
           "information", [DOUCE],
           "Un minibus vient vous chercher à un arrêt, sur réservation la veille, aux heures où "
           "le bus ne passe pas.", "Tu réserves la veille. Un minibus vient te chercher.",
           frais="payant", frais_precisions="Prix d'un ticket de bus.", publics=LARGE,
           conditions_acces="Réserver par téléphone la veille avant 17 h."),
    _offer("465814cb-8044-45e5-992a-b43280e2107c", p.MOBIGO, "Cars Mobigo du Haut-Jura",
           "information", [DOUCE],
           "Cars régionaux entre Saint-Claude, les villages, Morez, Oyonnax et Lons-le-Saunier.",
           "Le car pour aller dans les villages et les autres villes.", frais="payant",
           frais_precisions="Tarifs réduits pour les moins de 26 ans.", publics=LARGE,
           zone=[p.DEPARTEMENT_JURA], mobilisable_par=["usagers"]),
    _offer("8a5a6dab-b4e8-4229-8c5b-9a006963d244", p.MOBIGO, "Train TER Saint-Claude – Oyonnax",
           "information", [DOUCE],
           "Trains TER de Saint-Claude vers Oyonnax et au-delà. Horaires et tarifs en gare.",
           "Le train pour aller à Oyonnax.", frais="payant",
           frais_precisions="Réductions avec les cartes jeunes régionales.", publics=LARGE,
           zone=[p.DEPARTEMENT_JURA], mobilisable_par=["usagers"]),
    _offer("20372c85-7662-4aab-bef3-56fc762beab8", p.MOBIGO, "Covoiturage Mobigo",
           "information", [DOUCE],
           "Trouver ou proposer un trajet en covoiturage sur la plateforme régionale.",
           "Tu partages une voiture avec quelqu'un qui fait le même trajet.",
           publics=LARGE, zone=[p.DEPARTEMENT_JURA], modes_accueil=["a-distance"],
           modes_mobilisation=["utiliser-lien-mobilisation"], mobilisable_par=["usagers"]),
    _offer("f3531dd1-3150-452a-9f57-5ead4b04bdc3", p.PNR,
           "Aires de covoiturage et autostop organisé",
           "information", [DOUCE],
           "Carte des aires de covoiturage et des arrêts d'autostop organisé dans le Parc.",
           "Des arrêts pour partager une voiture dans le Haut-Jura.", publics=LARGE),
    _offer("ae8f7883-f30f-4858-9b76-6674fde8d207", p.CCHJSC,
           "Location de vélos à assistance électrique",
           "aide-materielle", [VEHICULE, DOUCE],
           "Location au mois d'un vélo électrique pour les trajets en pente du Haut-Jura.",
           "Tu loues un vélo électrique au mois. Il t'aide dans les montées.", frais="payant",
           frais_precisions="Tarif réduit pour les jeunes et les demandeurs d'emploi (démo).",
           publics=LARGE, age_min=16),
    # --- vehicles ---
    _offer("3134cdff-9ce6-4cff-a2e7-2c5c720a792a", p.GARAGE, "Réparations à petit prix",
           "aide-materielle", [REPARER],
           "Entretien et réparation de votre voiture ou deux-roues : vous payez les pièces et un "
           "petit forfait de main-d'œuvre.", "Ta voiture est en panne ? On la répare pas cher.",
           frais="payant", frais_precisions="Pièces au prix coûtant, main-d'œuvre réduite.",
           publics=LARGE, mobilisable_par=["professionnels"],
           conditions_acces="Sur orientation d'un travailleur social ou de la Mission Locale."),
    _offer("f47ca191-df52-47e9-9c31-fffd3c2709bf", p.GARAGE, "Location solidaire de voiture",
           "aide-materielle", [VEHICULE],
           "Location d'une voiture à petit prix pour un emploi ou une formation, pour quelques "
           "semaines.",
           "Tu loues une voiture pas cher pour aller travailler.", frais="payant",
           frais_precisions="Environ 5 € par jour, carburant non compris (démo).", publics=LARGE,
           age_min=18, mobilisable_par=["professionnels"],
           conditions_acces="Permis B valide ; contrat de travail ou de formation."),
    # --- money for mobility ---
    _offer("ff173ced-2693-4571-b69a-0377e27c71af", p.FRANCE_TRAVAIL, "Aide au permis de conduire B",
           "aide-financiere", [PERMIS, FINANCER],
           "Une aide pour payer une partie du permis B quand il est nécessaire pour un emploi.",
           "France Travail peut payer une partie de ton permis.",
           publics=["demandeurs-emploi"], age_min=18, zone=[p.DEPARTEMENT_JURA],
           conditions_acces="Être inscrit à France Travail, avec l'avis de son conseiller."),
    _offer("42ab2e4a-64c0-4dfe-8b03-9b9aef7427f0", p.FRANCE_TRAVAIL,
           "Aide à la mobilité France Travail",
           "aide-financiere", [FINANCER],
           "Prise en charge d'une partie des frais de trajet, de repas ou d'hébergement pour un "
           "entretien, une formation ou une reprise d'emploi loin de chez soi.",
           "France Travail peut payer une partie de tes trajets pour un travail.",
           publics=["demandeurs-emploi"], zone=[p.DEPARTEMENT_JURA],
           conditions_acces="Demande à faire avant le déplacement."),
    _offer("a2907491-d18a-4568-8324-90e1fa45fe87", p.REGION, "Aide régionale au permis (démo)",
           "aide-financiere", [PERMIS, FINANCER],
           "Une aide de la Région pour les jeunes qui passent le permis B dans le cadre d'un "
           "projet d'insertion. Montant et conditions à vérifier.",
           "La Région peut t'aider à payer ton permis.", publics=JEUNES, age_min=18, age_max=25,
           zone=[p.DEPARTEMENT_JURA], mobilisable_par=["professionnels"]),
    _offer("f75b75c9-4ccf-401a-82e0-c6b649f484b8", p.CAF, "Aide de la CAF pour le permis (démo)",
           "aide-financiere", [PERMIS, FINANCER],
           "Selon le règlement d'action sociale de la CAF, une aide ou un prêt peut financer une "
           "partie du permis. Conditions de ressources.",
           "La CAF peut t'aider à payer ton permis.", publics=["jeunes", "familles"],
           zone=[p.DEPARTEMENT_JURA], mobilisable_par=["professionnels"]),
    _offer("52420741-ff97-4708-8135-e85c94f192bb", p.CMA, "Aide au permis pour les apprentis",
           "aide-financiere", [PERMIS, FINANCER],
           "Une aide de l'État pour les apprentis d'au moins 18 ans qui passent le permis B. La "
           "Chambre de Métiers informe et oriente.",
           "Tu es apprenti ? Tu peux avoir une aide pour ton permis.", publics=JEUNES,
           age_min=18, zone=[p.DEPARTEMENT_JURA],
           conditions_acces="Avoir un contrat d'apprentissage en cours."),
    _offer("feb6ba72-af19-44d1-9af7-dd9b9865a0f1", p.CCAS, "Carte de transport solidaire",
           "aide-financiere", [FINANCER, DOUCE],
           "Un abonnement de bus à tarif réduit pour les personnes aux revenus modestes.",
           "Le CCAS t'aide à payer ton abonnement de bus.", publics=LARGE, zone=["39478"],
           conditions_acces="Habiter Saint-Claude ; conditions de ressources."),
    _offer("949cbb5b-f958-42ae-85de-877c13b89ea4", p.CCAS,
           "Micro-crédit personnel pour la mobilité",
           "accompagnement", [FINANCER, VEHICULE],
           "Un petit prêt accompagné pour acheter ou réparer un véhicule ou payer le permis, "
           "quand la banque refuse. Le CCAS monte le dossier avec vous.",
           "Un petit prêt pour acheter une voiture ou payer ton permis. On t'aide.",
           publics=LARGE, age_min=18, conditions_acces="Capacité à rembourser de petites sommes."),
    _offer("0413c454-83c1-46ca-85ac-6ee6ffc88f16", p.MDS, "Fonds d'aide aux jeunes – mobilité",
           "aide-financiere", [FINANCER],
           "Une aide ponctuelle pour un abonnement, une réparation ou un trajet vers un emploi.",
           "Une aide d'argent pour tes trajets, si tu as peu de ressources.", publics=JEUNES,
           age_min=18, age_max=25, zone=[p.DEPARTEMENT_JURA], mobilisable_par=["professionnels"]),
    # --- specific publics ---
    _offer("76d7f4ba-a90a-4607-92c5-16ee8347dde6", p.CIDFF,
           "Accompagnement emploi et mobilité des femmes",
           "accompagnement", [ACCOMPAGNE],
           "Entretiens individuels pour les femmes : garde d'enfants, trajets, reprise d'emploi.",
           "Une personne t'aide à organiser tes trajets et ta reprise de travail.",
           publics=["femmes", "familles"], zone=[p.DEPARTEMENT_JURA]),
    _offer("4961f97d-9009-4fd0-9938-a7f4b6a36399", p.JURALLIANCE,
           "Orientation vers les solutions de mobilité",
           "information", [M],
           "Premier accueil et orientation vers les partenaires du réseau mobilité du territoire.",
           "On te dit à qui demander de l'aide pour te déplacer.", publics=LARGE),
]

OFFER_IDS = {o["id"] for o in OFFERS}
