"""The territory's official communes, EPCI and départements (pwa/data/territory.json).

scripts/territory.mjs writes the file from INSEE's Code officiel géographique (through the npm
package @etalab/decoupage-administratif); the web app reads the same file (pwa/js/territory.js),
so a commune code means the same thing on the tablet and on the server.
"""
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DEFAULT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "pwa", "data", "territory.json")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
EPCI_CODE = re.compile(r"\d{9}")
DEPARTEMENT_CODE = re.compile(r"\d{2}|2[AB]|97\d")


def name_key(text: str) -> str:
    """Fold case, accents, hyphens and spacing so "st-claude" finds "Saint-Claude"."""
    spaced = re.sub(r"[-'’]", " ", text)
    words = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower().split()
    return " ".join("saint" if w == "st" else "sainte" if w == "ste" else w for w in words)


@dataclass(frozen=True)
class Commune:
    code: str
    nom: str
    codes_postaux: tuple[str, ...]
    epci: str | None

    @property
    def departement(self) -> str:
        """The département's code: the first two characters (three overseas)."""
        return self.code[:3] if self.code.startswith("97") else self.code[:2]


class Territory:
    """Look communes up by code or name, and test them against an eligibility zone."""

    def __init__(self, data: dict):
        self.source = data["source"]
        self.departements = {d["code"]: d["nom"] for d in data["departements"]}
        self.epci = {e["code"]: e["nom"] for e in data["epci"]}
        self.communes = {c["code"]: Commune(c["code"], c["nom"], tuple(c["cp"]), c["epci"])
                         for c in data["communes"]}
        # A former (delegated or associated) commune's code and name lead to today's commune.
        self.former = {a["code"]: a["commune"] for a in data["anciennes"]}
        self._former_names = [(a["nom"], a["commune"]) for a in data["anciennes"]]
        self._by_name: dict[str, set[str]] = {}
        for c in data["communes"]:
            self._by_name.setdefault(name_key(c["nom"]), set()).add(c["code"])
        for a in data["anciennes"]:
            self._by_name.setdefault(name_key(a["nom"]), set()).add(a["commune"])

    def former_names(self) -> list[tuple[str, str]]:
        """Return (former commune's name, today's commune code) pairs."""
        return list(self._former_names)

    def commune(self, code: str | None) -> Commune | None:
        """Return today's commune of an INSEE code (a former commune's code leads to it)."""
        if not code:
            return None
        code = str(code).strip().upper()
        return self.communes.get(self.former.get(code, code))

    def named(self, name: str | None) -> list[Commune]:
        """Return the communes an official or former name designates (homonyms: several)."""
        if not name or not str(name).strip():
            return []
        codes = self._by_name.get(name_key(str(name)), set())
        return sorted((self.communes[c] for c in codes), key=lambda c: c.code)

    def resolve(self, code: str | None = None, name: str | None = None) -> Commune | None:
        """Return the commune a code, or else an unambiguous name, designates."""
        found = self.commune(code)
        if found or code:
            return found
        named = self.named(name)
        return named[0] if len(named) == 1 else None

    def covers(self, zone: list[str] | None, commune: Commune | None) -> bool:
        """Tell whether an eligibility zone takes in someone living in `commune`.

        A zone lists INSEE commune codes, EPCI SIREN numbers, département codes or "france"
        (the data·inclusion convention). No code at all (empty, or only free words) means
        open to everyone; otherwise the person's commune must fall inside one of the codes.
        """
        codes = [str(z).strip().upper() for z in zone or [] if is_zone_code(z)]
        if not codes:
            return True
        if "FRANCE" in codes:
            return True
        if commune is None:
            return False
        for code in codes:
            if COMMUNE_CODE.fullmatch(code) and self.former.get(code, code) == commune.code:
                return True
            if EPCI_CODE.fullmatch(code) and code == commune.epci:
                return True
            if DEPARTEMENT_CODE.fullmatch(code) and code == commune.departement:
                return True
        return False


def is_zone_code(value) -> bool:
    """Tell whether a zone entry is a code (commune, EPCI, département, "france")."""
    if not isinstance(value, str):
        return False
    text = value.strip().upper()
    return text == "FRANCE" or any(p.fullmatch(text) for p in
                                   (COMMUNE_CODE, EPCI_CODE, DEPARTEMENT_CODE))


@lru_cache(maxsize=4)
def _load(path: str) -> Territory:
    with open(path, encoding="utf-8") as f:
        return Territory(json.load(f))


def territory() -> Territory:
    """Return the territory, read once from the repository's pwa/data/territory.json."""
    return _load(_DEFAULT)
