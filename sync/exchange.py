"""One round trip: a device's mutations go in, the results and its first page come back."""
from typing import Any, Callable

from .cursor import decode_cursor
from .envelope import is_version
from .errors import EnvelopeError, PermissionDenied
from .model import Change

# A far-behind device catches up in pages of this many rows: on a 3G line each page costs a
# round trip (2 s), fewer and larger pages get the first sync closer to the bandwidth's limit.
MAX_PAGE = 5000


def read_exchange(body: Any) -> tuple[str | None, int, bool]:
    """Return (cursor, limit, conflicts wanted) of an exchange body; raise when unusable.

    Checked before anything is written, so a bad cursor never costs a half-done exchange.
    """
    if not isinstance(body, dict):
        raise EnvelopeError("Le corps doit être un objet JSON.")
    cursor = body.get("cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise EnvelopeError("cursor doit être une chaîne ou null.", field="cursor")
    decode_cursor(cursor)  # BadCursor for a cursor this server did not issue
    limit = body.get("limit", 1000)
    if not is_version(limit) or not 1 <= limit <= MAX_PAGE:
        raise EnvelopeError(f"limit doit être un entier de 1 à {MAX_PAGE}.", field="limit")
    wanted = body.get("conflicts", False)
    if not isinstance(wanted, bool):
        raise EnvelopeError("conflicts doit être un booléen.", field="conflicts")
    if not isinstance(body.get("digest", False), bool):
        raise EnvelopeError("digest doit être un booléen.", field="digest")
    return cursor, limit, wanted


def run_exchange(engine, store, actor: Any, body: Any, origin: str | None,
                 on_changes: Callable[[list[Change]], None] | None) -> dict:
    """Push the body's mutations, then pull the first page after its cursor.

    The page is read after the push commits, so it already holds this device's writes at
    their new versions: the cursor moves past them and no later pull brings them again.
    A replay answers `duplicate` for each mutation and the same page from the same cursor.
    """
    cursor, limit, wanted = read_exchange(body)
    pushed = engine.push(store, actor, body, origin=origin, on_changes=on_changes)
    page = engine.pull(store, actor, cursor, limit)
    answer = {"results": pushed["results"], "changes": page["changes"],
              "cursor": page["cursor"], "has_more": page["has_more"]}
    shown = _conflicts_to_show(engine, store, actor, wanted, answer)
    if shown is not None:
        answer["conflicts"] = shown
    # What the device should hold once this page is stored (sync/digest.py): asked for once a
    # day, given when this page is the last one, so the check costs no request of its own.
    if body.get("digest") is True and not page["has_more"]:
        answer["digest"] = engine.digest(store, actor, page["cursor"])
    return answer


def _conflicts_to_show(engine, store, actor, wanted: bool, answer: dict) -> list[dict] | None:
    """The open conflicts, when asked or when this exchange may have changed them."""
    try:
        found = engine.conflicts(store, actor, "open")
    except PermissionDenied:
        return None  # roles that never see conflicts: no list, and no error either
    raised = any(r.get("conflict_id") for r in answer["results"])
    rows = {c["row_id"] for c in answer["changes"]}
    if wanted or raised or any(c["row_id"] in rows for c in found):
        return found
    return None
