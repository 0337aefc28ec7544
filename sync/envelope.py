"""Parse a push envelope and its mutations; never trust a client's shapes."""
import re
import uuid
from dataclasses import dataclass
from typing import Any

from .errors import EnvelopeError, TooManyMutations, UnsupportedSchema
from .model import TableSpec

MAX_VERSION = 2**53  # what a JavaScript client can hold exactly
_HEX = "[0-9a-fA-F]"
_CANONICAL = re.compile(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_MUTATION_KEYS = {"id", "table", "op", "row_id", "base_version", "fields", "client_ts"}


@dataclass
class Envelope:
    client_id: str
    schema_version: int
    mutations: list[Any]


@dataclass
class Mutation:
    id: str
    table: str
    op: str
    row_id: str
    base_version: int | None
    fields: dict[str, Any]
    client_ts: str | None


@dataclass
class Invalid:
    """A mutation refused before it touches data; `id` is None when it had no usable id."""

    id: str | None
    errors: dict[str, Any]
    raw_id: str | None = None


def canonical_uuid(value: Any) -> str | None:
    """Return the canonical lowercase UUID string, or None when value is not one."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    if _CANONICAL.fullmatch(value):  # the usual case, without building a UUID twice
        return value.lower()
    try:
        parsed = str(uuid.UUID(value))
    except ValueError:
        return None
    return parsed if parsed == value.lower() else None


def is_clean_text(value: Any, max_len: int) -> bool:
    """Tell whether value is a string a database can store as text as it is."""
    if not isinstance(value, str) or len(value) > max_len or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes
        return False
    return True


def is_version(value: Any) -> bool:
    """Tell whether value is a version number (an int, not a bool) in range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_VERSION


def parse_envelope(body: Any, schema_range: tuple[int, int], max_mutations: int) -> Envelope:
    """Check the envelope as a whole; raise when it cannot be processed at all."""
    if not isinstance(body, dict):
        raise EnvelopeError("Le corps doit être un objet JSON.")
    missing = [k for k in ("client_id", "schema_version", "mutations") if k not in body]
    if missing:
        raise EnvelopeError(f"Champs manquants : {', '.join(missing)}.", missing=missing)
    if not is_clean_text(body["client_id"], 200) or not body["client_id"]:
        raise EnvelopeError("client_id doit être une chaîne non vide (200 caractères au plus).")
    version = body["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise EnvelopeError("schema_version doit être un entier.")
    low, high = schema_range
    if not low <= version <= high:
        raise UnsupportedSchema(
            f"Version de schéma {version} non prise en charge (versions {low} à {high}).",
            supported={"min": low, "max": high},
        )
    mutations = body["mutations"]
    if not isinstance(mutations, list):
        raise EnvelopeError("mutations doit être une liste.")
    if len(mutations) > max_mutations:
        raise TooManyMutations(
            f"{len(mutations)} mutations envoyées, {max_mutations} au plus par envoi.",
            max_mutations=max_mutations,
        )
    return Envelope(body["client_id"], version, mutations)


def parse_mutation(raw: Any, specs: dict[str, TableSpec]) -> Mutation | Invalid:
    """Check one mutation's shape; field values are validated later by the table's schema."""
    if not isinstance(raw, dict):
        return Invalid(None, {"_schema": ["Une mutation doit être un objet."]})
    mid = canonical_uuid(raw.get("id"))
    errors: dict[str, Any] = {}
    if mid is None:
        errors["id"] = ["Identifiant de mutation manquant ou invalide (UUID attendu)."]
    unknown = [k for k in raw if k not in _MUTATION_KEYS]
    for key in unknown:
        errors[key if is_clean_text(key, 100) else "_schema"] = ["Champ inconnu."]
    table = raw.get("table")
    spec = specs.get(table) if isinstance(table, str) else None
    if spec is None:
        errors["table"] = ["Table inconnue."]
    op = raw.get("op")
    if op not in ("upsert", "delete"):
        errors["op"] = ["op doit valoir « upsert » ou « delete »."]
    row_id = canonical_uuid(raw.get("row_id"))
    if row_id is None:
        errors["row_id"] = ["row_id manquant ou invalide (UUID attendu)."]
    base = raw.get("base_version")
    if base is not None and not is_version(base):
        errors["base_version"] = ["base_version doit être null ou un entier positif."]
    fields = raw.get("fields", {} if op == "delete" else None)
    if not isinstance(fields, dict):
        errors["fields"] = ["fields doit être un objet."]
    elif spec is not None:
        bad = {
            (k if is_clean_text(k, 100) else "_schema"): ["Champ inconnu."]
            for k in fields if k not in spec.fields
        }
        if bad:
            errors["fields"] = bad
    client_ts = raw.get("client_ts")
    if client_ts is not None and not is_clean_text(client_ts, 64):
        errors["client_ts"] = ["client_ts doit être une date ISO 8601."]
    if errors:
        return Invalid(mid, errors)
    return Mutation(mid, table, op, row_id, base, fields, client_ts)
