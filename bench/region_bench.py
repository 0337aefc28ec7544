#!/usr/bin/env python3
"""Region load benchmark: 20 structures, 100 devices, the day-end storm on PostgreSQL.

    .venv/bin/python bench/region_bench.py \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
        [--sizes 100000,1000000] [--workers 4] [--threads 4] [--concurrency 20]

In a fresh database (`flask db upgrade`): 20 structures, 5 referents in each, a PostgreSQL
role that does not own the tables (`flask structures grant-app-role`) so row-level security
holds, gunicorn serving the app as that role. For each size, the caseload is topped up
straight in SQL (bench/region_data.py, COPY), a sample of devices makes its first sync,
every device's cursor is set to the end, then the storm: all devices at once (a thread pool)
push a day's 300 changes and pull until has_more is false. Then one device alone, three
times: push of 300, pull of a day's changes, a day's sync; and EXPLAIN of the pull query.
A table goes to stdout, one JSON line to bench/results/region-bench-DATE.jsonl.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_server import (database, flask, machine_busy_s, pids_cpu,  # noqa: E402
                          proc_tree_cpu, server)
from region_client import DAY, Recorder, RegionDevice  # noqa: E402
from region_data import ROWS_PER_PERSON, Caseload, generate  # noqa: E402
from region_report import explain_both, print_table  # noqa: E402
from sync_bench import machine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "bench-password-123"


def setup_accounts(url: str, n_struct: int, per_struct: int) -> tuple[list[str], list[tuple]]:
    """Create the structures and their referents in-process; return ids and (email, tenant)."""
    from server import create_app
    from server.extensions import db
    from server.services import auth, structures

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "JWT_SECRET_KEY": "x" * 40})
    with app.app_context():
        ids = [structures.create(db.session, f"Mission Locale {k + 1:02d}",
                                 code_insee="39478").id for k in range(n_struct)]
        accounts = []
        for k, tenant in enumerate(ids):
            for d in range(per_struct):
                email = f"referente-{k + 1:02d}-{d + 1}@example.org"
                auth.create_user(db.session, email, f"Référente {k + 1}.{d + 1}", "referent",
                                 PASSWORD, structure_id=tenant)
                accounts.append((email, tenant))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids, accounts


def as_role(url: str, role: str) -> str:
    """The same database reached as another (login) role."""
    return re.sub(r"://[^@/]*@", f"://{role}@", url, count=1)


def plain(url: str) -> str:
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def first_syncs(devices, sample: int) -> list[dict]:
    """A sample of devices (one per structure) pulls its structure's whole caseload."""
    out, seen = [], set()
    for dev in devices:
        if dev.tenant in seen or len(out) >= sample:
            continue
        seen.add(dev.tenant)
        dev.cursor, rec = None, Recorder()
        secs, rows = dev.pull(rec, "first_pull")
        out.append({"s": round(secs, 2), "rows": rows, "requests": len(rec.calls),
                    "errors": rec.errors})
        print(f"  first sync of one device: {rows} rows in {secs:.1f} s", file=sys.stderr)
    return out


