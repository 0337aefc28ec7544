"""Helpers of the browser tests: the real app in headless Chromium (Debian package) against a live server.

Each test gets fresh browser contexts (service worker, caches and IndexedDB are per context).
The server runs in a thread on 127.0.0.1 (a secure context, so service workers work) with a
fresh SQLite database, the demo catalogue and one account per role.
"""
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PASSWORD = "mot-de-passe-navigateur"
PIN = "482915"
ACCOUNTS = {
    "referent": ("referente.test@example.org", "Référente Test"),
    "coordinator": ("coordination.test@example.org", "Coordination Test"),
    "prescriber": ("prescriptrice.test@example.org", "Prescriptrice Test"),
}
REPO = Path(__file__).resolve().parents[2]


def chromium_or_skip():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"CI without {CHROMIUM}: the browser tests cannot run")
        pytest.skip(f"browser tests skipped: {CHROMIUM} not installed (apt-get install chromium)")


class LiveServer:
    """The Flask app served from a thread; `url` is its base address."""

    def __init__(self, tmp: Path, pwa_dir: Path):
        from werkzeug.serving import make_server

        from server import create_app
        from server.database import ensure_clock
        from server.extensions import db
        from server.services import auth as auth_service

        self.pwa_dir = pwa_dir
        self.app = create_app({
            "TESTING": True, "DATABASE_URL": f"sqlite:///{tmp / 'browser.sqlite3'}",
            "SECRET_KEY": "browser-secret", "JWT_SECRET_KEY": "browser-jwt-secret-of-32-bytes-or-more",
            "PWA_DIR": str(pwa_dir)})
        # Files the app keeps (the published timetable) stay with this run, not in the checkout.
        self.app.instance_path = str(tmp / "instance")
        with self.app.app_context():
            db.create_all()
            ensure_clock(db.session)
            for role, (email, name) in ACCOUNTS.items():
                auth_service.create_user(db.session, email, name, role, PASSWORD)
            db.session.commit()
        with self.app.app_context():
            result = self.app.test_cli_runner().invoke(args=["seed-demo", "--no-history"])
        assert result.exit_code == 0, result.output
        self.requests = []  # (method, path, arrived, answered): what devices asked, in order
        self.app.wsgi_app = self._recording(self.app.wsgi_app)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _recording(self, inner):
        def app(environ, start_response):
            arrived = time.monotonic()
            answer = inner(environ, start_response)  # the view has run: the answer is built
            self.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                                  arrived, time.monotonic()))
            return answer
        return app

    def api(self, role="coordinator"):
        """A test client logged in as `role` on its own device: (client, headers)."""
        client = self.app.test_client()
        email = ACCOUNTS[role][0]
        answer = client.post("/api/auth/login", json={
            "email": email, "password": PASSWORD, "device_id": f"check-{uuid.uuid4()}",
            "device_name": "Vérification"}).get_json()
        return client, {"Authorization": f"Bearer {answer['access_token']}"}

    def pull_all(self, role="coordinator"):
        """Every live row the role may see, as {table: {row_id: data}}."""
        client, headers = self.api(role)
        rows, cursor = {}, None
        while True:
            url = "/api/sync/pull?limit=1000" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(url, headers=headers).get_json()
            for change in page["changes"]:
                table = rows.setdefault(change["table"], {})
                if change["deleted"]:
                    table.pop(change["row_id"], None)
                else:
                    table[change["row_id"]] = change["data"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return rows

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


def copy_pwa(dest: Path) -> Path:
    shutil.copytree(REPO / "pwa", dest)
    return dest


def open_app(ctx, url, route="#/"):
    """Open the app and wait until it has started."""
    page = ctx.new_page()
    page.goto(f"{url}/{route}")
    page.wait_for_selector("html[data-ready]", state="attached")
    return page


def make_offline_ready(page):
    """Wait for the service worker, reload so it controls the page (see testing-recipes.md)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def login(page, role):
    """Log in through the form and wait for the first sync to finish."""
    email = ACCOUNTS[role][0]
    page.evaluate("location.hash = '#/connexion'")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_function("!location.hash.startsWith('#/connexion')")
    choose_pin(page)
    wait_synced(page)


def choose_pin(page, pin=PIN):
    """Choose the app lock's PIN, asked after the first sign-in on a device."""
    page.wait_for_selector("#choose-pin")
    page.fill("#choose-pin input[name=pin]", pin)
    page.fill("#choose-pin input[name=again]", pin)
    page.click("#choose-pin button[type=submit]")
    page.wait_for_selector("#choose-pin", state="detached")


def unlock(page, password=PASSWORD):
    """Open a signed-in device again after a reload (the data key is only in memory)."""
    page.wait_for_selector("#unlock-password")
    page.fill("#unlock-password input[name=password]", password)
    page.click("#unlock-password button[type=submit]")
    page.wait_for_selector("#unlock-password", state="detached")


def read_sealed(page, store, key, password=PASSWORD):
    """A record of a sealed store, decrypted with the keyring and the password (as the app does)."""
    return page.evaluate("""async ([store, key, password]) => {
      const { openDb } = await import('/js/db.js');
      const { openWithPassword } = await import('/js/vault.js');
      const db = await openDb();
      db.setKey(await openWithPassword(await db.getMeta('keyring'), password));
      const row = await db.get(store, key);
      db.close();
      return row;
    }""", [store, key, password])


def wait_synced(page, timeout=20000):
    """Wait until a sync ran to the end with nothing left in the outbox."""
    page.wait_for_function(
        """() => { const p = document.querySelector('#status .pending');
                   const l = document.querySelector('#status .last');
                   return p && p.dataset.count === '0' && l && /^Synchronisé/.test(l.textContent); }""",
        timeout=timeout)


def sync_now(page):
    """Press "Synchroniser" and wait for an empty outbox."""
    page.click("#sync-now")
    wait_synced(page)


def go(page, route):
    """Navigate inside the app (hash route) and wait for its heading."""
    page.evaluate(f"location.hash = {route!r}")
    page.wait_for_function(f"document.documentElement.dataset.route === {route!r}")


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Let running animations end first: a toast rising from opacity 0 would be measured half
# transparent and fail the contrast rule (seen in CI when axe ran 150 ms after a save).
_SETTLE = """() => Promise.race([
  Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
  new Promise(ok => setTimeout(ok, 2000))])"""


def axe_violations(page):
    """Run axe-core (WCAG 2.1 A/AA) on the page once its animations have ended."""
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    page.wait_for_timeout(50)  # toasts and live regions appear just after the route's heading
    page.evaluate(_SETTLE)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": AXE_TAGS}})
    route = page.evaluate("location.hash")
    return [(route, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
