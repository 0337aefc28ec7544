"""The sync engine: apply pushed mutations, list changes, resolve conflicts."""
import uuid
from datetime import datetime, timezone
from typing import Any, Callable

from .cursor import decode_cursor, encode_cursor
from .digest import digest as digest_of
from .envelope import Invalid, Mutation, parse_envelope, parse_mutation
from .erase import erase_rows
from .exchange import run_exchange
from .errors import PermissionDenied, ValidationFailed
from .merge import settle
from .model import DELETED, FIELD, Change, Conflict, Row, TableSpec
from .policy import AllowAll, Policy
from .resolve import resolve_conflict
from .review import REVIEW, mark_seen, review_fields, unseen_fields
from .store import Batch, Store
from .writers import CREATED, actor_id, changed_by_other, stamp, writer_of


def utc_now() -> str:
    """Return the current UTC time as an ISO 8601 string."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Engine:
    """Push, pull and conflict resolution over any Store; knows nothing of HTTP."""

    def __init__(
        self,
        specs: dict[str, TableSpec],
        policy: Policy | None = None,
        schema_range: tuple[int, int] = (1, 1),
        max_mutations: int = 1000,
        now: Callable[[], str] = utc_now,
    ):
        self.specs = specs
        self.policy = policy or AllowAll()
        self.schema_range = schema_range
        self.max_mutations = max_mutations
        self.now = now

    # -- push ---------------------------------------------------------------------------
    def push(self, store: Store, actor: Any, body: Any, origin: str | None = None,
             on_changes: Callable[[list[Change]], None] | None = None) -> dict:
        """Apply a push envelope from device `origin`; one result per mutation, in order.

        `on_changes` receives what the writes did, inside the transaction, before it commits.
        """
        envelope = parse_envelope(body, self.schema_range, self.max_mutations)
        parsed = [parse_mutation(raw, self.specs) for raw in envelope.mutations]
        if not parsed:  # nothing to write: no need to queue for the write lock
            return {"results": [], "server_time": self.now()}
        prepare = getattr(self.policy, "prepare", None)  # optional (sync/policy.py)
        if prepare is not None:
            prepare(actor, [m for m in parsed if isinstance(m, Mutation)])
        with store.transaction() as txn:
            batch = Batch(txn, writer_of(actor, origin, envelope.client_id))
            ids = [m.id for m in parsed if m.id is not None]
            batch.prefetch(ids, [m for m in parsed if isinstance(m, Mutation)], self.specs)
            results = [self._push_one(batch, actor, m) for m in parsed]
            batch.flush()
            if on_changes is not None and batch.changes:
                on_changes(batch.changes)
        return {"results": results, "server_time": self.now()}

    def _push_one(self, batch: Batch, actor: Any, m: Mutation | Invalid) -> dict:
        if m.id is not None:
            seen = batch.processed.get(m.id)
            if seen is not None:
                owner, result = seen
                if owner == actor_id(actor):
                    return {**result, "status": "duplicate"}
                return _rejected(m.id, {"id": ["Identifiant de mutation déjà utilisé."]})
        if isinstance(m, Invalid):
            result = _rejected(m.id, m.errors)
        else:
            try:
                result = self._apply(batch, actor, m)
            except PermissionDenied as exc:
                result = _rejected(m.id, {"_permission": [exc.detail]}, m.row_id)
            except ValidationFailed as exc:
                result = _rejected(m.id, exc.errors, m.row_id)
        if m.id is not None:
            batch.remember(m.id, actor_id(actor), result)
        return result

    def _apply(self, batch: Batch, actor: Any, m: Mutation) -> dict:
        spec = self.specs[m.table]
        row = batch.row(m.table, m.row_id)
        redirected = False
        if row is None and m.op == "upsert" and spec.natural_key:
            row = batch.row_by_key(spec, m.fields)
            redirected = row is not None
        fields = self.policy.authorize(actor, spec, m.op, row, dict(m.fields))
        if m.op == "delete":
            return self._delete(batch, actor, m, row)
        if row is None:
            return self._create(batch, actor, spec, m, fields)
        result = self._update(batch, actor, spec, m, row, fields)
        if redirected:  # the client's copy folds into the canonical row it names
            result["status"] = "merged"
        return result

    def _check_key_change(self, batch, spec: TableSpec, row: Row, values: dict) -> None:
        """Refuse an edit that would give a row the natural key of another row."""
        if not spec.natural_key or not any(k in values for k in spec.natural_key):
            return
        other = batch.row_by_key(spec, {**row.data, **values})
        if other is not None and other.id != row.id:
            raise ValidationFailed({k: ["Une autre ligne a déjà cette valeur."]
                                    for k in spec.natural_key if k in values})

    def _create(self, batch, actor, spec: TableSpec, m: Mutation, fields: dict) -> dict:
        clean, errors = spec.validate(fields, None)
        if errors:
            raise ValidationFailed(errors)
        version = batch.next_version()
        sent = tuple(filter(fields.__contains__, clean))  # not defaults, not derived
        row = Row(m.table, m.row_id, version, data=clean, created_version=version,
                  updated_by=actor_id(actor))
        row.field_versions = dict.fromkeys(clean, version)
        row.field_writers = dict.fromkeys([*clean, CREATED], batch.writer) if batch.writer else {}
        self._derive(spec, row, version, batch.writer)
        batch.save(row, new=True)
        batch.changes.append(Change(row.table, row.id, sent, {}, row))
        return _result(m.id, "applied", row)

    def _update(self, batch, actor, spec, m: Mutation, row: Row, fields: dict) -> dict:
        base = m.base_version or 0
        # Validate first: an invalid value is rejected even on a deleted row, not kept aside.
        clean, errors = spec.validate(fields, row.data)
        if errors:
            raise ValidationFailed(errors)
        # An edit of a deleted row conflicts even when this device deleted it: the two
        # contradict each other and a person chooses (the values wait in the record).
        if row.deleted:
            clash = {name: {"server": row.data.get(name), "client": value}
                     for name, value in clean.items()}
            clash[DELETED] = {"server": True, "client": False}
            conflict = self._conflict(batch, actor, m, row, clash)
            return _result(m.id, "conflict", row, conflict.id)
        self._check_key_change(batch, spec, row, clean)
        applied, clash = {}, {}
        for name, value in clean.items():
            if row.data.get(name) == value:
                continue
            if not changed_by_other(row, name, base, batch.writer):
                applied[name] = value
            elif spec.merge.get(name, FIELD) != FIELD:  # the field's own rule, no conflict
                settled = settle(spec.merge[name], row.data.get(name), value)
                if settled != row.data.get(name):
                    applied[name] = settled
            else:
                clash[name] = {"server": row.data.get(name), "client": value}
        # Before the write: what another device changed that this one had not seen.
        unseen = unseen_fields(spec, row, clean, base, batch.writer) if applied and not clash else {}
        if applied:
            self._write(batch, actor, spec, row, applied)
        if unseen:  # merged without a clash, but worth a look (sync/review.py)
            self._conflict(batch, actor, m, row, review_fields(applied, unseen), REVIEW)
        conflict = self._conflict(batch, actor, m, row, clash) if clash else None
        status = "applied" if not clash else ("merged" if applied else "conflict")
        return _result(m.id, status, row, conflict.id if conflict else None)

    def _delete(self, batch, actor, m: Mutation, row: Row | None) -> dict:
        if row is None:
            return {"id": m.id, "status": "applied", "row_id": m.row_id, "version": None}
        if row.deleted:
            return _result(m.id, "applied", row)
        # Only changes this device has not seen stop a delete: its own later edits do not.
        base = m.base_version or 0
        if any(changed_by_other(row, name, base, batch.writer)
               for name in {*row.data, *row.field_versions}):
            clash = {DELETED: {"server": False, "client": True}}
            conflict = self._conflict(batch, actor, m, row, clash)
            return _result(m.id, "conflict", row, conflict.id)
        self._write(batch, actor, None, row, {}, deleted=True)
        return _result(m.id, "applied", row)

    def _write(self, batch, actor, spec, row: Row, values: dict, deleted: bool | None = None):
        version = batch.next_version()
        previous = {name: row.data.get(name) for name in values}
        if spec is not None and spec.scope_column in values:
            old_owner = row.data.get(spec.scope_column)
            if old_owner and old_owner != values[spec.scope_column]:
                row.scope_trail = f"{row.scope_trail or ','}{old_owner},"
        row.data.update(values)
        for name in values:
            stamp(row, name, version, batch.writer)
        if deleted is not None and deleted != row.deleted:
            row.deleted = deleted
            stamp(row, DELETED, version, batch.writer)
        row.version = version
        row.updated_by = actor_id(actor)
        if spec is not None:
            self._derive(spec, row, version, batch.writer)
        batch.save(row, new=False)
        written = tuple(values) if not deleted else (DELETED,)
        if written:
            batch.changes.append(Change(row.table, row.id, written, previous, row))

    def _derive(self, spec: TableSpec, row: Row, version: int, writer: str | None) -> None:
        if spec.derive is None:
            return
        for name, value in spec.derive(row.data).items():
            if row.data.get(name) != value or name not in row.data:
                row.data[name] = value
                stamp(row, name, version, writer)

    def _conflict(self, batch, actor, m: Mutation | None, row: Row, clash: dict,
                  status: str = "open") -> Conflict:
        conflict = Conflict(
            id=str(uuid.uuid4()), table=row.table, row_id=row.id, fields=clash,
            author=actor_id(actor), mutation_id=m.id if m else None, created_at=self.now(),
            status=status,
        )
        batch.txn.add_conflict(conflict)
        return conflict

    # -- erasure ------------------------------------------------------------------------
    def erase(self, store: Store, actor: Any, select: Callable[[], dict[str, list[str]]],
              on_erased: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
        """Turn rows into tombstones whose every field is null (see erase.py)."""
        return erase_rows(self.specs, store, actor, select, on_erased)

    # -- pull ---------------------------------------------------------------------------
    def pull(self, store: Store, actor: Any, cursor: str | None, limit: int,
             table: str | None = None) -> dict:
        """Return changes after the cursor that this actor may see, oldest first.

        `table` limits them to one table: a device pulls it again on its own when its digest
        differs (sync/digest.py), with a cursor of that pass only.
        """
        after = decode_cursor(cursor)
        scope = self.policy.scope(actor)
        if table is not None:
            scope = {table: scope[table]} if table in scope else {}
        found = store.changes(scope, after, limit + 1)
        page = found[:limit]
        changes = []
        for row, visible in page:
            gone = row.deleted or not visible
            changes.append({
                "table": row.table, "row_id": row.id, "version": row.version,
                "deleted": gone, "data": None if gone else self.policy.present(actor, row),
            })
        last = page[-1][0].version if page else (after or 0)
        return {"changes": changes, "cursor": encode_cursor(last),
                "has_more": len(found) > limit, "server_time": self.now()}

    def digest(self, store: Store, actor: Any, cursor: str | None) -> dict:
        """Count and hash, per table, what this actor's device should hold at its cursor."""
        return digest_of(store.versions(self.policy.scope(actor)), decode_cursor(cursor))

    # -- exchange -----------------------------------------------------------------------
    def exchange(self, store: Store, actor: Any, body: Any, origin: str | None = None,
                 on_changes: Callable[[list[Change]], None] | None = None) -> dict:
        """Push, then the first page after the body's cursor: a sync in one round trip."""
        return run_exchange(self, store, actor, body, origin, on_changes)

    # -- conflicts ----------------------------------------------------------------------
    def conflicts(self, store: Store, actor: Any, status: str = "open") -> list[dict]:
        """List conflict records, open ones by default."""
        self.policy.require_conflict_access(actor)
        return [conflict_dict(c) for c in store.list_conflicts(status)]

    def seen(self, store: Store, actor: Any, review_id: str) -> dict:
        """Close a soft conflict (sync/review.py) once someone has looked at it."""
        self.policy.require_conflict_access(actor)
        return mark_seen(store, review_id, actor_id(actor), self.now())

    def resolve(self, store: Store, actor: Any, conflict_id: str, chosen: Any,
                origin: str | None = None) -> dict:
        """Write the chosen values as a new version of the row and close the conflict."""
        return resolve_conflict(self, store, actor, conflict_id, chosen, origin)


def conflict_dict(c: Conflict) -> dict:
    """Render a conflict record for the API."""
    out = {"id": c.id, "table": c.table, "row_id": c.row_id, "fields": c.fields,
           "created_at": c.created_at, "author": c.author, "status": c.status}
    if c.status != "open":
        out.update(resolved_by=c.resolved_by, resolved_at=c.resolved_at)
    return out


def _result(mid: str, status: str, row: Row, conflict_id: str | None = None) -> dict:
    out = {"id": mid, "status": status, "row_id": row.id, "version": row.version}
    if conflict_id:
        out["conflict_id"] = conflict_id
    return out


def _rejected(mid: str | None, errors: dict, row_id: str | None = None) -> dict:
    return {"id": mid, "status": "rejected", "row_id": row_id, "version": None,
            "errors": errors}