class LockWatch(threading.Thread):
    """Sample, every 0.2 s, how many of the database's backends wait on a lock, and which."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.samples, self.events = url, threading.Event(), [], {}

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT wait_event FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'").fetchall()
                self.samples.append(len(rows))
                for (event,) in rows:
                    self.events[event] = self.events.get(event, 0) + 1
                time.sleep(0.2)

    def summary(self) -> dict:
        self.stop.set()
        self.join()
        n = len(self.samples) or 1
        return {"max": max(self.samples, default=0), "mean": round(sum(self.samples) / n, 1),
                "samples": len(self.samples), "wait_events": self.events}


def storm(devices, days, concurrency: int, cpu, db_url: str) -> dict:
    """Every device pushes its day and pulls, `concurrency` at a time."""
    rec, per_device, watch = Recorder(), [], LockWatch(db_url)

    def one(dev):
        t0 = time.perf_counter()
        dev.push(rec, days[dev], dev.by_id)
        dev.pull(rec)
        per_device.append((time.perf_counter() - t0) * 1000)

    before, busy0 = cpu(), machine_busy_s()
    watch.start()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, devices))
    wall = time.perf_counter() - t0
    locks = watch.summary()
    used = [round(b - a, 1) for a, b in zip(before, cpu())]
    out = rec.summary(wall)
    out["device_sync_ms"] = {"p50": round(statistics.median(per_device)),
                             "max": round(max(per_device))}
    out.update(lock_waits=locks, server_cpu_s=used[0], db_cpu_s=used[1], client_cpu_s=used[2],
               foreign_cpu_s=round(max(0.0, machine_busy_s() - busy0 - sum(used)), 1))
    return out


def alone(a, b, everyone, reps: int, cpu) -> dict:
    """One device on a quiet server: push of 300, a colleague's pull of them, a day's sync.

    Also the CPU the server and the database spent on each (a shared machine's wall times
    wander; CPU seconds much less)."""
    push, pull, sync, rec, cost = [], [], [], Recorder(), {"push": [], "pull": [], "sync": []}

    def spent(before):
        return sum(b - a for a, b in zip(before[:2], cpu()[:2])) * 1000

    for _ in range(reps):
        b.pull(rec)  # B starts level with the server
        c0 = cpu()
        push_s = a.push(rec, a.day(everyone), a.by_id)
        cost["push"].append(spent(c0))
        c1 = cpu()
        pull_s, rows = b.pull(rec)
        cost["pull"].append(spent(c1))
        c2 = cpu()
        own_s, _ = a.pull(rec)
        cost["sync"].append(cost["push"][-1] + spent(c2))
        push.append(push_s * 1000)
        pull.append(pull_s * 1000)
        sync.append((push_s + own_s) * 1000)
    return {"reps": reps, "push_300_ms": round(statistics.median(push), 1),
            "pull_day_ms": round(statistics.median(pull), 1), "pull_day_rows": rows,
            "day_sync_ms": round(statistics.median(sync), 1), "errors": rec.errors,
            **{f"{k}_cpu_ms": round(statistics.median(v)) for k, v in cost.items()}}


def run(args, work: Path) -> list[dict]:
    results = []
    with database("postgresql", args.pg_url, work) as (url, backends):
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret",
               "JWT_SECRET_KEY": "bench-jwt-secret-of-at-least-32-bytes",
               "ACCESS_TOKEN_MINUTES": "600"}
        flask(env, "db", "upgrade")
        role = None if args.as_owner else f"bench_app_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(plain(url))
        try:
            if role:
                admin.execute(f"CREATE ROLE {role} LOGIN")
                admin.commit()
                flask(env, "structures", "grant-app-role", role)
            tenants, accounts = setup_accounts(url, args.structures, args.devices_per_structure)
            app_url = as_role(url, role) if role else url
            with psycopg.connect(plain(app_url)) as probe:
                wall = probe.execute("SELECT row_security_active('beneficiaries')").fetchone()[0]
            print(f"app role {role or '(owner)'}; row-level security active: {wall}",
                  file=sys.stderr)
            opts = ["--workers", str(args.workers), "--threads", str(args.threads),
                    "--keep-alive", "75"]
            caseload = Caseload()
            with server({**env, "DATABASE_URL": app_url}, work, opts) as (base, pid, cmd):
                devices = [RegionDevice(base, email, PASSWORD, tenant, [], 1000 + k)
                           for k, (email, tenant) in enumerate(accounts)]
                with ThreadPoolExecutor(args.concurrency) as pool:
                    list(pool.map(lambda d: d.login(), devices))

                def cpu():
                    return proc_tree_cpu(pid), pids_cpu(backends()), time.process_time()

                for size in args.sizes:
                    res = run_size(args, admin, (url, app_url), tenants, devices, caseload, size,
                                   cpu)
                    res.update(server_cmd="gunicorn " + cmd, app_role=role or "owner",
                               row_security_active=wall)
                    with open(args.out, "a") as f:
                        f.write(json.dumps(res, ensure_ascii=False) + "\n")
                    results.append(res)
                    print_table(results)
        finally:
            admin.close()
            if role:  # the database goes with database(); the role is the cluster's
                with psycopg.connect(plain(args.pg_url), autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS \"{url.rsplit('/', 1)[1]}\" "
                                 "WITH (FORCE)")
                    conn.execute(f"DROP ROLE IF EXISTS {role}")
    return results


def run_size(args, admin, urls, tenants, devices, caseload, size, cpu) -> dict:
    admin_url, app_url = urls
    res = {"bench": "mhj-region", "size": size, "structures": len(tenants),
           "devices": len(devices), "concurrency": args.concurrency,
           "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "loadavg_1m_start": round(os.getloadavg()[0], 2)}
    people = (size - caseload.total) // ROWS_PER_PERSON
    if people > 0:
        print(f"[{size}] generating {people} people and their records", file=sys.stderr)
        t0 = time.perf_counter()
        generate(admin, people, tenants, caseload)
        res["generate_s"] = round(time.perf_counter() - t0, 1)
        print(f"  {caseload.total} rows in {res['generate_s']} s", file=sys.stderr)
    res["generated_rows"] = dict(caseload.rows)
    res["caseload_rows"] = sum(admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                               for table in caseload.rows)
    admin.commit()
    by_tenant = {t: caseload.people.get(t, []) for t in tenants}
    for k, dev in enumerate(devices):  # each device edits its own fifth of its structure
        mates = [d for d in devices if d.tenant == dev.tenant]
        dev.people = by_tenant[dev.tenant][mates.index(dev)::len(mates)]
        dev.by_id = {p.id: p for p in dev.people}
        dev.everyone = by_tenant[dev.tenant]
    print(f"[{size}] first syncs", file=sys.stderr)
    res["first_sync"] = first_syncs(devices, args.first_sync_sample)
    clock = admin.execute("SELECT value FROM sync_clock").fetchone()[0]
    admin.commit()
    from sync.cursor import encode_cursor
    for dev in devices:  # the state a full pull leaves: level with the server
        dev.cursor = encode_cursor(clock)
    days = {dev: dev.day(dev.everyone) for dev in devices}
    print(f"[{size}] storm: {len(devices)} devices x {sum(DAY.values())} changes",
          file=sys.stderr)
    res["storm"] = storm(devices, days, args.concurrency, cpu, plain(admin_url))
    res["alone"] = alone(devices[0], devices[1], devices[0].everyone, args.reps, cpu)
    res["explain"] = explain_both(plain(app_url), plain(admin_url), tenants[0], clock)
    res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    res["machine"] = machine()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg-url", required=True, help="PostgreSQL server URL (a superuser)")
    ap.add_argument("--sizes", default="100000,1000000",
                    type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--structures", type=int, default=20)
    ap.add_argument("--devices-per-structure", type=int, default=5)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--concurrency", type=int, default=20, help="requests in flight")
    ap.add_argument("--first-sync-sample", type=int, default=5,
                    help="devices (one per structure) timed on a full first pull")
    ap.add_argument("--reps", type=int, default=3, help="repeats of the one-device figures")
    ap.add_argument("--as-owner", action="store_true",
                    help="serve as the tables' owner (row-level security off), to compare")
    ap.add_argument("--out", default=str(RESULTS / f"region-bench-{time.strftime('%Y-%m-%d')}"
                                                   ".jsonl"))
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}; {os.cpu_count()} CPUs", flush=True)
    work = Path(tempfile.mkdtemp(prefix="mhj-region-"))
    try:
        run(args, work)
    except BaseException:
        log = work / "gunicorn.log"
        if log.exists():
            sys.stderr.write("--- gunicorn.log (tail)\n" + log.read_text()[-3000:])
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nJSON lines appended to {args.out}")


if __name__ == "__main__":
    main()
