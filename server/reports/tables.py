"""The key figures as titled tables: one source for the CSV, XLSX, PDF and HTML exports."""
from ..tables.codes import ACTIONS, REFUSAL_REASONS

ACTION_LABELS = {
    "atelier-mlsj": "Ateliers mobilité à la MLSJ",
    "coup-de-pedale": "« Coup de pédale pour l'avenir »",
    "decouverte-territoire": "« À la découverte du territoire »",
    "permanence-restos": "Permanences aux Restos du Cœur",
    "permanence-dome": "Permanences à la Médiathèque Le Dôme",
    "atelier-asmh": "Ateliers ASMH / 1000 services",
    "permanence-lycee-pss": "Permanences au Lycée Pré Saint Sauveur",
    "arp": "ARP services", "autre": "Autres actions",
}
assert set(ACTION_LABELS) == set(ACTIONS)
OUTCOME_LABELS = {
    "code-obtenu": "Code obtenu", "permis-obtenu": "Permis obtenu",
    "vehicule-obtenu": "Véhicule obtenu", "velo-obtenu": "Vélo obtenu",
    "entree-formation": "Entrée en formation", "emploi": "Emploi", "entree-cej": "Entrée en CEJ",
    "reprise-etudes": "Reprise d'études", "autre": "Autre",
    "etape-franchie": "Étape du parcours franchie",
}

REFUSAL_LABELS = {
    "injoignable": "Injoignable", "hors-territoire": "Hors du territoire",
    "hors-age": "Hors de la tranche d'âge", "deja-accompagne": "Déjà accompagné·e ailleurs",
    "pas-interesse": "Ne souhaite pas d'accompagnement",
    "besoin-hors-mobilite": "Besoin hors mobilité", "doublon": "Orientation en double",
    "autre": "Autre motif", "non-precise": "Motif non précisé",
}
assert set(REFUSAL_REASONS) < set(REFUSAL_LABELS)


def _counts(title: str, counts: dict, label: str = "Valeur") -> tuple:
    return (title, [label, "Personnes"], [[k, v] for k, v in counts.items()])


def figure_tables(kf: dict) -> list[tuple[str, list[str], list[list]]]:
    """Return (title, headers, rows) for every table of the yearly review."""
    profile, barriers = kf["profile"], kf["barriers"]
    split = ["Participations", "dont anonymes", "Personnes", "Jeunes", "Adultes", "Âge inconnu"]

    def group_rows(rows, key, labels=None):
        return [[(labels or {}).get(r[key], r[key]), r["participations"], r["anonymous"],
                 r["distinct"], r["young"], r["adults"], r["unknown_age"]] for r in rows]

    return [
        ("Objectifs", ["Objectif", "Cible", "Réalisé", "Taux"],
         [[t["label"], t["target"], t["value"],
           f"{round(100 * t['ratio'])} %" if t["ratio"] is not None else "—"]
          for t in kf["targets"]]),
        ("Participations par action", ["Action", *split],
         group_rows(kf["actions"], "action", ACTION_LABELS)),
        ("Participations par lieu", ["Lieu", *split], group_rows(kf["places"], "place")),
        _counts("Âge", profile["age_bands"], "Tranche d'âge"),
        _counts("Sexe", profile["sex"], "Sexe"),
        _counts("Commune", profile["communes"], "Commune"),
        _counts("Résidence en QPV", profile["qpv"], "QPV"),
        _counts("Résidence en commune France Ruralités Revitalisation (FRR)", profile["frr"],
                "FRR"),
        _counts("Besoin d'un transport adapté ou d'un accès sans marche",
                profile["adapted_transport"], "Besoin"),
        _counts("Situation", profile["status"], "Situation"),
        ("Freins", ["Frein", "Repérés", "Levés"],
         [[name, count, barriers["lifted"].get(name, 0)]
          for name, count in barriers["identified"].items()]),
        ("Sorties et progrès", ["Sortie", "Personnes"],
         [[OUTCOME_LABELS.get(k, k), v] for k, v in kf["outcomes"].items()]),
        ("Orientations par partenaire",
         ["Partenaire", "Envoyées", "Validées", "Refusées", "Expirées", "En attente",
          "Délai médian (jours)"],
         [[p["partner"], p["sent"], p["validated"], p["refused"], p["expired"], p["open"],
           p["median_response_days"] if p["median_response_days"] is not None else "—"]
          for p in kf["partners"]]),
        ("Motifs de refus par partenaire", ["Partenaire", "Motif", "Orientations refusées"],
         [[p["partner"], REFUSAL_LABELS.get(code, code), n]
          for p in kf["partners"] for code, n in p["refusal_reasons"].items()]),
        ("Professionnels formés", ["Structure", "Professionnels formés"],
         [[p["partner"], p["trained"]] for p in kf["training"]["by_partner"]]),
        ("Évolution par mois", ["Mois", "Participations", "Contacts"],
         [[m["month"], m["participations"], m["contacts"]] for m in kf["trend"]]),
        *_unmet_tables(kf["unmet"]),
    ]


def _unmet_tables(unmet: dict) -> list[tuple]:
    served = {True: "oui", False: "non", None: "—"}
    return [
        ("Besoins non couverts (derniers diagnostics de la période)", ["Besoin", "Personnes"],
         [["Personnes avec un diagnostic", unmet["people"]],
          ["Déplacements à des horaires décalés", unmet["atypical_hours"]],
          ["Ont déjà renoncé faute de transport", unmet["gave_up"]]]),
        ("Lieux à rejoindre cités", ["Commune", "Personnes", "Desservie par une offre"],
         [[d["commune"], d["people"], served[d["served"]]] for d in unmet["destinations"]]),
        ("Communes de résidence sans offre de transport", ["Commune", "Personnes"],
         [[r["commune"], r["people"]] for r in unmet["residences_unserved"]]),
    ]
