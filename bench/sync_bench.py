#!/usr/bin/env python3
"""Sync benchmark: our Flask sync server over HTTP vs the PouchDB peer, in one sitting.

    .venv/bin/python bench/sync_bench.py [--pg-url postgresql+psycopg://...] [--rounds N]

For each engine (SQLite file in a temp dir; PostgreSQL in a fresh database when --pg-url is
given): `flask db upgrade`, `flask users create` (a referent), gunicorn `wsgi:app` on
127.0.0.1 with scripts/run's worker settings, 100,000 rows preloaded by pushing them through
the API (batches of 1000), then the timed steps (see docs/benchmarks.md). The peer
(../shared/bench-peer, `node peer_bench.js N`) runs in the same round; ratios are "ours vs
theirs" as a speed-up: our rows/s / their docs/s, or their ms / our ms (> 1: we are faster).
One JSON line per engine run is appended to bench/results/; a table goes to stdout.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_client import Device, Workload, expect, row_json_bytes  # noqa: E402
from bench_report import median_runs, peer_summary, print_table, ratios  # noqa: E402
from bench_server import (Peer, app_role, database, flask, machine_busy_s,  # noqa: E402
                          pids_cpu, proc_tree_cpu, server)

RESULTS = Path(__file__).resolve().parent / "results"
EMAIL, PASSWORD = "bench@example.org", "bench-password-123"


class Steps:
    """Time steps: wall, HTTP requests, CPU of server (gunicorn), database and client."""

    def __init__(self, pid: int, backends):
        self.pid, self.backends, self.out = pid, backends, {}

    def cpu(self) -> tuple[float, float, float]:
        return proc_tree_cpu(self.pid), pids_cpu(self.backends()), time.process_time()

    def run(self, name: str, rows: int, device: Device, fn, *args):
        before, req = self.cpu(), device.requests
        wall, got = fn(*args)
        used = [round(b - a, 2) for a, b in zip(before, self.cpu())]
        self.out[name] = {"rows": rows, "s": round(wall, 4), "ms": round(wall * 1000, 1),
                          "rows_per_s": round(rows / wall) if rows else None,
                          "requests": device.requests - req, "server_cpu_s": used[0],
                          "db_cpu_s": used[1], "client_cpu_s": used[2]}
        print(f"  {name:<22} {wall:8.3f} s  {rows} rows", file=sys.stderr)
        return got


def run_engine(engine: str, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"mhj-bench-{engine}-"))
    try:
        return _run_engine(engine, args, work)
    except BaseException:
        log = work / "gunicorn.log"
        if log.exists():
            sys.stderr.write("--- gunicorn.log (tail)\n" + log.read_text()[-3000:])
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_engine(engine: str, args, work: Path) -> dict:
    res = {"bench": "mhj-sync", "engine": engine, "preload_rows": args.preload, "n": args.n,
           "edits": args.edits, "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "loadavg_1m_start": round(os.getloadavg()[0], 2)}
    print(f"[{engine}] preparing", file=sys.stderr)
    with database(engine, args.pg_url, work) as (url, backends):
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret",
               "JWT_SECRET_KEY": "bench-jwt-secret-of-at-least-32-bytes",
               "ACCESS_TOKEN_MINUTES": "240"}
        flask(env, "db", "upgrade")
        flask(env, "users", "create", EMAIL, "--role", "referent", "--name", "Bench",
              "--password", PASSWORD)
        wl = Workload()
        preload, new = wl.creates(args.preload), wl.creates(args.n)
        res["row_json_bytes"] = row_json_bytes(new)
        # "postgresql-walled": the app connects as a role the table policies bind (COPY is
        # then refused on the caseload tables: their inserts go as one JSON array).
        walled = app_role(url, env) if engine == "postgresql-walled" else nullcontext(url)
        with walled as app_url, server({**env, "DATABASE_URL": app_url}, work) as (base, pid,
                                                                                   cmd):
            res["server_cmd"] = "gunicorn " + cmd
            loader, a, b, c = (Device(base, EMAIL, PASSWORD, name)
                               for name in ("loader", "device A", "device B", "device C"))
            st = Steps(pid, backends)
            busy0, cpu0 = machine_busy_s(), st.cpu()
            # Preload (not a sync figure): 100k rows pushed through the API, then device B's
            # first pull of them gives the cursor "just before the push".
            pre = st.run("preload_push_b1000", args.preload, loader, loader.push, preload, 1000)
            got = st.run("initial_pull_100k_l1000", args.preload, b, b.pull, 1000, None)
            expect(got, pre, "initial pull of the preload")
            before_push = b.cursor
            # (a) push of N new rows, batches of 500
            pushed = st.run("push_b500", args.n, a, a.push, new, 500)
            # (b) pull of those N rows from the cursor taken before the push
            for limit in (500, 1000):
                got = st.run(f"pull_l{limit}", args.n, b, b.pull, limit, before_push)
                expect(got, pushed, f"pull limit {limit}")
            # extra: a new device's initial pull of everything (preload + N)
            for limit in (1000, 500):
                got = st.run(f"full_pull_l{limit}", args.preload + args.n, c, c.pull, limit, None)
                expect(got, {**pre, **pushed}, f"full pull limit {limit}")
            # (c) a day's work: edits of existing rows on A, then B pulls them
            edits = wl.edits({**pre, **pushed}, args.edits)
            edited = st.run("incremental_push", len(edits), a, a.push, edits, 500)
            got = st.run("incremental_pull", len(edits), b, b.pull, 500)
            expect(got, edited, "incremental pull")
            # (d) no-op sync: push of nothing + pull with nothing new, repeated
            noop = {"push_ms": [], "pull_ms": [], "sync_ms": []}
            for i in range(args.noop_reps):
                st.run("noop_push", 0, b, b.push, [], 500)
                got = st.run("noop_pull", 0, b, b.pull, 500)
                expect(got, {}, "no-op pull")
                noop["push_ms"].append(st.out["noop_push"]["ms"])
                noop["pull_ms"].append(st.out["noop_pull"]["ms"])
                noop["sync_ms"].append(round(noop["push_ms"][-1] + noop["pull_ms"][-1], 1))
            res["steps"] = st.out
            res["noop"] = {"reps": args.noop_reps, **noop,
                           **{k.replace("_ms", "_ms_median"): statistics.median(v)
                              for k, v in noop.items()}}
            used = [b - a for a, b in zip(cpu0, st.cpu())]
            res.update(server_cpu_s=round(used[0], 1), db_cpu_s=round(used[1], 1),
                       client_cpu_s=round(used[2], 1))
            res["foreign_cpu_s"] = round(max(0.0, machine_busy_s() - busy0 - sum(used)), 1)
    res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    return res


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo")
                if ln.startswith("model name")), platform.machine())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": round(mem, 1),
            "python": sys.version.split()[0], "kernel": platform.release()}


def wait_for_load(threshold: float, max_wait: float) -> None:
    t0 = time.time()
    while threshold and os.getloadavg()[0] > threshold and time.time() - t0 < max_wait:
        time.sleep(5)
    if threshold and os.getloadavg()[0] > threshold:
        print(f"load still {os.getloadavg()[0]:.2f} after {max_wait:.0f} s: going on",
              file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg-url", help="PostgreSQL server URL: also run on a fresh database there")
    ap.add_argument("--engines", default=None,
                    help="comma list of sqlite, postgresql, postgresql-walled (the app as a role "
                    "row-level security binds); default: sqlite[,postgresql]")
    ap.add_argument("--preload", type=int, default=100_000)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--noop-reps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=1, help="repeat peer + engines, interleaved")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--wait-load", type=float, default=0.0,
                    help="before each run, wait for the 1-min load average to fall below this")
    ap.add_argument("--wait-max", type=float, default=300, help="longest wait, seconds")
    ap.add_argument("--out", default=str(RESULTS / f"sync-bench-{time.strftime('%Y-%m-%d')}.jsonl"))
    args = ap.parse_args()
    engines = (args.engines.split(",") if args.engines
               else ["sqlite"] + (["postgresql"] if args.pg_url else []))
    if any(e.startswith("postgresql") for e in engines) and not args.pg_url:
        ap.error("postgresql needs --pg-url")
    print(f"load average at start: {os.getloadavg()}; {os.cpu_count()} CPUs", flush=True)
    peer = None if args.no_peer else Peer()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    done = []
    try:
        for rnd in range(1, args.rounds + 1):
            # Alternate the order between rounds so a drifting load does not favour one side.
            order = ["peer", *engines] if rnd % 2 else [*engines[::-1], "peer"]
            peer_res, runs = None, []
            for what in order:
                if what == "peer" and peer is None:
                    continue
                wait_for_load(args.wait_load, args.wait_max)
                if what == "peer":
                    print(f"[peer] node peer_bench.js {args.n}", file=sys.stderr)
                    peer_res = peer.run(args.n)
                else:
                    runs.append(run_engine(what, args))
            for r in runs:
                r.update(round=rnd, machine=machine())
                if peer_res:
                    r["peer"], r["vs_peer"] = peer_summary(peer_res), ratios(r, peer_res)
                with open(args.out, "a") as f:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            runs.sort(key=lambda r: engines.index(r["engine"]))
            print(f"\n== round {rnd}/{args.rounds}, {time.strftime('%Y-%m-%d %H:%M')}, "
                  f"load average now {os.getloadavg()}")
            print_table(runs, peer_res)
            done.append((runs, peer_res))
        if len(done) > 1:
            print(f"\n== median of {len(done)} rounds (ratios: median of the per-round ratios)")
            print_table(*median_runs(done))
    finally:
        if peer:
            peer.close()
    print(f"\nJSON lines appended to {args.out}")


if __name__ == "__main__":
    main()
