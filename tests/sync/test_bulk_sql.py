"""Rows written by the compiled bulk statements are stored exactly as SQLAlchemy stores them."""
import uuid
from datetime import datetime

import pytest
from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, Integer, insert, select, text,
                        update)
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import SYNCED, AuditEvent, SyncMutation
from server.models.base import utcnow
from server.services import bulk_sql
from server.services.bulk_sql import insert_dicts
from server.services.sync_store import SqlStore, SqlTxn
from sync import Row


def _value(column, variant: int):
    """A wire-format value for a column of this type (None every third variant)."""
    if variant == 2 and column.nullable:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return ["2026-11-25T09:30:00Z", "1900-01-01T00:00:00Z"][variant % 2]
    if isinstance(kind, Date):
        return ["2006-03-14", "2200-12-31"][variant % 2]
    if isinstance(kind, Boolean):
        return [True, False][variant % 2]
    if isinstance(kind, Integer):
        return [7, 0][variant % 2]
    if isinstance(kind, Float):
        return [46.38, -5.0][variant % 2]
    if isinstance(kind, JSON):
        return [{"a": [1, "é"], "b": None}, ["x", "ÿ\u2028"]][variant % 2]
    length = getattr(kind, "length", None) or 50
    return ["Léa « Saint-Claude » ' \" % ?"[:length], "z"][variant % 2]


def _row(store: SqlStore, table: str, row_id: str, variant: int) -> Row:
    columns = store.tables[table].c
    data = {name: _value(columns[name], variant) for name in store.columns[table]}
    for name in store.specs[table].natural_key:  # unique per row; compared apart
        data[name] = f"{row_id[:30]}-{variant}"
    return Row(table, row_id, version=10 + variant, deleted=variant == 1, data=data,
               field_versions={name: 10 + variant for name in data},
               field_writers={**dict.fromkeys(data, "dev:é'\""), "_created": "dev:x"}
               if variant != 2 else {},
               created_version=10, updated_by=None if variant == 2 else f"user-{variant}",
               scope_trail=",a,b," if variant == 1 else "",
               tenant=f"structure-{variant}")


def _stored(table: str, row_id: str, key: tuple = ()) -> dict:
    """What the driver holds for a row: raw values, no SQLAlchemy type processing."""
    found = db.session.execute(text(f"SELECT * FROM {table} WHERE id = :id"),
                               {"id": row_id}).mappings().one()
    for name in key:
        assert found[name].startswith(row_id[:30])
    return {k: v for k, v in found.items() if k != "id" and k not in key}


@pytest.fixture(params=["copy", "json"])
def inserts(request, app, monkeypatch):
    """PostgreSQL's two bulk inserts: COPY, and the JSON array for tables under the wall."""
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    if request.param == "json":
        if not postgres:
            pytest.skip("SQLite has one bulk insert")
        monkeypatch.setattr(bulk_sql.rls, "walled", lambda session: True)
        monkeypatch.setattr(bulk_sql, "_CACHE", type(bulk_sql._CACHE)())
    kind = {"copy": bulk_sql.CopyInsert, "json": bulk_sql.JsonInsert}[request.param]
    return kind if postgres else bulk_sql.Bulk


def _compiled(app, table):
    with app.app_context():
        found = bulk_sql._CACHE.get(db.engine.dialect, {})
    return [type(bulk) for key, bulk in found.items() if key[:2] == ("insert", table)]


@pytest.mark.parametrize("table", sorted(SYNCED))
def test_bulk_writes_store_what_sqlalchemy_stores(app, table, inserts):
    with app.app_context():
        engine = app.extensions["sync_engine"]
        store = SqlStore(db.session, engine.specs)
        now, keys, key = utcnow(), store.keys[table], store.specs[table].natural_key
        for variant in range(3):
            ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
            with store.transaction() as txn:
                txn.write_rows([(_row(store, table, ours, variant), True)])
                ref = _row(store, table, theirs, variant)
                db.session.execute(insert(store.tables[table]), [
                    dict(zip([*keys, "id", "created_at"],
                             [*store.record(ref, now), theirs, now]))])
            a, b = _stored(table, ours, key), _stored(table, theirs, key)
            assert a.pop("created_at") and b.pop("created_at")
            a.pop("updated_at"), b.pop("updated_at")
            assert a == b
            created = _stored(table, ours, key)["created_at"]
            # An update of each row to the next variant, both ways.
            with store.transaction() as txn:
                txn.write_rows([(_row(store, table, ours, (variant + 1) % 3), False)])
                ref = _row(store, table, theirs, (variant + 1) % 3)
                tab = store.tables[table]
                db.session.execute(update(tab).where(tab.c.id == ref.id).values(
                    dict(zip(keys, store.record(ref, datetime(2026, 1, 1))))))
            a, b = _stored(table, ours, key), _stored(table, theirs, key)
            assert a.pop("updated_at") != b.pop("updated_at")  # ours: the write's time
            assert a.pop("created_at") == created  # untouched by an update
            b.pop("created_at")
            assert a == b
    if table in bulk_sql.rls.TABLES or inserts is not bulk_sql.JsonInsert:
        assert _compiled(app, table) == [inserts]


