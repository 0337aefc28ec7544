"""Fields renamed since devices were installed: a change queued under the old name keeps
its meaning (an outbox may hold it for days in a valley without network)."""

# France Ruralités Revitalisation replaced the ZRR in 2024 (migration 6968f1d2fe7f).
RENAMED = {"beneficiaries": {"zrr": "frr"}}


def upgrade_push(body):
    """Rename, in place, old field names in a push body's mutations; return the body."""
    if not isinstance(body, dict) or not isinstance(body.get("mutations"), list):
        return body  # the engine refuses a malformed envelope with its own message
    for mutation in body["mutations"]:
        if not isinstance(mutation, dict) or not isinstance(mutation.get("fields"), dict):
            continue
        names = RENAMED.get(mutation.get("table")) if isinstance(mutation.get("table"), str) \
            else None
        for old, new in (names or {}).items():
            if old in mutation["fields"] and new not in mutation["fields"]:
                mutation["fields"][new] = mutation["fields"].pop(old)
    return body
