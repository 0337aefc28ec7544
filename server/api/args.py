"""Query-string arguments shared by several blueprints."""
from datetime import date

from flask import request

from ..errors import ApiError


def day_arg(name: str) -> date | None:
    """Read an optional AAAA-MM-JJ day from the query string; refuse anything else."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    # fromisoformat also takes 2026W01 and the like; the year bound keeps dates sane.
    if day is None or not 2000 <= day.year <= 2100:
        raise ApiError(f"« {name} » doit être une date AAAA-MM-JJ.", field=name)
    return day
