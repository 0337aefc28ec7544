#!/usr/bin/env python3
"""Web app benchmark (issue 3, "Benchmark"): the PWA in headless Chromium against a live server.

    .venv/bin/python bench/pwa_bench.py [--runs 10] [--rows 10000] [--day 300]

gunicorn wsgi:app (scripts/run's settings) on 127.0.0.1, fresh SQLite, demo data, `--rows`
young people's files pushed by an office device. Debian's /usr/bin/chromium driven by
Playwright (executable_path; never `playwright install`). Figures are printed, never asserted:
1. shell weight: every file the service worker precaches (read back from Cache Storage), gzip;
2. offline reload to a usable screen (median of --runs): youth catalogue, referent's "Today";
   service worker still running ("warm") and stopped before each reload ("cold");
3. first sync of the referent's device (login form -> every row in IndexedDB);
4. a day's sync: --day changes made on the tablet + --day by the office, pushed and pulled
   with « Synchroniser », without throttling and under two slow-3G emulations.
A table goes to stdout and one JSON line to bench/results/pwa-<date>.jsonl.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pwa_page import (PRESETS, Uploads, api_entries, breakdown, choose_pin, fill_login,  # noqa: E402
                      launch, make_offline_ready, new_context, now, open_app, reload_series,
                      status_error, throttle, unlock, wait_sync, IDB_COUNTS)
from pwa_report import print_report  # noqa: E402
from pwa_server import (EMAILS, PASSWORD, Device, live_server, precache_list,  # noqa: E402
                        seed_beneficiaries, server_day, shell_weight)
from pwa_work import DAY_CHECK, LOCAL_DAY, MERGE_PROFILE  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
CACHED_URLS = """async () => { const out = [];
  for (const name of await caches.keys()) if (name.startsWith('mhj-shell'))
    for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
  return out; }"""


def stats(values: list[float]) -> dict:
    values = sorted(v for v in values if v is not None)
    if not values:
        return {}
    return {"median": round(statistics.median(values), 1), "min": round(values[0], 1),
            "max": round(values[-1], 1), "n": len(values)}


def summarize_reloads(runs: list[dict]) -> dict:
    keys = ["ready", "content", "fcp", "worker_start", "doc_response_end", "modules_end", "wall"]
    out = {k: stats([r[k] for r in runs]) for k in keys}
    out["from_service_worker"] = all(r["from_service_worker"] for r in runs)
    out["modules"] = runs[-1]["modules"]
    return out


def youth_offline(browser, url: str, runs: int) -> tuple[dict, list[str]]:
    ctx = new_context(browser)
    page = open_app(ctx, url, "#/jeunes")
    page.wait_for_selector("#offres li.card")
    make_offline_ready(page)
    cached = page.evaluate(CACHED_URLS)
    ctx.set_offline(True)
    warm = reload_series(page, runs, "offers")
    cdp = ctx.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cold = reload_series(page, runs, "offers", cdp)
    offers = page.locator("#offres li.card").count()
    ctx.close()
    return {"route": "#/jeunes", "content": "first offer card (#offres li.card)",
            "offers_shown": offers, "warm": summarize_reloads(warm),
            "cold": summarize_reloads(cold)}, cached


def first_sync(browser, url: str, expected: dict):
    ctx = new_context(browser)
    page = open_app(ctx, url, "#/connexion")
    uploads = Uploads(page)
    fill_login(page, EMAILS["referent"], PASSWORD)
    t_click = now(page)
    page.click("main form button[type=submit]")
    start, end = wait_sync(page, t_click, timeout=300000)
    counts = page.evaluate(IDB_COUNTS)
    entries = api_entries(page, t_click, end)
    login = [e for e in entries if e["path"] == "/api/auth/login"]
    sync_entries = [e for e in entries if e["start"] >= start]
    pulls = [e for e in sync_entries if e["path"] == "/api/sync/pull"]
    stored = sum(v for k, v in counts.items() if k not in ("outbox", "rejections"))
    res = {"rows_expected": sum(expected.values()), "rows_in_indexeddb": stored,
           "counts": counts, "expected": expected, "error": status_error(page),
           "login_click_to_done_ms": round(end - t_click, 1),
           "login_ms": round(login[0]["end"] - login[0]["start"], 1) if login else None,
           "sync": breakdown(sync_entries, start, end), "pull_pages": len(pulls),
           "pull_page_ms": stats([e["end"] - e["start"] for e in pulls]),
           "pull_ttfb_ms": stats([e["ttfb_at"] - e["start"] for e in pulls]),
           "gaps_between_pages_ms": stats([b["start"] - a["end"]
                                           for a, b in zip(pulls, pulls[1:])]),
           "uploads": len(uploads.items)}
    res["rows_per_s"] = round(stored / (res["sync"]["ms"] / 1000))
    choose_pin(page)
    return ctx, page, res


def today_offline(ctx, page, runs: int) -> dict:
    """Offline reloads of the referent's tablet: the app opens on its lock screen (the data key
    is only in memory); the password then opens « Aujourd'hui » (bench/tablet_bench.py times it)."""
    page.wait_for_function("document.documentElement.dataset.route === '#/ref'")
    make_offline_ready(page)
    t = now(page)
    unlock(page, PASSWORD)
    wait_sync(page, t)  # the sync after unlocking
    ctx.set_offline(True)
    warm = reload_series(page, runs, "locked")
    cdp = ctx.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cold = reload_series(page, runs, "locked", cdp)
    unlock(page, PASSWORD)
    ctx.set_offline(False)
    # After ServiceWorker.stopAllWorkers, Chromium's page keeps navigator.onLine === true under
    # offline emulation (fetch still fails), so no 'online' event comes: sync by the button.
    t = now(page)
    page.click("#sync-now")
    wait_sync(page, t)
    page.wait_for_timeout(500)
    return {"route": "#/ref", "content": "the lock screen's password form (#unlock-password)",
            "warm": summarize_reloads(warm), "cold": summarize_reloads(cold)}


