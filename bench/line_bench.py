#!/usr/bin/env python3
"""The day-end sync over a bad line (issue 13): the app in Chromium behind a shaping proxy.

    .venv/bin/python bench/line_bench.py [--rows 10000] [--delay 1.0] [--kbps 400]
                                          [--before 36847fd] [--no-before]

gunicorn wsgi:app (scripts/run's settings) on a fresh SQLite file with the demo data and
--rows young people's files; between Chromium and it, bench/line_proxy.py: every byte of the
page AND of its service worker waits --delay s each way and shares --kbps each direction, and
a new connection pays its TCP handshake (one round trip). The app loads unshaped, then:
1. first sync: the sign-in form submitted -> « Synchronisé » (every row on the tablet);
2. the day: offline (the line's connections are cut), 3 sessions x 10 people, 10 diagnostics,
   5 contacts and 10 files opened are written with the app's own outbox; the network comes
   back, nothing pressed ->
   « Synchronisé »: time, the app's requests (round trips), bytes each way through the line;
3. a sync with nothing to say (« Synchroniser »), on the connection the day's sync left open.
The same with the web app of --before (the last commit before the exchange), served by a second
server from git. Printed, never asserted; one JSON line goes to bench/results/line-<date>.jsonl.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_server import flask, server  # noqa: E402
from line_proxy import Line  # noqa: E402
from pwa_page import (api_entries, choose_pin, fill_login, launch, make_offline_ready,  # noqa: E402
                      new_context, now, open_app, wait_sync)
from pwa_server import EMAILS, PASSWORD, Device, seed_beneficiaries  # noqa: E402
from test_day_sync import DAY, LEFT  # noqa: E402  (the browser test's day, written the same way)

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def extract_pwa(ref: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "pwa"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "pwa"


def start_env(workdir: Path, pwa: Path | None) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'line.sqlite3'}",
           "SECRET_KEY": "line-bench-secret", "ACCESS_TOKEN_MINUTES": "240",
           "JWT_SECRET_KEY": "line-bench-jwt-secret-of-at-least-32-bytes"}
    env.pop("PWA_DIR", None)
    if pwa is not None:
        env["PWA_DIR"] = str(pwa)
    flask(env, "db", "upgrade")
    for role, email in EMAILS.items():
        flask(env, "users", "create", email, "--role", role, "--name", f"Bench {role}",
              "--password", PASSWORD)
    flask(env, "seed-demo")
    return env


def measured(page, line: Line, t0: float, start_end: tuple, c0: dict) -> dict:
    c1 = line.counters()
    end = start_end[1]
    calls = api_entries(page, t0, end)
    by_path: dict[str, int] = {}
    for call in calls:
        by_path[call["path"]] = by_path.get(call["path"], 0) + 1
    first = min((c["start"] for c in calls), default=end)
    last = max((c["end"] for c in calls), default=end)
    return {"ms": round(end - t0), "sync_run_ms": round(end - start_end[0]),
            "requests": len(calls), "by_path": by_path,
            # where the time went: before the first request left, waiting for first bytes
            # (line + server), receiving, and the page's work after the last byte
            "before_first_request_ms": round(first - t0),
            "until_first_byte_ms": round(sum(c["ttfb_at"] - c["start"] for c in calls
                                             if c["ttfb_at"])),
            "receiving_ms": round(sum(c["end"] - c["ttfb_at"] for c in calls if c["ttfb_at"])),
            "after_last_byte_ms": round(end - last),
            "bytes_up": c1["up"] - c0["up"], "bytes_down": c1["down"] - c0["down"],
            "connections": c1["connections"] - c0["connections"]}


def quiet(page, line: Line, seconds: float = 4.0):
    """Let late fetches end and idle keep-alive connections close (gunicorn drops them at 2 s)."""
    page.wait_for_timeout(seconds * 1000)


def variant(browser, name: str, pwa: Path | None, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"mhj-line-{name}-") as tmp:
        env = start_env(Path(tmp), pwa)
        with server(env, Path(tmp)) as (base, _pid, cmd):
            if args.rows:
                seed_beneficiaries(Device(base), args.rows)
            port = urlparse(base).port
            line = Line(("127.0.0.1", port), args.delay, args.kbps * 1000 / 8).start()
            try:
                return run_device(browser, name, line, args) | {"server": cmd}
            finally:
                line.stop()


def run_device(browser, name: str, line: Line, args) -> dict:
    url = f"http://127.0.0.1:{line.port}"
    ctx = new_context(browser)
    page = open_app(ctx, url, "#/connexion")
    make_offline_ready(page)  # the shell and the service worker, before the line is bad
    out = {"variant": name}

    fill_login(page, EMAILS["referent"], PASSWORD)
    line.shaped = True
    quiet(page, line)
    c0, t0 = line.counters(), now(page)
    page.click("main form button[type=submit]")
    choose_pin(page)  # asked while the first sync runs
    out["first_sync"] = measured(page, line, t0, wait_sync(page, t0, timeout=900000), c0)
    out["first_sync"]["rows"] = page.evaluate(
        "async () => { const { openDb } = await import('/js/db.js'); const db = await openDb();"
        " const n = await db.count('beneficiaries'); db.close(); return n; }")
    line.shaped = False
    page.evaluate("location.hash = '#/ref'")
    quiet(page, line)

    ctx.set_offline(True)
    line.cut()  # the outage: the tablet's connections do not survive it
    page.wait_for_function("document.querySelector('#status .pill').textContent === 'Hors ligne'")
    day = page.evaluate(DAY, {"tag": f"l{int(time.time())}", "sessions": 3, "people": 10,
                              "diagnostics": 10, "contacts": 5, "password": "" + PASSWORD})
    line.shaped = True
    quiet(page, line)
    c0, t0 = line.counters(), now(page)
    ctx.set_offline(False)  # nothing pressed
    out["day"] = measured(page, line, t0, wait_sync(page, t0), c0)
    out["day"]["written"] = day
    out["day"]["left"] = page.evaluate(LEFT, {"password": PASSWORD})

    quiet(page, line)
    c0, t0 = line.counters(), now(page)
    page.click("#sync-now")
    out["no_op"] = measured(page, line, t0, wait_sync(page, t0), c0)
    ctx.close()
    return out


def report(results: list[dict], args) -> None:
    print(f"\nLine: {args.delay:g} s each way (round trip {2 * args.delay:g} s), "
          f"{args.kbps:g} kbit/s each direction, TCP handshake charged; {args.rows} rows.")
    print(f"{'':<28}" + "".join(f"{r['variant']:>26}" for r in results))
    rows = [("first sync: login -> Synchronisé", "first_sync"), ("the day: network back -> "
            "Synchronisé", "day"), ("no-op sync (button)", "no_op")]
    for label, key in rows:
        print(label)
        for field, unit in (("ms", "ms"), ("requests", ""), ("bytes_up", "B"),
                            ("bytes_down", "B"), ("connections", "")):
            print(f"  {field:<26}" + "".join(f"{str(r[key][field]) + ' ' + unit:>26}"
                                             for r in results))
        print(f"  {'by path':<26}" + "".join(
            f"{' '.join(f'{p.rsplit(chr(47), 1)[-1]}×{n}' for p, n in r[key]['by_path'].items()):>26}"
            for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds each way")
    parser.add_argument("--kbps", type=float, default=400, help="kbit/s each direction")
    parser.add_argument("--before", default="36847fd", help="the web app before the exchange")
    parser.add_argument("--no-before", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as old:
        browser = launch(pw)
        results.append(variant(browser, "exchange (now)", None, args))
        if not args.no_before:
            results.append(variant(browser, f"before ({args.before})",
                                   extract_pwa(args.before, Path(old)), args))
        browser.close()
    report(results, args)
    RESULTS.mkdir(exist_ok=True)
    line = {"bench": "line", "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": platform.platform(), "cpus": os.cpu_count(), "rows": args.rows,
            "delay_s": args.delay, "kbps": args.kbps, "results": results}
    with open(RESULTS / f"line-{time.strftime('%Y-%m-%d')}.jsonl", "a") as f:
        f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
