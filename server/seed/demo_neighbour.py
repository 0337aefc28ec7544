"""A neighbouring structure for the demo (PostgreSQL only): a few FICTIONAL people and two
accounts, so that isolation between structures can be tried at once."""
import uuid
from datetime import date

from .demo_data import DEMO_NAMESPACE, _jura_code

NEIGHBOUR = str(uuid.uuid5(DEMO_NAMESPACE, "structure/voisine"))
NAME = "Mission Locale voisine (démo)"
# (first name, last name, age, commune): fictional, in the Jura but outside the Haut-Jura.
PEOPLE = [("Manon", "Voisine", 18, "Lons-le-Saunier"), ("Hugo", "Fictif", 20, "Dole"),
          ("Sarah", "Essai", 23, "Poligny")]


def accounts() -> list[dict]:
    """Return the neighbour's demo accounts (passwords come from the seed command)."""
    return [{"email": email, "name": name, "role": role, "partner_id": None}
            for email, name, role in (
                ("coordination.voisine@example.org", "Coordination voisine (démo)",
                 "coordinator"),
                ("referente.voisine@example.org", "Référente voisine (démo)", "referent"))]


def beneficiaries(today: date) -> list[dict]:
    """Return the neighbour's fictional young people."""
    return [{"id": str(uuid.uuid5(DEMO_NAMESPACE, f"voisine/{first} {last}")),
             "first_name": first, "last_name": last,
             "birth_date": date(today.year - age, 1, 15).isoformat(), "sex": "F" if i != 1
             else "M", "commune": commune, "commune_code": _jura_code(commune),
             "status": "cej", "notes": "Personne fictive (données de démonstration)."}
            for i, (first, last, age, commune) in enumerate(PEOPLE)]