def test_bulk_results_store_what_sqlalchemy_stores(app, inserts):
    with app.app_context():
        engine = app.extensions["sync_engine"]
        store = SqlStore(db.session, engine.specs)
        result = {"id": "m", "status": "rejected", "errors": {"x": ["é « »"]}, "version": None}
        ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
        with store.transaction() as txn:
            txn.write_results([(ours, None, result), (str(uuid.uuid4()), "u", {})])
            db.session.execute(insert(SyncMutation.__table__), [
                {"id": theirs, "user_id": None, "result": result}])
        a, b = _stored("sync_mutations", ours), _stored("sync_mutations", theirs)
        assert a.pop("created_at") and b.pop("created_at")
        assert a == b
    # No policy binds the results: COPY even for an app under the wall.
    assert _compiled(app, "sync_mutations") == [
        bulk_sql.CopyInsert if inserts is not bulk_sql.Bulk else bulk_sql.Bulk]


def test_a_failed_bulk_insert_is_the_error_sqlalchemy_raises(app, inserts):
    # A duplicate id: a 409 for the API (server/errors.py), not a driver error and a 500.
    with app.app_context():
        engine = app.extensions["sync_engine"]
        store = SqlStore(db.session, engine.specs)
        row_id = str(uuid.uuid4())
        with store.transaction() as txn:
            txn.write_rows([(_row(store, "contacts", row_id, 0), True)])
        with pytest.raises(IntegrityError):
            with store.transaction() as txn:
                txn.write_rows([(_row(store, "contacts", row_id, 1), True)])
        assert _stored("contacts", row_id)["version"] == 10  # the first row, untouched


def test_a_new_row_is_stamped_with_its_write_time(app):
    with app.app_context():
        engine = app.extensions["sync_engine"]
        store = SqlStore(db.session, engine.specs)
        before = utcnow()
        with store.transaction() as txn:
            assert isinstance(txn, SqlTxn)
            txn.write_rows([(_row(store, "beneficiaries", str(uuid.uuid4()), 0), True)])
        rec = db.session.execute(SYNCED["beneficiaries"].__table__.select()).one()
        assert before <= rec.created_at == rec.updated_at <= utcnow()


def test_rows_inserted_as_dicts_get_the_defaults_they_leave_out(app):
    with app.app_context():
        before = utcnow()
        insert_dicts(db.session, AuditEvent.__table__, [
            {"user_id": None, "action": "read", "table_name": None, "row_id": str(i),
             "detail": "é « » ' \" % ?"} for i in range(3)])
        db.session.commit()
        found = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        assert [e.row_id for e in found] == ["0", "1", "2"]
        assert {e.detail for e in found} == {"é « » ' \" % ?"}
        assert len({e.at for e in found}) == 1 and before <= found[0].at <= utcnow()


def test_rows_and_results_are_found_by_any_id(app):
    # PostgreSQL reads ids as one array literal: quotes, backslashes, commas, braces and the
    # word NULL must each come back as the id it is, and only that one.
    ids = ['a"b', "a\\b", "NULL", "x,y", "{z}", "é « »", " sp "]
    with app.app_context():
        engine = app.extensions["sync_engine"]
        store = SqlStore(db.session, engine.specs)
        with store.transaction() as txn:
            txn.write_rows([(_row(store, "contacts", i, 0), True) for i in ids])
            txn.write_results([(i, "u", {"id": i}) for i in ids])
        with store.transaction() as txn:
            assert sorted(txn.load_rows("contacts", [*ids, "null", "a"])) == sorted(ids)
            assert {k: v[1]["id"] for k, v in txn.processed([*ids, "zz"]).items()} == {
                i: i for i in ids}
