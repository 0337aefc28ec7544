"""People of another structure named by a push: looked up once per push (see policy.py).

A row about a person (its description says `about_person`) may name a person the device
has not sent yet: that is accepted, nothing typed is lost. A person known to belong to
another structure is not this structure's to write about. Under row-level security the
other structure's people are hidden from the app, so the lookup goes through
`mhj_existing_ids` (rls.py), which says only which ids exist.
"""
from flask import g, has_request_context
from sqlalchemy import event, text
from sqlalchemy.orm import Session as SaSession

from sync.envelope import canonical_uuid

from ..rls import FUNCTION
from ..tables import TABLES

ABOUT_PERSON = frozenset(name for name, table in TABLES.items() if table.about_person)
_NAMED = "people_named"  # in g: the people the request's push names, not yet looked up
_KEY = "foreign_people"  # in the DB session's info: (looked up, of another structure)
# Ids that exist anywhere, less the structure's own: one statement, whether the policies
# bind this connection (they hide the others' rows) or not (the owner sees every row).
_OTHERS = text(f"SELECT f.id FROM {FUNCTION}('beneficiaries', :ids) AS f(id) "
               "EXCEPT SELECT id FROM beneficiaries WHERE id = ANY(:ids) AND tenant_id = :mine")


def expect(body) -> None:
    """Note the people a push names, so that the first check looks them all up at once."""
    mutations = body.get("mutations") if isinstance(body, dict) else None
    named = set()
    for raw in mutations if isinstance(mutations, list) else ():
        # Read before the engine checks the shape: anything odd is skipped here, refused there.
        table = raw.get("table") if isinstance(raw, dict) else None
        if not isinstance(table, str) or table not in ABOUT_PERSON:
            continue  # the table first: a push of people alone costs one look per row
        fields = raw.get("fields")
        person = canonical_uuid(fields.get("beneficiary_id")) if isinstance(fields, dict) else None
        if person is not None:
            named.add(person)
    setattr(g, _NAMED, named)


def of_another(session, structure: str, person: str) -> bool:
    """Tell whether this person exists, and in another structure than `structure`."""
    if session.get_bind().dialect.name != "postgresql":
        return False  # SQLite holds one structure (services/structures.create)
    looked, others = session.info.setdefault(_KEY, (set(), set()))
    if person not in looked:
        # A structure's people never move to another (tenant_id is set once), so what was
        # looked up holds for the whole transaction, even as the push adds people.
        expected = g.pop(_NAMED, ()) if has_request_context() else ()
        wanted = sorted({person, *expected} - looked)
        others.update(session.execute(_OTHERS, {"ids": wanted, "mine": structure}).scalars())
        looked.update(wanted)
    return person in others


@event.listens_for(SaSession, "after_commit")
@event.listens_for(SaSession, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_KEY, None)
