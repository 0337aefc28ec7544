#!/usr/bin/env python3
"""Integrity check benchmark (issue 10): what the once-a-day digest costs, server and tablet.

    .venv/bin/python bench/digest_bench.py [--device-rows 10000] [--server-rows 100000]

gunicorn wsgi:app on a fresh SQLite file (bench/pwa_server.py). First --device-rows young
people: a referent's tablet (Debian's Chromium, Playwright) makes its first sync, which asks
for the digest in its exchange; then, in the page, the tablet's side of the check alone
(every synced table read back from IndexedDB, sealed rows decrypted, ids and versions hashed
with SHA-256: integrity.js) and the whole check with the network (GET /api/sync/digest, then
the same). Then the server grows to --server-rows and GET /api/sync/digest is timed from
Python (median of 5, the answer's size given). Printed, never asserted; one JSON line goes to
bench/results/digest-<date>.jsonl.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pwa_page import fill_login, launch, new_context, now, open_app, wait_sync  # noqa: E402
from pwa_server import EMAILS, PASSWORD, Device, live_server, seed_beneficiaries  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

# The tablet's side of the check, timed in the page: read, (decrypt), hash every table.
DEVICE_SIDE = """async ([password, withNetwork]) => {
  const { openDb, SYNCED_TABLES } = await import('/js/db.js');
  const { openWithPassword } = await import('/js/vault.js');
  const { rowsHash } = await import('/js/integrity.js');
  const db = await openDb();
  db.setKey(await openWithPassword(await db.getMeta('keyring'), password));
  const t0 = performance.now();
  let digest = null;
  if (withNetwork) {
    const token = JSON.parse(sessionStorage.getItem('mhj-bench-token') || 'null');
    const cursor = await db.getMeta('cursor');
    const r = await fetch(`/api/sync/digest?cursor=${encodeURIComponent(cursor)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    digest = r.ok ? await r.json() : null;
  }
  let rows = 0;
  for (const table of SYNCED_TABLES) {
    const held = (await db.rows(table)).map((r) => [r.id, r._version]);
    rows += held.length;
    await rowsHash(held);
  }
  const ms = performance.now() - t0;
  db.close();
  return { ms, rows, digest: Boolean(digest) };
}"""


def median(values):
    return round(statistics.median(values), 1)


def device_side(url: str, rows: int) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = launch(pw)
        ctx = new_context(browser)
        page = open_app(ctx, url, "#/connexion")
        fill_login(page, EMAILS["referent"], PASSWORD)
        t_click = now(page)
        page.click("main form button[type=submit]")
        start, end = wait_sync(page, t_click, timeout=600000)
        page.wait_for_function("() => document.querySelector('#status') !== null")
        checked = page.evaluate("""async (password) => {
          const { openDb } = await import('/js/db.js');
          const { openWithPassword } = await import('/js/vault.js');
          const db = await openDb();
          db.setKey(await openWithPassword(await db.getMeta('keyring'), password));
          const v = await db.getMeta('integrity'); db.close(); return v; }""", PASSWORD)
        local = [page.evaluate(DEVICE_SIDE, [PASSWORD, False]) for _ in range(5)]
        browser.close()
    return {"rows_seeded": rows, "first_sync_ms": round(end - start, 1),
            "first_sync_checked": checked, "device_hash_ms": median([r["ms"] for r in local]),
            "device_rows_hashed": local[0]["rows"]}


def server_side(url: str, dev: Device) -> dict:
    cursor = dev.cursor()
    times, size = [], 0
    for _ in range(5):
        t0 = time.perf_counter()
        answer = dev.http.get(f"{url}/api/sync/digest", params={"cursor": cursor}, timeout=120)
        times.append((time.perf_counter() - t0) * 1000)
        answer.raise_for_status()
        size = len(answer.content)
    tables = answer.json()["tables"]
    return {"digest_ms": median(times), "answer_bytes": size,
            "rows_in_digest": sum(t["count"] for t in tables.values())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device-rows", type=int, default=10000)
    ap.add_argument("--server-rows", type=int, default=100000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp)) as (url, _pid, _cmd):
        dev = Device(url)
        seed_beneficiaries(dev, args.device_rows, seed=1)
        res = {"date": date.today().isoformat(), "engine": "sqlite"}
        res["device"] = device_side(url, args.device_rows)
        res["server_small"] = server_side(url, dev)
        t0 = time.perf_counter()
        seed_beneficiaries(dev, args.server_rows - args.device_rows, seed=2)
        res["seed_s"] = round(time.perf_counter() - t0, 1)
        res["server"] = server_side(url, dev)
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / f"digest-{res['date']}.jsonl", "a") as out:
        out.write(json.dumps(res) + "\n")
    d, s, small = res["device"], res["server"], res["server_small"]
    print(f"tablet: first sync of {d['device_rows_hashed']} rows {d['first_sync_ms']} ms "
          f"(digest checked: {bool(d['first_sync_checked'])}, "
          f"resynced: {(d['first_sync_checked'] or {}).get('resynced')}); "
          f"its side of the check (read, decrypt, hash) {d['device_hash_ms']} ms")
    print(f"server: GET /api/sync/digest over {small['rows_in_digest']} rows "
          f"{small['digest_ms']} ms, over {s['rows_in_digest']} rows {s['digest_ms']} ms "
          f"({s['answer_bytes']} bytes)")


if __name__ == "__main__":
    main()
