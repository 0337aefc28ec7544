"""The region: key figures of its structures side by side and summed, never a file."""
from flask import Blueprint, g
from sqlalchemy import select

from ..extensions import db
from ..models import Membership
from ..reports.region import side_by_side
from .guard import require
from .reports import period_from_args

bp = Blueprint("region", __name__)


@bp.get("/region/key-figures")
@require("region")
def figures():
    """Return each structure's key figures (those the account reads) and their sum."""
    period = period_from_args()
    ids = list(db.session.scalars(
        select(Membership.structure_id)
        .where(Membership.user_id == g.user.id, Membership.role == "region",
               Membership.active.is_(True))
        .order_by(Membership.created_at, Membership.structure_id)))
    return side_by_side(db.session, period, ids)
