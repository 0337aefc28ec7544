"""A person's file as a whole: export it (right of access), erase it (right to erasure)."""
from flask import Blueprint, Response, current_app, g, json, render_template
from sqlalchemy import select

from sync.envelope import canonical_uuid

from ..errors import ApiError
from ..extensions import db
from ..models import Beneficiary
from ..models.base import utcnow
from ..services import audit
from ..services.erasure import PersonNotFound, erase
from ..services.person_file import person_file
from ..services.structures import name_of
from .guard import require
from ..reports.person_labels import TABLE_TITLES, field_names, label, show

bp = Blueprint("people", __name__)
# A person's whole file must not stay in a browser's or a proxy's cache.
PRIVATE = {"Cache-Control": "no-store"}


def _person_id(raw: str) -> str:
    person_id = canonical_uuid(raw)
    # Another structure's person is nobody here: the same answer as an unknown id.
    tenant = db.session.scalar(select(Beneficiary.tenant_id).where(
        Beneficiary.id == person_id)) if person_id else None
    if person_id is None or tenant not in (None, g.user.structure_id):
        raise ApiError("Personne introuvable.", 404, code="not_found")
    return person_id


def _file(raw: str, kind: str) -> dict:
    person_id = _person_id(raw)
    found = person_file(db.session, person_id)
    if found is None:
        raise ApiError("Personne introuvable.", 404, code="not_found")
    audit.log(db.session, g.user.id, "export", "beneficiaries", person_id,
              note=f"export {kind}")
    db.session.commit()
    found["exported_at"] = utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    return found


@bp.get("/people/<person_id>/export.json")
@require("coordinator")
def export_json(person_id: str):
    """Download everything held about a person, as JSON."""
    found = _file(person_id, "json")
    return Response(json.dumps(found, ensure_ascii=False), mimetype="application/json",
                    headers={**PRIVATE, "Content-Disposition":
                             f'attachment; filename="dossier-{found["person"]["id"]}.json"'})


@bp.get("/people/<person_id>/export.html")
@require("coordinator")
def export_html(person_id: str):
    """Show everything held about a person as a page to read or print."""
    found = _file(person_id, "html")
    # The person is the caller's structure's (another's is « introuvable »): its name heads it.
    page = render_template("person_export.html", file=found, label=label,
                           titles=TABLE_TITLES, show=show, field_names=field_names,
                           structure=name_of(db.session, g.user.structure_id))
    return Response(page, mimetype="text/html", headers=PRIVATE)


@bp.post("/people/<person_id>/erase")
@require("coordinator")
def erase_person(person_id: str):
    """Erase a person's file: every row becomes a tombstone with no value, synced."""
    person = _person_id(person_id)
    try:
        counts = erase(db.session, current_app.extensions["sync_engine"], g.user.id, person)
    except PersonNotFound:
        raise ApiError("Personne introuvable.", 404, code="not_found") from None
    return {"id": person, "erased": counts}
