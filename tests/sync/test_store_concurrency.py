"""Many writers and pullers at once on the real database: pulls never miss a change.

Writers push batches that create, edit and delete rows of several tables, each thread on
its own app context (its own session and connection); pullers pull continuously with their
cursors meanwhile. At the end every puller has seen every row at its final version, each
pull stream's versions strictly increase, versions are unique, and no push failed.
Runs on SQLite (busy timeout) and on PostgreSQL (skipped without TEST_DATABASE_URL).
"""
import threading
import time
import uuid

from sqlalchemy import select

from server.extensions import db
from server.models import SYNCED, SyncClock
from server.services.sync_store import SqlStore
from sync import encode_cursor

from engine_kit import Actor

WRITERS, PUSHES, BATCH = 4, 20, 25
PULLERS, PAGE = 2, 50
TIMEOUT = 120  # seconds for the whole run; a deadlock fails instead of hanging CI


def _new(table: str, n: int) -> dict:
    """Fields of a valid new row, spread over tables the pull reads at different moments."""
    if table == "beneficiaries":
        return {"first_name": f"Prénom {n}", "last_name": "Test"}
    if table == "contacts":
        return {"channel": "telephone", "subject": f"Appel {n}"}
    return {"beneficiary_id": str(uuid.uuid4()), "label": f"Étape {n}"}


TABLES = ("beneficiaries", "contacts", "action_steps")
EDITS = {"beneficiaries": "commune", "contacts": "notes", "action_steps": "label"}


def _writer(app, actor, n, known, failures, start):
    """Push PUSHES batches: new rows, edits and deletes of rows this writer made."""
    try:
        with app.app_context():
            engine = app.extensions["sync_engine"]
            store = SqlStore(db.session, engine.specs)
            start.wait()
            live: list[tuple[str, str]] = []
            for p in range(PUSHES):
                muts = []
                edits = live[-8:] if p % 2 else live[:4]
                for key in edits:
                    table, row_id = key
                    muts.append({"id": str(uuid.uuid4()), "table": table, "op": "upsert",
                                 "row_id": row_id, "base_version": known[key],
                                 "fields": {EDITS[table]: f"w{n} p{p}"}})
                if p % 3 == 2 and len(live) > 10:
                    # A person's file is never deleted by sync (only erased): not them.
                    key = next(k for k in live[5:] if k[0] != "beneficiaries")
                    live.remove(key)
                    muts.append({"id": str(uuid.uuid4()), "table": key[0], "op": "delete",
                                 "row_id": key[1], "base_version": known[key], "fields": {}})
                i = 0
                while len(muts) < BATCH:
                    table = TABLES[(p + i) % len(TABLES)]
                    muts.append({"id": str(uuid.uuid4()), "table": table, "op": "upsert",
                                 "row_id": str(uuid.uuid4()), "base_version": None,
                                 "fields": _new(table, i)})
                    i += 1
                body = {"client_id": f"writer-{n}", "schema_version": 1, "mutations": muts}
                results = engine.push(store, actor, body)["results"]
                for m, r in zip(muts, results):
                    if r["status"] != "applied":
                        failures.append(f"writer {n}: {m['op']} {r}")
                        continue
                    key = (m["table"], m["row_id"])
                    known[key] = r["version"]
                    if m["op"] == "upsert" and key not in live:
                        live.append(key)
            db.session.remove()
    except Exception as exc:  # reported by the test, with the writer's number
        failures.append(f"writer {n}: {exc!r}")


def _puller(app, actor, n, streams, busy_pages, writers_done, failures, start):
    """Pull continuously; after the writers are done, pull until has_more is false."""
    stream = streams[n]
    try:
        with app.app_context():
            engine = app.extensions["sync_engine"]
            store = SqlStore(db.session, engine.specs)
            cursor = encode_cursor(0)  # from the very start: tombstones included
            start.wait()
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline:
                finished = writers_done.is_set()
                page = engine.pull(store, actor, cursor, PAGE)
                db.session.rollback()  # end the read; the next pull sees newer commits
                stream.extend((c["table"], c["row_id"], c["version"], c["deleted"])
                              for c in page["changes"])
                if page["changes"] and not finished:
                    busy_pages[n] += 1
                cursor = page["cursor"]
                if finished and not page["has_more"]:
                    return
            failures.append(f"puller {n}: still pulling after {TIMEOUT} s")
    except Exception as exc:
        failures.append(f"puller {n}: {exc!r}")


def test_concurrent_pushes_and_pulls_miss_nothing(app):
    actor = Actor(str(uuid.uuid4()), "coordinator")
    known = [{} for _ in range(WRITERS)]
    streams = [[] for _ in range(PULLERS)]
    busy_pages = [0] * PULLERS  # pages with changes pulled while writers were at work
    failures: list[str] = []
    start, writers_done = threading.Barrier(WRITERS + PULLERS), threading.Event()
    writers = [threading.Thread(target=_writer, args=(app, actor, n, known[n], failures, start))
               for n in range(WRITERS)]
    pullers = [threading.Thread(
        target=_puller, args=(app, actor, n, streams, busy_pages, writers_done, failures, start))
        for n in range(PULLERS)]
    for t in writers + pullers:
        t.start()
    for t in writers:
        t.join(TIMEOUT)
    writers_done.set()
    for t in pullers:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in writers + pullers), "a thread is stuck (deadlock?)"
    assert failures == []
    assert min(busy_pages) >= 3, f"pullers barely overlapped the writers: {busy_pages}"

    with app.app_context():
        truth = {}
        for table in TABLES:
            model = SYNCED[table].__table__
            for rec in db.session.execute(select(model.c.id, model.c.version, model.c.deleted)):
                truth[(table, rec.id)] = (rec.version, rec.deleted)
        clock = db.session.execute(select(SyncClock.value)).scalar_one()

    versions = [v for v, _ in truth.values()]
    assert len(truth) > WRITERS * PUSHES * BATCH // 2, "the writers wrote less than planned"
    assert len(set(versions)) == len(versions), "two rows share a version"
    assert max(versions) == clock
    written = {key: v for mine in known for key, v in mine.items()}
    assert {key: v for key, (v, _) in truth.items()} == written
    for n, stream in enumerate(streams):
        seen = [v for _, _, v, _ in stream]
        assert all(a < b for a, b in zip(seen, seen[1:])), f"puller {n}: versions out of order"
        latest = {}
        for table, row_id, version, deleted in stream:
            latest[(table, row_id)] = (version, deleted)
        missed = {key: (latest.get(key), final) for key, final in truth.items()
                  if latest.get(key) != final}
        example = list(missed.items())[:3]
        assert not missed, f"puller {n} missed {len(missed)} changes, e.g. {example}"
