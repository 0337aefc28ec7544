#!/usr/bin/env python3
"""Follow-up benchmark (issue 10): what the referent's follow-up costs on a sealed tablet.

    .venv/bin/python bench/followup_bench.py [--people 2000] [--steps 5] [--referrals 500] [--opens 10]

gunicorn wsgi:app on a fresh SQLite file (bench/pwa_server.py) with --people young people, each
with one objective and --steps plan steps (due dates spread over the 30 days before and after
today, statuses mixed), and --referrals open referrals (half of them reminded). Debian's
Chromium signs a referent in (sealed stores, as the app is), then times, in the page,
hash change -> screen drawn (median of --opens):
1. « Aujourd'hui », which opens every step and referral to list what is due;
2. a person's file with its plan; 3. the young person's printable plan.
Printed, never asserted; one JSON line goes to bench/results/followup-<date>.jsonl.
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
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pwa_page import IDB_COUNTS, choose_pin, fill_login, launch, new_context, now, open_app, wait_sync  # noqa: E402
from pwa_server import EMAILS, PASSWORD, Device, live_server, seed_beneficiaries  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# Hash change -> the route drawn (the router sets data-route once the screen is in place).
DRAW = """async (target) => {
  if (location.hash === target) { location.hash = '#/appareil'; await new Promise((r) => setTimeout(r, 300)); }
  const t0 = performance.now();
  location.hash = target;
  await new Promise((resolve) => {
    const check = () => document.documentElement.dataset.route === target && document.querySelector('#main h1');
    if (check()) { resolve(); return; }
    const o = new MutationObserver(() => { if (check()) { o.disconnect(); resolve(); } });
    o.observe(document, { subtree: true, childList: true, attributes: true });
  });
  return performance.now() - t0;
}"""
STATUSES = ("a-faire", "a-faire", "en-cours", "fait", "abandonne")
CARRIERS = ("jeune", "referente", "partenaire")


def seed_follow_up(office: Device, ids: list[str], steps: int, referrals: int, rng) -> dict:
    """One objective and `steps` steps per person; open referrals, half reminded."""
    today, muts = date.today(), []
    for pid in ids:
        goal = str(uuid.uuid4())
        muts.append(office.upsert("objectives", goal, {
            "beneficiary_id": pid, "label": "Trouver comment payer mes déplacements",
            "barrier": "financier", "stage": "moyens"}))
        for k in range(steps):
            muts.append(office.upsert("action_steps", str(uuid.uuid4()), {
                "beneficiary_id": pid, "objective_id": goal if k % 2 else None,
                "label": f"Étape {k + 1} : demander l'aide au permis au guichet",
                "due_date": (today + timedelta(days=rng.randint(-30, 30))).isoformat(),
                "status": rng.choice(STATUSES), "carried_by": rng.choice(CARRIERS)}))
    for i in range(referrals):
        fields = {"first_name": "Orienté", "last_name": f"Banc-{i}", "consent": True,
                  "phone": "06 11 22 33 44", "situation": "Personne fictive (banc d'essai)."}
        if i % 2:
            fields["reminded_at"] = f"{today.isoformat()}T02:00:00Z"
        muts.append(office.upsert("referrals", str(uuid.uuid4()), fields))
    office.push(muts)
    return {"objectives": len(ids), "steps": len(ids) * steps, "referrals": referrals}


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def run(browser, url: str, ids: list[str], opens: int, rng) -> dict:
    ctx = new_context(browser)
    page = open_app(ctx, url, "#/connexion")
    fill_login(page, EMAILS["referent"], PASSWORD)
    t_click = now(page)
    page.click("main form button[type=submit]")
    start, end = wait_sync(page, t_click, timeout=600000)
    choose_pin(page)
    counts = page.evaluate(IDB_COUNTS)
    res = {"sync_ms": round(end - start, 1), "rows": sum(v for k, v in counts.items() if k != "outbox")}
    today = [page.evaluate(DRAW, "#/ref") for _ in range(opens)]
    res["today_ms"] = median(today)
    res["today_listed"] = page.evaluate("""() => ({
      overdue: document.querySelectorAll('#etapes-en-retard li').length,
      week: document.querySelectorAll('#etapes-semaine li').length,
      chase: document.querySelectorAll('#a-relancer li').length })""")
    sample = rng.sample(ids, opens)
    res["file_with_plan_ms"] = median([page.evaluate(DRAW, f"#/ref/jeune/{i}") for i in sample])
    res["printable_plan_ms"] = median([page.evaluate(DRAW, f"#/ref/jeune/{i}/plan") for i in sample])
    ctx.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--referrals", type=int, default=500)
    ap.add_argument("--opens", type=int, default=10)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    rng = random.Random(10)
    res = {"bench": "mhj-followup", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "people": args.people, "cpus": os.cpu_count(),
           "loadavg_1m_start": round(os.getloadavg()[0], 2)}
    work = Path(tempfile.mkdtemp(prefix="mhj-followup-bench-"))
    try:
        with live_server(work) as (url, _pid, _cmd):
            office = Device(url)
            ids = seed_beneficiaries(office, args.people)
            res["seeded"] = seed_follow_up(office, ids, args.steps, args.referrals, rng)
            with sync_playwright() as pw:
                browser = launch(pw)
                res.update(run(browser, url, ids, args.opens, rng))
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / f"followup-{date.today().isoformat()}.jsonl", "a") as out:
        out.write(json.dumps(res, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
