"""The demo structures' territories, taken from the recorded official data.

pwa/data/territory.json holds INSEE's Code officiel géographique and the DGCL's EPCI (through
the npm package @etalab/decoupage-administratif, see server/territory.py). The Mission Locale
Sud Jura (démo) serves the four intercommunalités of the Haut-Jura, where its fictional people
live; the neighbouring one (PostgreSQL) every other commune of the Jura département, where its
people live (Lons-le-Saunier, Dole, Poligny). EPCI are found by their official names in the
file, never by codes typed here.
"""
from server.territory import territory

HOME_EPCI = ("CC Haut-Jura Saint-Claude", "CC Haut-Jura Arcade Communauté",
             "CC de la Station des Rousses-Haut Jura", "CC la Grandvallière")
DEPARTEMENT = "39"  # the Jura


def home() -> list[str]:
    """Return the INSEE codes of the Haut-Jura's communes (the Mission Locale Sud Jura's)."""
    land = territory()
    epci = {code for code, name in land.epci.items() if name in HOME_EPCI}
    assert len(epci) == len(HOME_EPCI), "an EPCI of the demo is missing from the file"
    return sorted(c.code for c in land.communes.values() if c.epci in epci)


def neighbour() -> list[str]:
    """Return the INSEE codes of the Jura's other communes (the neighbouring structure's)."""
    mine = set(home())
    return sorted(c.code for c in territory().communes.values()
                  if c.departement == DEPARTEMENT and c.code not in mine)
