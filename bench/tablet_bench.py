#!/usr/bin/env python3
"""Tablet benchmark (issue 9): what sealing people's files at rest costs on the device.

    .venv/bin/python bench/tablet_bench.py [--rows 10000] [--rounds 3] [--opens 20]

gunicorn wsgi:app on a fresh SQLite file with --rows young people's files (bench/pwa_server.py),
Debian's Chromium driven by Playwright. Per round, two fresh devices, one after the other:
« sealed » (the app as it is) and « clear » (the same app, the bench serving a sealed.js whose
records stay in clear: the same code path without the cryptography). Printed, never asserted:
1. first sync: login click -> every row in IndexedDB (and the sync run alone);
2. opening a person's file: hash change -> its screen drawn (median of --opens files);
3. unlock after a restart: the password (PBKDF2-SHA-256, 600,000 iterations, then the
   unwrapped key) -> « Aujourd'hui » drawn; and the PIN after a lock.
One JSON line goes to bench/results/tablet-<date>.jsonl.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pwa_page import IDB_COUNTS, fill_login, launch, new_context, now, open_app, wait_sync  # noqa: E402
from pwa_server import EMAILS, PASSWORD, Device, live_server, seed_beneficiaries  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
SEALED_JS = Path(__file__).resolve().parents[1] / "pwa" / "js" / "sealed.js"
PIN = "482915"

# Submit a form in the page and time it until `done` (a CSS selector) is drawn and `gone` is not.
TIMED_SUBMIT = """async ([form, field, value, done, gone]) => {
  const f = document.querySelector(form);
  f.querySelector(`input[name=${field}]`).value = value;
  const t0 = performance.now();
  f.requestSubmit();
  await new Promise((resolve) => {
    const check = () => { if (document.querySelector(done) && !document.querySelector(gone)) { o.disconnect(); resolve(); return true; } return false; };
    const o = new MutationObserver(check);
    o.observe(document, { subtree: true, childList: true, attributes: true });
    check();
  });
  return performance.now() - t0;
}"""

OPEN_FILE = """async (id) => {
  const target = `#/ref/jeune/${id}`;
  const t0 = performance.now();
  location.hash = target;
  await new Promise((resolve) => {
    const check = () => document.documentElement.dataset.route === target && document.querySelector('#main h1');
    const o = new MutationObserver(() => { if (check()) { o.disconnect(); resolve(); } });
    o.observe(document, { subtree: true, childList: true, attributes: true });
  });
  return performance.now() - t0;
}"""


def clear_variant() -> str:
    """sealed.js with sealing switched off: every record stored as it is."""
    src = SEALED_JS.read_text()
    marker = "  if (!needsSealing(store, value)) return value;"
    assert marker in src, "sealed.js changed: update the bench's clear variant"
    return src.replace(marker, "  return value; // bench: clear variant")


def median(values):
    return round(statistics.median(values), 1) if values else None


def device_round(browser, url: str, mode: str, ids: list[str], opens: int) -> dict:
    ctx = new_context(browser)
    if mode == "clear":
        body = clear_variant()
        ctx.route("**/js/sealed.js", lambda route: route.fulfill(
            status=200, body=body, headers={"Content-Type": "text/javascript; charset=utf-8"}))
    page = open_app(ctx, url, "#/connexion")
    fill_login(page, EMAILS["referent"], PASSWORD)
    t_click = now(page)
    page.click("main form button[type=submit]")
    start, end = wait_sync(page, t_click, timeout=600000)
    counts = page.evaluate(IDB_COUNTS)
    res = {"mode": mode, "login_click_to_synced_ms": round(end - t_click, 1),
           "sync_ms": round(end - start, 1), "rows": sum(v for k, v in counts.items() if k != "outbox")}
    page.wait_for_selector("#choose-pin")
    page.fill("#choose-pin input[name=pin]", PIN)
    page.fill("#choose-pin input[name=again]", PIN)
    page.click("#choose-pin button[type=submit]")
    page.wait_for_selector("#choose-pin", state="detached")
    rng = random.Random(7)
    res["open_file_ms"] = median([page.evaluate(OPEN_FILE, i) for i in rng.sample(ids, opens)])
    page.evaluate("location.hash = '#/ref'")
    page.reload()
    page.wait_for_selector("#unlock-password")
    res["unlock_password_ms"] = round(page.evaluate(TIMED_SUBMIT, [
        "#unlock-password", "password", PASSWORD, "#sync-now", "#unlock-password"]), 1)
    pins = []
    for _ in range(5):
        page.click("#lock-now")
        page.wait_for_selector("#unlock-pin")
        pins.append(page.evaluate(TIMED_SUBMIT, ["#unlock-pin", "pin", PIN, "#sync-now", "#unlock-pin"]))
    res["unlock_pin_ms"] = median(pins)
    ctx.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--opens", type=int, default=20)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    res = {"bench": "mhj-tablet", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "rows": args.rows, "rounds": args.rounds, "cpus": os.cpu_count(),
           "loadavg_1m_start": round(os.getloadavg()[0], 2), "runs": []}
    work = Path(tempfile.mkdtemp(prefix="mhj-tablet-bench-"))
    try:
        with live_server(work) as (url, _pid, _cmd):
            office = Device(url)
            ids = seed_beneficiaries(office, args.rows)
            with sync_playwright() as pw:
                browser = launch(pw)
                res["chromium"] = browser.version
                for r in range(args.rounds):
                    for mode in (("sealed", "clear") if r % 2 == 0 else ("clear", "sealed")):
                        print(f"[tablet-bench] round {r + 1}, {mode}", file=sys.stderr, flush=True)
                        res["runs"].append(device_round(browser, url, mode, ids, args.opens))
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    report(res)
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"tablet-{time.strftime('%Y-%m-%d')}.jsonl").open("a") as f:
        f.write(json.dumps(res, ensure_ascii=False) + "\n")


def report(res: dict) -> None:
    keys = ["sync_ms", "login_click_to_synced_ms", "open_file_ms", "unlock_password_ms", "unlock_pin_ms"]
    by = {m: [r for r in res["runs"] if r["mode"] == m] for m in ("sealed", "clear")}
    print(f"\nTablet bench: {res['rows']} files, {res['rounds']} rounds, Chromium {res.get('chromium')}, "
          f"load {res['loadavg_1m_start']} -> {res['loadavg_1m_end']}")
    print(f"{'median (ms)':<28}{'sealed':>10}{'clear':>10}{'ratio':>8}")
    for k in keys:
        s, c = median([r[k] for r in by["sealed"]]), median([r[k] for r in by["clear"]])
        ratio = f"{s / c:.2f}" if s and c else "—"
        print(f"{k:<28}{s if s is not None else '—':>10}{c if c is not None else '—':>10}{ratio:>8}")
    print("rows stored per run:", [r["rows"] for r in res["runs"]])


if __name__ == "__main__":
    main()
