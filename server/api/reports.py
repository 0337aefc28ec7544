"""Key figures and targets for the office (counted, never named)."""
from datetime import date

from flask import Blueprint, Response, g, render_template, request

from ..errors import ApiError
from ..extensions import db
from ..jsonbody import read_object
from ..reports import exports
from ..reports.key_figures import key_figures
from ..reports.tables import figure_tables
from ..reports.periods import Period, year_period
from ..reports.review import ReviewError, review_for, save_review
from ..reports.targets import DEFAULT_TARGETS, set_target, targets_for
from ..rls import require_wall
from ..services.structures import name_of
from .args import day_arg
from .guard import require

bp = Blueprint("reports", __name__)


def period_from_args() -> Period:
    """Read ?from=&to= (default: the current calendar year)."""
    require_wall(db.session)
    start, end = day_arg("from"), day_arg("to")
    default = year_period((start or end or date.today()).year)
    period = Period(start or default.start, end or default.end)
    if period.end < period.start:
        raise ApiError("« to » doit venir après « from ».", field="to")
    return period


def _figures(period: Period) -> dict:
    """Count the period's figures against the caller's structure's targets."""
    return key_figures(db.session, period, g.user.structure_id)


@bp.get("/reports/key-figures")
@require("coordinator", "referent")
def figures():
    """Return the key figures of a period as JSON."""
    return _figures(period_from_args())


def _download(body, mimetype: str, extension: str) -> Response:
    period = period_from_args()
    name = f"chiffres-cles-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/reports/key-figures.csv")
@require("coordinator", "referent")
def figures_csv():
    """Download the key figures as CSV."""
    return _download(exports.to_csv(_figures(period_from_args())),
                     "text/csv", "csv")


@bp.get("/reports/key-figures.xlsx")
@require("coordinator", "referent")
def figures_xlsx():
    """Download the key figures as an XLSX workbook."""
    return _download(exports.to_xlsx(_figures(period_from_args())),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


@bp.get("/reports/yearly.pdf")
@require("coordinator", "referent")
def yearly_pdf():
    """Download the yearly review as a PDF."""
    period = period_from_args()
    mine = g.user.structure_id
    return _download(exports.to_pdf(_figures(period), review_for(db.session, period.start.year,
                                                                 mine), name_of(db.session, mine)),
                     "application/pdf", "pdf")


@bp.get("/reports/yearly.html")
@require("coordinator", "referent")
def yearly_html():
    """Return the yearly review as a printable page."""
    period = period_from_args()
    kf = _figures(period)
    mine = g.user.structure_id
    return render_template("yearly.html", kf=kf, tables=figure_tables(kf),
                           review=review_for(db.session, period.start.year, mine),
                           structure=name_of(db.session, mine))


def _year() -> int:
    raw = request.args.get("year", str(date.today().year))
    if not raw.isascii() or not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ApiError("« year » doit être une année.", field="year")
    return int(raw)


@bp.get("/reports/targets")
@require("coordinator", "referent")
def get_targets():
    """Return the targets of a year."""
    year = _year()
    return {"year": year, "targets": targets_for(db.session, year, g.user.structure_id)}


@bp.put("/reports/targets")
@require("coordinator")
def put_targets():
    """Change some targets of a year."""
    year, body = _year(), read_object()
    errors = {k: ["Objectif inconnu."] for k in body if k not in DEFAULT_TARGETS}
    errors.update({k: ["Entier de 0 à 100000 attendu."] for k, v in body.items()
                   if k in DEFAULT_TARGETS and (not isinstance(v, int) or isinstance(v, bool)
                                                or not 0 <= v <= 100_000)})
    if errors:
        raise ApiError("Objectifs invalides.", 422, errors=errors)
    for key, value in body.items():
        set_target(db.session, year, key, value, g.user.structure_id)
    return {"year": year, "targets": targets_for(db.session, year, g.user.structure_id)}


@bp.get("/reports/review")
@require("coordinator", "referent")
def get_review():
    """Return the qualitative part of a year's review."""
    return review_for(db.session, _year(), g.user.structure_id)


@bp.put("/reports/review")
@require("coordinator")
def put_review():
    """Write the qualitative part of a year's review (the fields given)."""
    year, body = _year(), read_object()
    try:
        return save_review(db.session, year, body, g.user.id, g.user.structure_id)
    except ReviewError as exc:
        raise ApiError("Le bilan qualitatif n'a pas été enregistré.", 422,
                       errors=exc.errors) from None
