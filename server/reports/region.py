"""The region's view: each structure's key figures side by side, and their sum (no names).

Each structure's figures are counted from its own rows (reports/scope.py) and under the
row-level security of that structure (server/rls.py), the second wall: the same counts its
coordinator sees. The sum adds counts field by field; a person followed by two structures
counts in both (nothing names them across structures), and ratios are left out of the sum
rather than added.
"""
from sqlalchemy.orm import Session as DbSession

from ..models import Structure
from ..rls import set_tenant
from .key_figures import key_figures
from .periods import Period

_NOT_SUMMED = {"ratio", "period"}


def _identity(item: dict):
    """Return what names an entry of a list of figures (its first text value)."""
    return next((v for k, v in item.items() if isinstance(v, str)), None)


def summed(a, b):
    """Add two figures of the same shape: numbers add, entries meet by what names them."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        out = {k: (None if k in _NOT_SUMMED else v) for k, v in a.items()}
        for k, v in b.items():
            if k in _NOT_SUMMED:
                out[k] = None
            else:
                out[k] = summed(a[k], v) if k in a else v
        return out
    if isinstance(a, list) and isinstance(b, list) and all(
            isinstance(i, dict) for i in a + b):
        merged = {_identity(i): i for i in a}
        for item in b:
            key = _identity(item)
            merged[key] = summed(merged[key], item) if key in merged else item
        return list(merged.values())
    return a if a == b else None


def side_by_side(db: DbSession, period: Period, structure_ids: list[str]) -> dict:
    """Return {structures: [{id, name, figures}], total} for these structures."""
    names = {s.id: s.name for s in db.query(Structure).filter(Structure.id.in_(structure_ids))}
    per = []
    try:
        for sid in structure_ids:
            set_tenant(db, sid)
            per.append({"id": sid, "name": names.get(sid), "figures": key_figures(db, period, sid)})
    finally:
        set_tenant(db)  # back to the caller's own structure
    total = None
    for entry in per:
        total = entry["figures"] if total is None else summed(total, entry["figures"])
    if total is not None:
        total = {**total, "period": per[0]["figures"]["period"]}
    return {"structures": per, "total": total}
