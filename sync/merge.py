"""Per-field merge policies: what a field becomes when two devices changed it."""
from typing import Any

from .model import FIELD, LATEST


def settle(policy: str, server: Any, client: Any) -> Any:
    """Return the merged value of a field both sides changed (never called for FIELD).

    LATEST keeps the later of two ISO dates or times (wire strings compare in time order,
    same format on both sides); a missing value never wins over a present one.
    """
    if policy == LATEST:
        present = [v for v in (server, client) if v is not None]
        return max(present, key=str) if present else None
    raise ValueError(f"unknown merge policy {policy!r} (known: {FIELD}, {LATEST})")
