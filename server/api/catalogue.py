"""Public catalogue: offers, partners and upcoming drop-ins, no account needed."""
from flask import Blueprint, request

from ..errors import ApiError
from ..extensions import db
from ..services import catalogue as service
from ..territory import COMMUNE_CODE, Commune, territory

bp = Blueprint("catalogue", __name__)


def _arg(name: str, max_len: int = 200) -> str | None:
    value = request.args.get(name)
    if value is not None and (len(value) > max_len or "\x00" in value):
        raise ApiError(f"Paramètre « {name} » invalide.", field=name)
    return value or None


@bp.get("/offers")
def offers():
    """List offers, filtered by words, thématique, commune or cost; ETag for caching."""
    # The filters are checked first: a bad one is refused even when the client's copy is fresh.
    filters = {name: _arg(name) for name in ("q", "thematique", "commune", "frais")}
    if filters["commune"]:
        filters["commune"] = _commune(filters["commune"])
    tag = service.catalogue_etag(db.session, request.query_string)
    if tag in request.if_none_match:
        return "", 304, {"ETag": f'"{tag}"'}
    items = service.list_offers(db.session, **filters)
    return {"items": items}, 200, {"ETag": f'"{tag}"', "Cache-Control": "no-cache"}


def _commune(typed: str) -> Commune | str:
    """The commune an INSEE code or an unambiguous official name designates, or UNKNOWN."""
    land = territory()
    is_code = COMMUNE_CODE.fullmatch(typed.strip().upper())
    found = land.resolve(code=typed if is_code else None, name=None if is_code else typed)
    return found or service.UNKNOWN


@bp.get("/partners")
def partners():
    """List partner organisations."""
    return {"items": service.list_partners(db.session)}


@bp.get("/sessions/public")
def public_sessions():
    """List upcoming public drop-ins: place and time only."""
    return {"items": service.upcoming_public_sessions(db.session)}
