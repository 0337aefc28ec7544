"""The password rule: long, not a common password, not built on the service's or person's name.

The common passwords are zxcvbn's list of 30,000 (from leaked password sets), kept up to date
by that package rather than copied here.
"""
import re
import unicodedata
from functools import cache

MIN_LENGTH = 12
# Words anyone would try first against this service's accounts (compared without accents).
SITE_WORDS = ("mobilitehautjura", "missionlocale", "saintclaude", "mobilite", "hautjura",
              "jura")
# What must be left once those words and the e-mail's name parts are taken out.
MIN_OWN_PART = 8
# A common password with a few digits or signs around it ("Azertyuiop123!") is still one.
MAX_DECORATION = 6
MIN_DISTINCT = 5


class PasswordRefused(ValueError):
    """The password does not follow the rule; the message says why, in French."""


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _folded(text: str) -> str:
    """Lower case, accents removed, letters and digits only."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if c.isascii() and c.isalnum())


def _name_parts(email: str) -> list[str]:
    local = unicodedata.normalize("NFKC", email).split("@", 1)[0]
    parts = [_folded(p) for p in re.split(r"[._+\-]+", local)] + [_folded(local)]
    return [p for p in parts if len(p) >= 3]


def check_password(password: str, email: str = "") -> None:
    """Raise PasswordRefused when the password breaks the rule."""
    if len(password) < MIN_LENGTH:
        raise PasswordRefused(f"Le mot de passe doit faire au moins {MIN_LENGTH} caractères.")
    lowered = unicodedata.normalize("NFKC", password).casefold()
    if len(set(lowered)) < MIN_DISTINCT:
        raise PasswordRefused("Le mot de passe répète trop les mêmes caractères.")
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    if lowered in _common() or (core in _common()
                                and len(lowered) - len(core) <= MAX_DECORATION):
        raise PasswordRefused("Ce mot de passe fait partie des plus courants : "
                              "choisissez-en un autre, par exemple une phrase de plusieurs mots.")
    rest, found = _folded(password), False
    for word in sorted({*SITE_WORDS, *_name_parts(email)}, key=len, reverse=True):
        if word in rest:
            rest, found = rest.replace(word, ""), True
    if found and len(rest) < MIN_OWN_PART:
        raise PasswordRefused("Le mot de passe ne doit pas reposer sur le nom du service, "
                              "du territoire ou sur votre adresse e-mail.")
