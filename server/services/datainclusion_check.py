"""Check records against the official data·inclusion schema (PyPI data-inclusion-schema, v1).

The package's pydantic models are the reference: what they refuse, the national platform
refuses. Their messages are English; each error is said here in French, naming the line (the
record's rank in the file, from 1) and the field.
"""
import pydantic
from data_inclusion.schema.v1 import Service, Structure, Thematique

MODELS = {"structures": Structure, "services": Service}
V1_THEMATIQUES = frozenset(t.value for t in Thematique)
_FRENCH = {
    "missing": "champ obligatoire manquant",
    "string_too_short": "texte trop court (au moins {min_length} caractères)",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "too_short": "liste vide (au moins {min_length} élément)",
    "string_pattern_mismatch": "format invalide",
    "string_type": "texte attendu",
    "enum": "valeur inconnue (attendu : {expected})",
    "literal_error": "valeur inconnue (attendu : {expected})",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "int_parsing": "nombre entier attendu",
    "list_type": "liste attendue",
    "set_type": "liste attendue",
    "url_parsing": "lien invalide",
    "url_scheme": "lien invalide (http ou https)",
    "url_type": "lien attendu",
    "value_error": "{message}",
    "model_type": "objet JSON attendu",
}
# A value that fits none of the shapes a field admits (a zone: commune, EPCI, département...).
UNION = "valeur refusée : elle n'a aucune des formes admises pour ce champ"


def _french(error: dict) -> str:
    template = _FRENCH.get(error["type"])
    ctx = dict(error.get("ctx") or {})
    if error["type"] == "value_error":
        # The package's own checks speak French already ("Value error, <message>").
        ctx["message"] = error["msg"].removeprefix("Value error, ")
    if template is None:
        return f"valeur refusée ({error['msg']})"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _field(loc: tuple) -> tuple[str, bool]:
    """The field's name (an item's rank from 1), and whether pydantic tried a union's members."""
    parts = [str(p + 1) if isinstance(p, int) else p for p in loc
             if isinstance(p, int) or p.replace("_", "").isalnum()]
    return ".".join(parts) or "(enregistrement)", len(parts) < len(loc)


def check(kind: str, items: list) -> list[dict]:
    """Return the errors of a list of structures or services: {ligne, champ, message}."""
    model = MODELS[kind]
    errors = []
    for line, item in enumerate(items, start=1):
        try:
            model.model_validate(item)
        except pydantic.ValidationError as exc:
            found: dict[str, list[str]] = {}
            for error in exc.errors(include_url=False):
                field, union = _field(error["loc"])
                message = UNION if union else _french(error)
                if message not in found.setdefault(field, []):
                    found[field].append(message)
            errors += [{"ligne": line, "champ": field, "message": message}
                       for field, messages in found.items() for message in messages]
    return errors


def describe(kind: str, error: dict) -> str:
    """One error as a sentence: « services, ligne 3, champ date_maj : ... »."""
    return f"{kind}, ligne {error['ligne']}, champ {error['champ']} : {error['message'].rstrip('.')}."
