"""« Comment y aller » figures (docs/benchmarks.md): import time of large synthetic regional
feeds, the territory's timetable size for 30 days, and journey queries in Chromium.

    .venv/bin/python bench/transit_bench.py [--scales 1,4] [--queries 60] [--no-browser]

The feeds are SYNTHETIC (bench/gtfs_synth.py); the search runs the app's own modules
(pwa/js/transit/) in Debian's Chromium, in the page's thread and through the Web Worker.
"""
import argparse
import json
import logging
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from gtfs_synth import build  # noqa: E402
from server.config import Config  # noqa: E402
from server.transit import store  # noqa: E402
from server.transit.build import Area  # noqa: E402
from server.transit.service import feed_meta  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
QUERIES = """async ({ queries, day }) => {
  const { prepare } = await import('/js/transit/timetable.js');
  const { journeys, nextJourneys, departures } = await import('/js/transit/csa.js');
  const client = await import('/js/transit/client.js');
  let t = performance.now();
  const text = await (await fetch('/api/transit/timetable')).text();
  const fetched = performance.now() - t;
  t = performance.now();
  const model = prepare(JSON.parse(text));
  const prepared = performance.now() - t;
  t = performance.now();
  nextJourneys(model, day, { sources: [{ stop: 0, walk: 0 }], targets: [{ stop: 1, walk: 0 }], time: 420 });
  const firstOfDay = performance.now() - t;  // builds and sorts the day's connections
  const n = model.stops.length;
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const pairs = Array.from({ length: queries }, () => [Math.floor(rand() * n), Math.floor(rand() * n), 360 + Math.floor(rand() * 720)]);
  const page = [];
  const withJourney = [];
  let found = 0;
  // Each query 3 times, its fastest kept: the machine is shared, the figure is the search's.
  const best3 = (fn) => Math.min(...[0, 1, 2].map(() => { const s = performance.now(); fn(); return performance.now() - s; }));
  for (const [a, b, time] of pairs) {
    const sources = [{ stop: a, walk: 0 }, ...model.footpaths[a].map(([stop, walk]) => ({ stop, walk }))];
    let j = [];
    page.push(best3(() => {
      departures(model, day, { stops: [a], time });
      j = nextJourneys(model, day, { sources, targets: [{ stop: b, walk: 0 }], time }, 3);
    }));
    if (j.length) { found += 1; withJourney.push(page[page.length - 1]); }
  }
  const single = [];
  for (const [a, b, time] of pairs) {
    single.push(best3(() => journeys(model, day, { sources: [{ stop: a, walk: 0 }], targets: [{ stop: b, walk: 0 }], time })));
  }
  t = performance.now();
  await client.loadTimetable();
  const workerLoad = performance.now() - t;
  const worker = [];
  for (const [a, b, time] of pairs) {
    const s = performance.now();
    await client.plan({ date: day, time, from: { stop: a }, to: { stop: b } });
    worker.push(performance.now() - s);
  }
  return { stops: n, fetched, prepared, firstOfDay, page, worker, workerLoad, found, withJourney, single };
}"""


def median(values):
    return statistics.median(values)


def p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def import_feed(folder: Path, scale: float, today: date) -> dict:
    """Build a synthetic feed, import it and publish the territory's 30 days; time it."""
    zip_path = folder / f"synth-{scale}.zip"
    counts = build(str(zip_path), today, scale)
    instance = folder / f"instance-{scale}"
    started = time.perf_counter()
    store.save_feed(str(instance), str(zip_path), feed_meta(f"Synthétique x{scale}", "ODbL",
                                                            None, zip_path.name))
    summary = store.publish(str(instance), Area.parse(Config.TRANSIT_AREA), today, 30)
    seconds = time.perf_counter() - started
    return {"scale": scale, "zip_mb": zip_path.stat().st_size / 1e6, **counts,
            "import_s": seconds, "territory_stops": summary["stops"],
            "territory_trips": summary["trips"], "json_kb": summary["size"] / 1024,
            "gzip_kb": summary["gzip_size"] / 1024, "instance": str(instance)}


def browser_queries(instance: str, today: date, queries: int) -> dict:
    """Serve the app with this timetable and run journey queries in Chromium."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from server import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{instance}/bench.sqlite3",
                      "SECRET_KEY": "bench", "JWT_SECRET_KEY": "bench-jwt-secret-of-32-bytes-min"})
    app.instance_path = instance
    with app.app_context():  # the app's start page reads the (empty) catalogue
        from server.database import ensure_clock
        from server.extensions import db
        db.create_all()
        ensure_clock(db.session)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    day = today + timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(bypass_csp=True)
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            result = page.evaluate(QUERIES, {"queries": queries, "day": day.isoformat()})
            result["chromium"] = browser.version
            browser.close()
    finally:
        server.shutdown()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,4", help="line-count multipliers, e.g. 1,4")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [import_feed(Path(tmp), float(s), today) for s in args.scales.split(",")]
        print("feed  zip MB  stops  trips  stop_times  import s  territory stops/trips  "
              "timetable KB (gzip)")
        for r in rows:
            print(f"x{r['scale']:<4} {r['zip_mb']:6.1f} {r['stops']:6} {r['trips']:6} "
                  f"{r['stop_times']:10}  {r['import_s']:7.1f}  {r['territory_stops']:6} / "
                  f"{r['territory_trips']:<6}  {r['json_kb']:7.0f} ({r['gzip_kb']:.0f})")
        if args.no_browser:
            return
        largest = rows[-1]
        res = browser_queries(largest["instance"], today, args.queries)
        print(f"Chromium {res['chromium']}, territory of x{largest['scale']}: {res['stops']} stops")
        print(f"  fetch {res['fetched']:.0f} ms, parse+prepare {res['prepared']:.0f} ms, "
              f"first query of a day (connections built) {res['firstOfDay']:.0f} ms, "
              f"worker load {res['workerLoad']:.0f} ms")
        print("  (each query run 3 times in a row, its fastest kept; worker figures: once)")
        print(f"  query (departures + 3 next journeys), page thread: median "
              f"{median(res['page']):.1f} ms, p95 {p95(res['page']):.1f} ms, max "
              f"{max(res['page']):.1f} ms over {len(res['page'])} ({res['found']} with a journey)")
        print(f"  one search (earliest arrival, up to 2 changes), page thread: median "
              f"{median(res['single']):.1f} ms, p95 {p95(res['single']):.1f} ms, max "
              f"{max(res['single']):.1f} ms")
        if res["withJourney"]:
            print(f"  queries that found a journey: median {median(res['withJourney']):.1f} ms, "
                  f"max {max(res['withJourney']):.1f} ms")
        print(f"  same through the Web Worker (postMessage both ways): median "
              f"{median(res['worker']):.1f} ms, p95 {p95(res['worker']):.1f} ms")
        print(json.dumps({k: v for k, v in largest.items() if k != "instance"}))


if __name__ == "__main__":
    main()
