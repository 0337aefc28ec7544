"""The catalogue in the data·inclusion v1 format: open export, import for the office."""
from flask import Blueprint, current_app, g

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..services import datainclusion as service
from .guard import require

bp = Blueprint("datainclusion", __name__)


@bp.get("/datainclusion/structures.json")
def structures():
    """Export partners as data·inclusion structures."""
    return service.export_structures(db.session)


@bp.get("/datainclusion/services.json")
def services():
    """Export offers as data·inclusion services."""
    return service.export_services(db.session)


def _body() -> tuple[list, list, str]:
    """The file's structures, services and source, checked in shape."""
    body = read_object()
    structures, services = body.get("structures", []), body.get("services", [])
    source = body.get("source", "import")
    if not isinstance(structures, list) or not isinstance(services, list):
        raise ApiError("« structures » et « services » doivent être des listes.")
    if not isinstance(source, str) or not source.isascii() or not 0 < len(source) <= 50:
        raise ApiError("« source » doit être un nom court (ASCII).", field="source")
    if len(structures) + len(services) > 1000:
        raise ApiError("1 000 éléments au plus par import.", 413)
    for kind, items in (("structures", structures), ("services", services)):
        line = next((n for n, item in enumerate(items, start=1) if not isinstance(item, dict)), 0)
        if line:
            raise ApiError(f"« {kind} », ligne {line} : un objet JSON est attendu.", field=kind)
    return structures, services, source


@bp.post("/datainclusion/import/preview")
@require("coordinator")
def preview_import():
    """Tell what an import would create, change or refuse, without changing anything."""
    structures, services, source = _body()
    return service.preview(service.plan_import(db.session, structures, services, source))


@bp.post("/datainclusion/import")
@require("coordinator")
def import_catalogue():
    """Load structures and services in the data·inclusion format."""
    structures, services, source = _body()
    return service.import_catalogue(db.session, current_app.extensions["sync_engine"],
                                    structures, services, source, g.user.structure_id)
