"""Browser side of bench/pwa_bench.py: Debian's Chromium driven by Playwright, an init script
that timestamps what the app shows (no change to the app), and the timeline of its API calls.

In-page times are performance.now() of the document: 0 is the navigation start (for a reload,
the moment the reload began). The app's own signals: <html data-ready="true"> (app.js, after the
first screen and the status bar are drawn), <html data-route>, and the status bar (#status:
`.last` reads « Synchronisation… » while a sync runs, « Synchronisé à … » after it;
`.pending[data-count]` is the outbox size)."""
import gzip
import sys
import time
from pathlib import Path

# The same Chromium, flags and app-opening steps as the browser tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from browser_helpers import ARGS, CHROMIUM, make_offline_ready, open_app  # noqa: E402,F401

# Chrome DevTools / Puppeteer "Slow 3G": 400 ms RTT target applied as 400 * 5 ms of latency per
# request, 500 kbit/s * 0.8 = 400 kbit/s each way (bytes per second below).
PRESETS = {
    "devtools-slow-3g": {"latency": 2000, "downloadThroughput": 50_000,
                         "uploadThroughput": 50_000},
    "slow-3g-400ms": {"latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "none": {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
}

INIT_JS = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = { marks: {}, status: [], pending: [] };
  if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(10000);
  const mark = (k) => { if (!(k in B.marks)) B.marks[k] = performance.now(); };
  const check = () => {
    const html = document.documentElement;
    if (!html) return;
    if (html.dataset.ready) mark('ready');
    if (document.querySelector('#offres li.card')) mark('offers');
    const h1 = document.querySelector('#main h1');
    if (h1 && /^Aujourd/.test(h1.textContent) && document.querySelector('#main h2')) mark('today');
    if (document.querySelector('#unlock-password')) mark('locked'); // a reload asks for the password
    const last = document.querySelector('#status .last');
    if (last) {
      const prev = B.status[B.status.length - 1];
      if (!prev || prev[1] !== last.textContent) B.status.push([performance.now(), last.textContent]);
    }
    const p = document.querySelector('#status .pending');
    if (p) {
      const prev = B.pending[B.pending.length - 1];
      if (!prev || prev[1] !== p.dataset.count) B.pending.push([performance.now(), p.dataset.count]);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true,
    attributes: true, characterData: true });
  // End of the first sync run that started at or after t: [start, end] or null.
  B.syncAfter = (t) => {
    let start = null;
    for (const [at, text] of B.status) {
      if (at < t) continue;
      if (text.startsWith('Synchronisation')) { if (start === null) start = at; }
      else if (start !== null && text.startsWith('Synchronisé')) return [start, at];
    }
    return null;
  };
})();
"""

IDB_COUNTS = """async () => {
  const { openDb, SYNCED_TABLES } = await import('/js/db.js');
  const db = await openDb();
  const out = {};
  for (const t of [...SYNCED_TABLES, 'outbox', 'rejections']) out[t] = await db.count(t);
  db.close();
  return out;
}"""

RELOAD_MARKS = """(content) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const js = res.filter((e) => e.name.includes('/js/'));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { ready: window.__bench.marks.ready, content: window.__bench.marks[content],
    fcp: fcp ? fcp.startTime : null, worker_start: nav.workerStart,
    doc_response_end: nav.responseEnd, dcl: nav.domContentLoadedEventEnd,
    modules: js.length, modules_end: Math.max(0, ...js.map((e) => e.responseEnd)) };
}"""

API_ENTRIES = """([from, to]) => performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/api/') && e.startTime >= from - 1 && e.startTime <= to)
  .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, req: e.requestStart,
    ttfb_at: e.responseStart, end: e.responseEnd, bytes: e.encodedBodySize,
    transfer: e.transferSize }))"""


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def new_context(browser, **options):
    options.setdefault("viewport", {"width": 1280, "height": 800})  # a tablet in landscape
    options.setdefault("locale", "fr-FR")
    options.setdefault("timezone_id", "Europe/Paris")
    options.setdefault("bypass_csp", True)  # polling waits evaluate strings: no 'unsafe-eval'
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(60000)
    ctx.add_init_script(INIT_JS)
    return ctx


def fill_login(page, email, password):
    page.evaluate("location.hash = '#/connexion'")
    page.wait_for_selector("main form input[name=email]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)


def unlock(page, password):
    """Type the password on the lock screen a reload shows; wait for the screen behind it."""
    page.wait_for_selector("#unlock-password")
    page.fill("#unlock-password input[name=password]", password)
    page.click("#unlock-password button[type=submit]")
    page.wait_for_selector("#unlock-password", state="detached")


def choose_pin(page, pin="482915"):
    page.wait_for_selector("#choose-pin")
    page.fill("#choose-pin input[name=pin]", pin)
    page.fill("#choose-pin input[name=again]", pin)
    page.click("#choose-pin button[type=submit]")
    page.wait_for_selector("#choose-pin", state="detached")


def now(page) -> float:
    return page.evaluate("performance.now()")


def wait_sync(page, after: float, timeout=120000) -> tuple[float, float]:
    """[start, end] (in-page ms) of the first sync run starting after `after`."""
    handle = page.wait_for_function("(t) => window.__bench.syncAfter(t)", arg=after,
                                    timeout=timeout, polling=50)
    return tuple(handle.json_value())


def status_error(page):
    return page.evaluate("(document.querySelector('#status .error') || {}).textContent || null")


def api_entries(page, start: float, end: float) -> list[dict]:
    return page.evaluate(API_ENTRIES, [start, end])


def breakdown(entries: list[dict], start: float, end: float) -> dict:
    """Split a sync run: waiting on the network (latency + server + transfer) vs the page."""
    net = sum(e["end"] - e["start"] for e in entries)
    wait = sum(e["ttfb_at"] - e["start"] for e in entries if e["ttfb_at"])
    by_path: dict[str, int] = {}
    for e in entries:
        by_path[e["path"]] = by_path.get(e["path"], 0) + 1
    total = end - start
    return {"ms": round(total, 1), "requests": len(entries), "by_path": by_path,
            "network_ms": round(net, 1), "until_first_byte_ms": round(wait, 1),
            "download_ms": round(net - wait, 1), "page_ms": round(total - net, 1),
            "response_bytes": sum(e["bytes"] or 0 for e in entries)}


def reload_series(page, n: int, content: str, cdp=None) -> list[dict]:
    """Reload n times (offline, answered by the service worker); cdp: stop the service worker
    before each reload (a cold start, as when the tablet is opened in the morning)."""
    runs = []
    for _ in range(n):
        if cdp is not None:
            cdp.send("ServiceWorker.stopAllWorkers")
            time.sleep(0.2)
        t0 = time.perf_counter()
        response = page.reload(wait_until="commit")
        page.wait_for_function(f"window.__bench && window.__bench.marks.ready "
                               f"&& window.__bench.marks.{content}", polling=10)
        wall = (time.perf_counter() - t0) * 1000
        marks = page.evaluate(RELOAD_MARKS, content)
        marks.update(wall=wall, from_service_worker=bool(response and response.from_service_worker))
        runs.append(marks)
        page.wait_for_timeout(300)  # let the start-up sync attempt (offline) settle
    return runs


def throttle(cdp, preset: str) -> dict:
    conditions = {"offline": False, **PRESETS[preset]}
    cdp.send("Network.emulateNetworkConditions", conditions)
    return conditions


class Uploads:
    """Request bodies sent by the page (Resource Timing has no upload size)."""

    def __init__(self, page):
        self.items = []
        page.on("request", self._on)

    def _on(self, request):
        if "/api/" in request.url:
            body = request.post_data_buffer or b""
            self.items.append((time.perf_counter(), request.method, request.url.split("?")[0],
                               len(body), len(gzip.compress(body, 6)) if body else 0))

    def since(self, t0: float) -> list[tuple]:
        return [i for i in self.items if i[0] >= t0]