def day_round(ctx, page, office: Device, ids: list[str], i: int, preset: str, n: int) -> dict:
    tag, office_tag = f"tablette-{i}", f"bureau-{i}"
    base = i * (4 * n)
    n_new, n_att, n_con = n * 2 // 15, n * 2 // 5, n // 5
    n_edit = n - n_new - n_att - n_con
    attend_ids = ids[base:base + n_att - n_new]
    edit_ids = ids[base + n:base + n + n_edit]
    office_edit, office_contacts = ids[base + 2 * n:base + 2 * n + n // 2], \
        ids[base + 3 * n:base + 3 * n + n - n // 2]
    cursor = office.cursor()
    server_changes = server_day(office, office_edit, office_contacts, office_tag)
    local = page.evaluate(LOCAL_DAY, {"tag": tag, "newPeople": n_new, "attendances": n_att,
                                      "contacts": n_con, "editIds": edit_ids,
                                      "attendIds": attend_ids, "password": PASSWORD})
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = throttle(cdp, preset)
    uploads = Uploads(page)
    t0, t_click = time.perf_counter(), now(page)
    page.click("#sync-now")
    start, end = wait_sync(page, t_click, timeout=300000)
    throttle(cdp, "none")
    cdp.detach()
    entries = [e for e in api_entries(page, t_click, end) if e["start"] >= start]
    check = page.evaluate(DAY_CHECK, {"tag": tag, "officeTag": office_tag, "password": PASSWORD})
    on_server, _ = office.pull_from(cursor)
    sent = uploads.since(t0)
    pulled = office.pull_bytes(cursor, 500)  # the same rows as the tablet's pull, re-fetched
    pulled_1000 = office.pull_bytes(cursor, 1000)
    return {"preset": preset, "conditions": conditions, "local_changes": local["changes"],
            "local_write_ms": round(local["ms"], 1), "outbox_before": local["pending"],
            "server_changes": server_changes, "click_to_done_ms": round(end - t_click, 1),
            "sync": breakdown(entries, start, end),
            "requests": [[e["path"], round(e["end"] - e["start"]), e["bytes"]] for e in entries],
            "upload_bytes": sum(s[3] for s in sent), "upload_gzip6": sum(s[4] for s in sent),
            "pull_replay": pulled, "pull_replay_limit_1000": pulled_1000, "check": check,
            "server_rows_changed": on_server, "error": status_error(page)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10, help="offline reloads per screen and mode")
    ap.add_argument("--rows", type=int, default=10000, help="young people's files to seed")
    ap.add_argument("--day", type=int, default=300, help="changes per side in a day's sync")
    ap.add_argument("--presets", default="none,slow-3g-400ms,devtools-slow-3g")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from importlib.metadata import version

    res = {"bench": "mhj-pwa", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "runs": args.runs, "rows": args.rows, "day": args.day,
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "playwright": version("playwright"),
                       "loadavg_1m_start": round(os.getloadavg()[0], 2)}}
    work = Path(tempfile.mkdtemp(prefix="mhj-pwa-bench-"))
    try:
        with live_server(work) as (url, _pid, cmd):
            res["server"] = f"gunicorn {cmd} (SQLite)"
            office = Device(url)
            t = time.perf_counter()
            ids = seed_beneficiaries(office, args.rows)
            res["seed_s"] = round(time.perf_counter() - t, 2)
            expected, _ = office.pull_from(None)
            with sync_playwright() as pw:
                browser = launch(pw)
                res["machine"]["chromium"] = browser.version
                step("offline reload: youth catalogue")
                res["youth_reload"], cached = youth_offline(browser, url, args.runs)
                listed = precache_list(url)
                res["precache_matches_sw_js"] = sorted(cached) == sorted(listed)
                res["shell"] = shell_weight(url, sorted(set(cached) | set(listed)))
                res["sw_js"] = shell_weight(url, ["/sw.js"])["total"]
                step(f"first sync ({sum(expected.values())} rows)")
                ctx, page, res["first_sync"] = first_sync(browser, url, expected)
                step("merge profile (one 500-row page)")
                res["merge_profile"] = page.evaluate(MERGE_PROFILE, {"pages": 5, "size": 500,
                                                                     "password": PASSWORD})
                step("offline reload: referent's Today")
                res["today_reload"] = today_offline(ctx, page, args.runs)
                res["day_sync"] = []
                for i, preset in enumerate(p for p in args.presets.split(",") if p):
                    if preset not in PRESETS:
                        sys.exit(f"unknown preset {preset}: {', '.join(PRESETS)}")
                    step(f"day's sync, {preset}")
                    res["day_sync"].append(day_round(ctx, page, office, ids, i, preset, args.day))
                ctx.close()
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    print_report(res)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pwa-{time.strftime('%Y-%m-%d')}.jsonl"
    with out.open("a") as f:
        f.write(json.dumps(res, ensure_ascii=False) + "\n")
    print(f"\nresult appended to {out.relative_to(RESULTS.parent.parent)}")


def step(text: str) -> None:
    print(f"[pwa-bench] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
