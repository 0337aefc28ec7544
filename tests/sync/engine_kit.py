"""Small table specs, actors and push helpers for driving the Engine on a MemoryStore."""
import uuid
from dataclasses import dataclass

from sync import Engine, MemoryStore, PermissionDenied, TableSpec


@dataclass(frozen=True)
class Actor:
    """Whoever pushes: the engine only needs an id (the policy may need a role)."""

    id: str
    role: str = "referent"


ALICE = Actor("alice")
BOB = Actor("bob")


def new_id() -> str:
    return str(uuid.uuid4())


def validator(required=(), derived=(), defaults=None, ints=()):
    """Build a validator like the server's: drop derived fields, check types and required."""
    defaults = defaults or {}

    def validate(fields, current):
        clean = {k: v for k, v in fields.items() if k not in derived}
        errors = {}
        for name, value in clean.items():
            if name in ints:
                if value is not None and (type(value) is not int or value < 0):
                    errors[name] = ["Nombre entier positif attendu."]
            elif value is not None and not isinstance(value, (str, bool, dict)):
                errors[name] = ["Valeur invalide."]
        if current is None and not errors:
            clean = {**defaults, **clean}
            for name in required:
                if clean.get(name) in (None, ""):
                    errors[name] = ["Champ obligatoire."]
        return (clean, {}) if not errors else ({}, errors)

    return validate


def _score(data):
    answers = data.get("answers") or {}
    total = sum(v for v in answers.values() if isinstance(v, int))
    return {"score": total, "level": "haut" if total >= 5 else "bas"}


SPECS = {
    "people": TableSpec(
        "people", frozenset({"first_name", "last_name", "commune", "notes", "age"}),
        validate=validator(required=("first_name",), ints=("age",))),
    "attendances": TableSpec(
        "attendances", frozenset({"session_id", "person_id", "present"}),
        validate=validator(required=("session_id", "person_id"), defaults={"present": True}),
        natural_key=("session_id", "person_id")),
    "diagnostics": TableSpec(
        "diagnostics", frozenset({"person_id", "answers", "score", "level"}),
        validate=validator(derived=("score", "level")), derive=_score),
    "referrals": TableSpec(
        "referrals", frozenset({"owner", "name", "status"}),
        validate=validator(required=("name",)), scope_column="owner"),
}


class ScopedPolicy:
    """Like the server's roles: a 'prescriber' owns referrals and never touches people."""

    def authorize(self, actor, spec, op, row, fields):
        if actor.role == "prescriber":
            if spec.name != "referrals":
                raise PermissionDenied("Rôle insuffisant.")
            if row is not None and row.data.get("owner") != actor.id:
                raise PermissionDenied("Pas la vôtre.")
            if row is None:
                fields["owner"] = actor.id
        return fields

    def scope(self, actor):
        if actor.role == "prescriber":
            return {"referrals": actor.id}
        return dict.fromkeys(SPECS, None)

    def present(self, actor, row):
        return dict(row.data)

    def require_conflict_access(self, actor):
        if actor.role == "prescriber":
            raise PermissionDenied("Réservé à la référente.")


def make(policy=None, **engine_options):
    """Return a fresh (engine, store) pair on the test specs."""
    store = MemoryStore(list(SPECS), scope_columns={"referrals": "owner"})
    engine = Engine(SPECS, policy or ScopedPolicy(), now=_Clock(), **engine_options)
    return engine, store


class _Clock:
    """A deterministic `now`, strictly increasing, so conflicts list in creation order."""

    def __init__(self):
        self.tick = 0

    def __call__(self):
        self.tick += 1
        return f"2026-01-01T00:00:00.{self.tick:06d}Z"


def mutation(table, row_id, fields=None, base=None, op="upsert", mid=None):
    return {"id": mid or new_id(), "table": table, "op": op, "row_id": row_id,
            "base_version": base, "fields": {} if fields is None else fields,
            "client_ts": "2026-01-01T10:00:00Z"}


def push(engine, store, actor, *mutations, client_id="device-1"):
    """Push mutations in one envelope; return the results list."""
    body = {"client_id": client_id, "schema_version": 1, "mutations": list(mutations)}
    return engine.push(store, actor, body)["results"]


def push_one(engine, store, actor, *args, **kwargs):
    """Push one mutation; return its result."""
    (result,) = push(engine, store, actor, mutation(*args, **kwargs))
    return result


def pull_all(engine, store, actor, cursor=None, limit=1000):
    """Pull until has_more is false; return (changes, cursor)."""
    changes = []
    while True:
        page = engine.pull(store, actor, cursor, limit)
        changes.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return changes, cursor


def person(engine, store, actor=ALICE, **fields):
    """Create a person row; return (row_id, version)."""
    row_id = new_id()
    result = push_one(engine, store, actor, "people", row_id,
                      {"first_name": "Léa", "last_name": "Martin", **fields})
    assert result["status"] == "applied"
    return row_id, result["version"]


def row(store, table, row_id):
    """Return the stored row of a MemoryStore."""
    return store.rows[table][row_id]
