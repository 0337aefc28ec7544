"""The public catalogue: partner organisations and mobility offers (data·inclusion fields)."""
from . import codes as c
from ..domain.hours import in_words
from .fields import Code, Day, StrictBool, Int, Link, OpeningHours, Real, Ref, Text, codes, texts
from .base import Column, Privacy, Table

OPT = {"allow_none": True}
P = Privacy.PUBLIC


def _check_offers(row: dict) -> dict:
    low, high = row.get("age_min"), row.get("age_max")
    if low is not None and high is not None and high < low:
        return {"age_max": ["L'âge maximum doit être supérieur à l'âge minimum."]}
    return {}


def _place() -> dict[str, Column]:
    """Where a structure or an offer receives people, and how to reach it."""
    return {
        "adresse": Column(Text(500, **OPT), P, "Adresse"),
        "commune": Column(Text(200, **OPT), P, "Commune"),
        "code_postal": Column(Text(5, **OPT), P, "Code postal"),
        "code_insee": Column(Text(5, **OPT), P, "Code INSEE"),
        "latitude": Column(Real(-90, 90, **OPT), P, "Latitude"),
        "longitude": Column(Real(-180, 180, **OPT), P, "Longitude"),
        "telephone": Column(Text(50, **OPT), P, "Téléphone"),
        "courriel": Column(Text(320, **OPT), P, "Courriel"),
        "site_web": Column(Link(500, **OPT), P, "Site web"),
        "horaires_accueil": Column(OpeningHours(500, **OPT), P,
                                   "Horaires d'accueil (syntaxe OpenStreetMap)"),
        # What people read: the hours in plain French, written by the server (domain/hours.py).
        "horaires_texte": Column(Text(1000, **OPT), P, "Horaires d'accueil", derived=True),
    }


def _hours_in_words(row: dict) -> dict:
    return {"horaires_texte": in_words(row.get("horaires_accueil"))}


def _freshness() -> dict[str, Column]:
    return {
        # Two devices that checked or updated an entry on different days: the later day is
        # the truth, nothing to settle.
        "date_maj": Column(Day(**OPT), P, "Mis à jour le", merge="latest"),
        "last_checked_at": Column(Day(**OPT), Privacy.CODE, "Vérifié le", merge="latest"),
        "check_every_days": Column(Int(1, 3650, **OPT), Privacy.CODE, "À revérifier tous les (jours)"),
    }


PARTNERS = Table("partners", "Partenaires", shared=True, schema_name="PartnerSchema",
                 derive=_hours_in_words, columns={
    "nom": Column(Text(300), P, "Nom", required=True),
    "description": Column(Text(5000, **OPT), P, "Description"),
    "siret": Column(Text(14, **OPT), P, "SIRET"),
    **_place(),
    "accessibilite_lieu": Column(Link(500, **OPT), P, "Accessibilité du lieu (lien)"),  # acceslibre
    **_freshness(),
})

OFFERS = Table("offers", "Offres", shared=True, schema_name="OfferSchema", check=_check_offers,
               derive=_hours_in_words, columns={
    "structure_id": Column(Ref("structures", **OPT), Privacy.REF, "Structure"),
    "nom": Column(Text(300), P, "Nom", required=True),
    "description": Column(Text(5000, **OPT), P, "Description"),
    "falc": Column(Text(2000, **OPT), P, "En mots simples (FALC)"),
    "type": Column(Code(c.OFFER_TYPES, **OPT), P, "Type"),
    "thematiques": Column(codes(c.THEMATIQUES, **OPT), P, "Thématiques"),
    "frais": Column(Code(c.FRAIS, **OPT), P, "Frais"),
    "frais_precisions": Column(Text(2000, **OPT), P, "Frais : précisions"),
    "publics": Column(texts(**OPT), P, "Publics"),
    "publics_precisions": Column(Text(2000, **OPT), P, "Publics : précisions"),
    "conditions_acces": Column(Text(2000, **OPT), P, "Conditions d'accès"),
    "zone_eligibilite": Column(texts(max_len=20, **OPT), P, "Zone d'éligibilité"),
    **_place(),
    "modes_accueil": Column(codes(c.MODES_ACCUEIL, **OPT), P, "Modes d'accueil"),
    "modes_mobilisation": Column(codes(c.MODES_MOBILISATION, **OPT), P, "Modes de mobilisation"),
    "mobilisable_par": Column(codes(c.MOBILISABLE_PAR, **OPT), P, "Mobilisable par"),
    "lien_mobilisation": Column(Link(500, **OPT), P, "Lien d'inscription"),
    # Said by whoever describes the offer; a partner's acceslibre link alone proves nothing.
    "lieu_accessible": Column(StrictBool(**OPT), P,
                              "Lieu accessible en fauteuil ou sans marche"),
    "age_min": Column(Int(0, 120, **OPT), P, "Âge minimum"),
    "age_max": Column(Int(0, 120, **OPT), P, "Âge maximum"),
    **_freshness(),
})
