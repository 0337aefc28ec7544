#!/usr/bin/env python3
"""Profile the server side of a push in-process: the app under Flask's test client.

    .venv/bin/python bench/push_profile.py [--preload 100000] [--n 10000] [--batch 500]
                                           [--reps 3] [--profile out.prof] [--pg-url URL]

The same workload as bench/sync_bench.py's push step, without gunicorn, sockets or a client
process: what is left is the server's own cost. A SQLite database with the preload is built
once per preload size (cached in the temp dir) and copied for each repetition. Prints wall
and CPU seconds per repetition; with --profile, writes a cProfile of the last one.
"""
import argparse
import cProfile
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_client import Workload  # noqa: E402

from server import create_app  # noqa: E402
from server.database import ensure_clock  # noqa: E402
from server.extensions import db  # noqa: E402
from server.services import auth as auth_service  # noqa: E402

EMAIL, PASSWORD = "bench@example.org", "bench-password-123"


def make_app(url: str):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "s",
                      "JWT_SECRET_KEY": "bench-jwt-secret-of-at-least-32-bytes"})
    with app.app_context():
        db.create_all()
        ensure_clock(db.session)
        try:
            auth_service.create_user(db.session, EMAIL, "Bench", "referent", PASSWORD)
        except Exception:  # already there: a copy of the preloaded database
            db.session.rollback()
    return app


def login(client) -> dict:
    r = client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD,
                                             "device_id": os.urandom(8).hex(),
                                             "device_name": "bench"})
    assert r.status_code == 200, r.get_json()
    return {"Authorization": "Bearer " + r.get_json()["access_token"]}


def push_all(client, headers, mutations, batch) -> None:
    for i in range(0, len(mutations), batch):
        part = mutations[i:i + batch]
        r = client.post("/api/sync/push", headers=headers, data=json.dumps(
            {"client_id": "bench", "schema_version": 1, "mutations": part}),
            content_type="application/json")
        assert r.status_code == 200, r.get_data()[:300]
        results = r.get_json()["results"]
        assert all(x["status"] == "applied" for x in results), results[:3]


PHASES: dict[str, float] = {}


def time_phases() -> None:
    """Wrap the push's phases in CPU timers (class attributes, so every instance counts)."""
    import sqlalchemy.orm

    from server.services import sync_store
    from sync import engine, store

    def wrap(owner, name, label):
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            t0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                PHASES[label] = PHASES.get(label, 0.0) + time.process_time() - t0

        setattr(owner, name, timed)

    wrap(engine, "parse_mutation", "parse_mutation")
    wrap(engine.Engine, "_push_one", "apply (_push_one)")
    wrap(store.Batch, "prefetch", "Batch.prefetch")
    wrap(sync_store.SqlTxn, "write_rows", "SqlTxn.write_rows")
    wrap(sync_store.SqlTxn, "write_results", "SqlTxn.write_results")
    wrap(sync_store.SqlTxn, "__init__", "SqlTxn.__init__ (clock)")
    wrap(sqlalchemy.orm.Session, "commit", "session.commit")
    wrap(engine.Engine, "push", "Engine.push (all)")


def template(preload: int, work: Path) -> Path:
    path = work / f"preload-{preload}.sqlite3"
    if not path.exists():
        app = make_app(f"sqlite:///{path}")
        client = app.test_client()
        push_all(client, login(client), Workload(seed=1).creates(preload), 1000)
        with app.app_context():
            db.engine.dispose()
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preload", type=int, default=100_000)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--profile", help="write a cProfile of the last repetition here")
    ap.add_argument("--phases", action="store_true", help="print CPU time per phase")
    ap.add_argument("--pg-url", help="run on this PostgreSQL database instead (no preload)")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "mhj-push-profile"))
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(exist_ok=True)
    if args.phases:
        time_phases()
    src = None if args.pg_url else template(args.preload, work)
    for rep in range(args.reps):
        if src:
            db_path = work / "run.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            shutil.copy(src, db_path)
            url = f"sqlite:///{db_path}"
        else:
            url = args.pg_url
        app = make_app(url)
        gc.collect()
        gc.freeze()  # as wsgi.py does once the app is built
        client = app.test_client()
        headers = login(client)
        muts = Workload(seed=1000 + rep).creates(args.n)
        PHASES.clear()
        prof = cProfile.Profile() if args.profile and rep == args.reps - 1 else None
        w0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        push_all(client, headers, muts, args.batch)
        if prof:
            prof.disable()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print(f"rep {rep}: {args.n} rows in {wall:.3f} s wall, {cpu:.3f} s CPU "
              f"({args.n / wall:,.0f} rows/s)", flush=True)
        for label, spent in sorted(PHASES.items(), key=lambda kv: -kv[1]):
            print(f"    {label:<26} {spent:.3f} s CPU")
        if prof:
            prof.dump_stats(args.profile)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
