"""Time the key-figures computation on 100,000 participations (prints, never asserts).

Usage: .venv/bin/python bench/key_figures_bench.py [--participations 100000] [--pg-url URL]
       [--repeat 5] [--structures 1] [--profile]
--structures N: as many structures, each with the same volume of its own rows, on one
database (PostgreSQL only: SQLite holds one); the figures are those of the first.
--profile: cProfile of one more run, top 25 by own time.
"""
import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from server import create_app  # noqa: E402
from server.database import ensure_clock  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import DEFAULT_STRUCTURE, Attendance, Beneficiary, Session  # noqa: E402
from server.reports.key_figures import key_figures  # noqa: E402
from server.reports.periods import year_period  # noqa: E402

ACTIONS = ["atelier-mlsj", "coup-de-pedale", "decouverte-territoire", "permanence-restos",
           "permanence-dome", "atelier-asmh", "permanence-lycee-pss", "arp"]


def _sync_columns(version: int, tenant: str) -> dict:
    return {"id": str(uuid.uuid4()), "version": version, "created_version": version,
            "deleted": False, "field_versions": {}, "tenant_id": tenant}


def seed(participations: int, year: int, rng: random.Random, tenant: str) -> None:
    """Insert a structure's people, sessions and attendances directly (the engine is not what
    we time)."""
    people = [{**_sync_columns(i, tenant), "first_name": "P", "last_name": f"{i}",
               "birth_date": date(year - rng.randint(15, 40), rng.randint(1, 12), 1),
               "sex": rng.choice("FMX"), "commune": rng.choice(["Saint-Claude", "Viry"])}
              for i in range(max(1, participations // 20))]
    sessions = [{**_sync_columns(i, tenant), "kind": "permanence", "title": "S",
                 "action": rng.choice(ACTIONS), "place": f"Lieu {i % 7}",
                 "starts_at": datetime(year, 1, 1) + timedelta(hours=rng.randint(0, 8700)),
                 "anonymous_count": rng.randint(0, 3)}
                for i in range(max(1, participations // 25))]
    db.session.execute(insert(Beneficiary.__table__), people)
    db.session.execute(insert(Session.__table__), sessions)
    pairs = set()
    while len(pairs) < participations:
        pairs.add((rng.randrange(len(sessions)), rng.randrange(len(people))))
    rows = [{**_sync_columns(n, tenant), "session_id": sessions[s]["id"],
             "beneficiary_id": people[p]["id"], "present": rng.random() > 0.1}
            for n, (s, p) in enumerate(pairs)]
    for i in range(0, len(rows), 10_000):
        db.session.execute(insert(Attendance.__table__), rows[i:i + 10_000])
    db.session.commit()


def analyse() -> None:
    if db.engine.dialect.name == "postgresql":
        # Autovacuum analyses fresh tables within a minute in a live database; without
        # statistics the planner guesses one row per session and picks nested loops.
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds used so far by the PostgreSQL backend process (0 if unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _cpu_now(backend: int | None) -> float:
    # On a shared, loaded machine wall time mostly measures the neighbours; the CPU time of
    # this process plus its database backend is what the computation itself costs.
    return time.process_time() + _backend_cpu(backend)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participations", type=int, default=100_000)
    parser.add_argument("--pg-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--structures", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.structures > 1 and not args.pg_url:
        parser.error("several structures need PostgreSQL (--pg-url)")
    url = args.pg_url or f"sqlite:///{tempfile.mkdtemp()}/kf.sqlite3"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "b", "JWT_SECRET_KEY": "b" * 40})
    year = date.today().year
    with app.app_context():
        db.drop_all()  # a previous run on the same PostgreSQL database
        db.create_all()
        ensure_clock(db.session)
        started = time.perf_counter()
        tenants = [DEFAULT_STRUCTURE, *(str(uuid.uuid4()) for _ in range(args.structures - 1))]
        for n, tenant in enumerate(tenants):
            seed(args.participations, year, random.Random(42 + n), tenant)
        analyse()
        print(f"seeded {args.participations} participations x {len(tenants)} structure(s) in "
              f"{time.perf_counter() - started:.1f} s on {db.engine.dialect.name}")
        backend = (db.session.execute(text("SELECT pg_backend_pid()")).scalar()
                   if db.engine.dialect.name == "postgresql" else None)
        times, cpus = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), _cpu_now(backend)
            figures = key_figures(db.session, year_period(year), DEFAULT_STRUCTURE)
            times.append(time.perf_counter() - started)
            cpus.append(_cpu_now(backend) - cpu)
        total = sum(row["participations"] for row in figures["actions"])
        times.sort()
        cpus.sort()
        print(f"key figures: median {times[len(times) // 2]:.3f} s, best {times[0]:.3f} s, "
              f"CPU median {cpus[len(cpus) // 2]:.3f} s (this process + database backend; "
              f"load {os.getloadavg()[0]:.1f}) ({total} participations counted, "
              f"{len(figures['places'])} places)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(key_figures, db.session, year_period(year), DEFAULT_STRUCTURE)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        db.session.close()  # end the read transaction, or PostgreSQL's DROP waits on it
        if args.pg_url:
            db.drop_all()


if __name__ == "__main__":
    main()
