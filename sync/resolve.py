"""Settling a conflict: the chosen values become a new version of the row, its own fields only."""
from typing import Any

from .envelope import is_clean_text
from .errors import ConflictAlreadyResolved, ConflictNotFound, ValidationFailed
from .model import DELETED
from .store import Batch, Store
from .writers import actor_id, writer_of


def resolve_conflict(engine, store: Store, actor: Any, conflict_id: str, chosen: Any,
                     origin: str | None = None) -> dict:
    """Write the chosen values as a new version of the row and close the conflict."""
    engine.policy.require_conflict_access(actor)
    if not isinstance(chosen, dict):
        raise ValidationFailed({"fields": ["fields doit être un objet."]})
    with store.transaction() as txn:
        batch = Batch(txn, writer_of(actor, origin, None))
        conflict = txn.get_conflict(conflict_id)
        if conflict is None:
            raise ConflictNotFound("Conflit introuvable.")
        if conflict.status != "open":
            raise ConflictAlreadyResolved("Ce conflit est déjà résolu.")
        spec = engine.specs[conflict.table]
        row = batch.row(conflict.table, conflict.row_id)
        if row is None:
            raise ConflictNotFound("La ligne de ce conflit n'existe plus.")
        delete = chosen.get(DELETED)
        if delete not in (None, True, False):
            raise ValidationFailed({DELETED: ["_deleted doit être un booléen."]})
        values = {k: v for k, v in chosen.items() if k != DELETED}
        unknown = {k if is_clean_text(k, 100) else "_schema": ["Champ inconnu."]
                   for k in values if k not in spec.fields}
        if unknown:
            raise ValidationFailed(unknown)
        # Settling a conflict writes its fields only (or deletes the row, as a delete the
        # policy may refuse): any other edit is a push, with its base version and checks.
        outside = {k: ["Ce champ n'est pas en conflit."] for k in values
                   if k not in conflict.fields}
        if outside:
            raise ValidationFailed(outside)
        # Choosing the deletion is a delete: the policy may refuse it as it would a push.
        op = "delete" if delete is True else "upsert"
        values = engine.policy.authorize(actor, spec, op, row, values)
        if delete is True:
            engine._write(batch, actor, spec, row, {}, deleted=True)
        else:
            clean, errors = spec.validate(values, row.data)
            if errors:
                raise ValidationFailed(errors)
            engine._check_key_change(batch, spec, row, clean)
            engine._write(batch, actor, spec, row, clean, deleted=False)
        conflict.status, conflict.resolved_by = "resolved", actor_id(actor)
        conflict.resolved_at = engine.now()
        txn.save_conflict(conflict)
        batch.flush()
    return {"id": conflict.id, "row_id": row.id, "version": row.version,
            "deleted": row.deleted}
