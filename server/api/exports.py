"""Record exports of the people's files: pseudonymised (office), full (coordinator only)."""
from datetime import date

from flask import Blueprint, Response, current_app, g, request

from ..errors import ApiError
from ..extensions import db
from ..reports import records
from ..rls import require_wall
from ..services import audit
from .guard import require

bp = Blueprint("exports", __name__)


def _full() -> bool:
    """Read ?full=1; only the coordinator may ask for the real names and ids."""
    raw = request.args.get("full", "0")
    if raw not in ("0", "1"):
        raise ApiError("« full » vaut 0 ou 1.", field="full")
    if raw == "1" and g.user.role != "coordinator":
        raise ApiError("L'export complet (noms, coordonnées, notes) est réservé à la "
                       "coordination. Vous pouvez télécharger l'export pseudonymisé.", 403,
                       code="forbidden")
    return raw == "1"


def _sheets(tables, full: bool) -> list:
    """Build the sheets and write one audit event per table (column names only)."""
    require_wall(db.session)
    today, secret = date.today(), current_app.config["SECRET_KEY"]
    mine, sheets = g.user.structure_id, []
    for table in tables:
        sheet = (records.full_sheet(db.session, table, mine) if full
                 else records.pseudonymised_sheet(db.session, table, secret, today, mine))
        audit.log(db.session, g.user.id, "export", table=table, fields=sheet.headers,
                  note="full" if full else "pseudonymised")
        sheets.append(sheet)
    db.session.commit()
    return sheets


def _download(body, mimetype: str, name: str, full: bool, extension: str) -> Response:
    kind = "complet" if full else "pseudonymise"
    filename = f"{name}-{kind}-{date.today().isoformat()}.{extension}"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})  # personal data: no copy in a shared cache


@bp.get("/exports/records.csv")
@require("coordinator", "referent")
def records_csv():
    """Download one table of the records as CSV."""
    table = request.args.get("table", "")
    if table not in records.TABLES:
        raise ApiError("« table » doit être l'une de : " + ", ".join(records.TABLES) + ".",
                       field="table")
    full = _full()
    (sheet,) = _sheets([table], full)
    return _download(records.to_csv(sheet), "text/csv", table, full, "csv")


@bp.get("/exports/records.xlsx")
@require("coordinator", "referent")
def records_xlsx():
    """Download every table of the records as an XLSX workbook, one sheet per table."""
    full = _full()
    return _download(records.to_xlsx(_sheets(records.TABLES, full)), records.XLSX,
                     "dossiers", full, "xlsx")
