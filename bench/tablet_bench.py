#!/usr/bin/env python3
"""Tablet benchmark (issue 9): what sealing people's files at rest costs on the device.

    .venv/bin/python bench/tablet_bench.py [--rows 10000] [--rounds 3] [--opens 20]

gunicorn wsgi:app on a fresh SQLite file with --rows young people's files (bench/pwa_server.py),
Debian's Chromium driven by Playwright. Per round, fresh devices, one after the other:
« sealed » (the app as it is), « clear » (the same app, the bench serving a sealed.js whose
records stay in clear: the same code path without the cryptography) and « before » (the web
app of --before, default the last commit before issue 9, served by the bench from git: direct
IndexedDB transactions, nothing sealed, no lock). Printed, never asserted:
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
import subprocess
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
BEFORE = "ea2779a"  # main before issue 9


def extract_pwa(ref: str, dest: Path) -> Path:
    """The pwa/ folder of a commit, written to dest."""
    repo = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "-C", str(repo), "archive", ref, "pwa"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "pwa"


def serve_from(ctx, pwa: Path):
    """Answer the app's own files (not the API) from another pwa/ folder."""
    types = {".js": "text/javascript", ".css": "text/css", ".html": "text/html",
             ".webmanifest": "application/manifest+json", ".png": "image/png"}

    def handle(route):
        path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?")[0].split("#")[0]
        if path.startswith("api/"):
            route.fallback()
            return
        file = pwa / (path or "index.html")
        if not file.is_file():
            route.fallback()
            return
        route.fulfill(status=200, body=file.read_bytes(),
                      headers={"Content-Type": types.get(file.suffix, "application/octet-stream")})

    ctx.route("**/*", handle)

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

SEALED_ON_DISK = """() => new Promise((ok, ko) => { const r = indexedDB.open('mhj');
  r.onerror = () => ko(r.error);
  r.onsuccess = () => { const q = r.result.transaction('beneficiaries').objectStore('beneficiaries').getAll(null, 1);
    q.onsuccess = () => { r.result.close(); ok(Boolean(q.result[0] && q.result[0]._s)); }; }; })"""

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
    marker = "export function needsSealing(store, record) {\n"
    assert marker in src, "sealed.js changed: update the bench's clear variant"
    return src.replace(marker, marker + "  return false; // bench: clear variant\n")


def median(values):
    return round(statistics.median(values), 1) if values else None


def device_round(browser, url: str, mode: str, ids: list[str], opens: int, before: Path) -> dict:
    ctx = new_context(browser)
    if mode == "before":
        serve_from(ctx, before)
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
    # What the mode says is what is stored: sealed rows carry `_s`, the others do not.
    res["stored_sealed"] = page.evaluate(SEALED_ON_DISK)
    rng = random.Random(7)
    if mode == "before":  # no PIN, no lock: the file only
        res["open_file_ms"] = median([page.evaluate(OPEN_FILE, i) for i in rng.sample(ids, opens)])
        ctx.close()
        return res
    page.wait_for_selector("#choose-pin")
    page.fill("#choose-pin input[name=pin]", PIN)
    page.fill("#choose-pin input[name=again]", PIN)
    page.click("#choose-pin button[type=submit]")
    page.wait_for_selector("#choose-pin", state="detached")
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
    ap.add_argument("--before", default=BEFORE, help="git ref of the app to compare with")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    res = {"bench": "mhj-tablet", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "rows": args.rows, "rounds": args.rounds, "cpus": os.cpu_count(), "before": args.before,
           "loadavg_1m_start": round(os.getloadavg()[0], 2), "runs": []}
    work = Path(tempfile.mkdtemp(prefix="mhj-tablet-bench-"))
    try:
        with live_server(work) as (url, _pid, _cmd):
            office = Device(url)
            ids = seed_beneficiaries(office, args.rows)
            before = extract_pwa(args.before, work)
            with sync_playwright() as pw:
                browser = launch(pw)
                res["chromium"] = browser.version
                for r in range(args.rounds):
                    modes = ("sealed", "clear", "before")
                    for mode in modes[r % 3:] + modes[:r % 3]:
                        print(f"[tablet-bench] round {r + 1}, {mode}", file=sys.stderr, flush=True)
                        res["runs"].append(device_round(browser, url, mode, ids, args.opens, before))
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
    by = {m: [r for r in res["runs"] if r["mode"] == m] for m in ("sealed", "clear", "before")}
    print(f"\nTablet bench: {res['rows']} files, {res['rounds']} rounds, Chromium {res.get('chromium')}, "
          f"load {res['loadavg_1m_start']} -> {res['loadavg_1m_end']}; before = {res['before']}")
    print(f"{'median (ms)':<28}{'sealed':>10}{'clear':>10}{'before':>10}{'s/clear':>9}{'s/before':>9}")
    cell = lambda v: "—" if v is None else v  # noqa: E731
    for k in keys:
        s, c, b = (median([r[k] for r in by[m] if r.get(k) is not None]) for m in ("sealed", "clear", "before"))
        r1 = f"{s / c:.2f}" if s and c else "—"
        r2 = f"{s / b:.2f}" if s and b else "—"
        print(f"{k:<28}{cell(s):>10}{cell(c):>10}{cell(b):>10}{r1:>9}{r2:>9}")
    print("rows stored per run:", [r["rows"] for r in res["runs"]])
    print("sealed on disk per run:", [(r["mode"], r.get("stored_sealed")) for r in res["runs"]])


if __name__ == "__main__":
    main()
