"""The day-end sync in real Chromium: one request for the day, one for nothing, no button."""
import uuid

from browser_helpers import login, make_offline_ready, open_app, sync_now, wait_synced

OPEN = """
  const { openDb } = await import('/js/db.js');
  const { openWithPassword } = await import('/js/vault.js');
  const db = await openDb();
  db.setKey(await openWithPassword(await db.getMeta('keyring'), password));"""

# A drop-in day written with the app's own outbox (its own instance: the app's "local change"
# trigger stays quiet, as if typed while offline) and files opened, as the screens note them.
DAY = """async ({ tag, sessions, people, diagnostics, contacts, password }) => {""" + OPEN + """
  const { createOutbox } = await import('/js/outbox.js');
  const outbox = createOutbox(db);
  const slots = (await db.getAll('sessions')).slice(0, sessions).map((s) => s.id);
  const ids = [];
  for (let i = 0; i < people; i += 1) {
    const id = crypto.randomUUID();
    ids.push(id);
    await outbox.record('beneficiaries', id, { first_name: 'Jeune', last_name: `${tag}-${i}`,
      commune: 'Saint-Claude', consent_at: new Date().toISOString(),
      consent_scope: 'accompagnement-mobilite' });
    await db.put('views', { id: crypto.randomUUID(), beneficiary_id: id, at: new Date().toISOString() });
  }
  for (const session of slots) for (const person of ids) {
    await outbox.record('attendances', crypto.randomUUID(), { session_id: session, beneficiary_id: person, present: true });
  }
  for (let i = 0; i < diagnostics; i += 1) {
    await outbox.record('diagnostics', crypto.randomUUID(), { beneficiary_id: ids[i % ids.length], date: new Date().toISOString().slice(0, 10) });
  }
  for (let i = 0; i < contacts; i += 1) {
    await outbox.record('contacts', crypto.randomUUID(), { date: new Date().toISOString(), channel: 'visite',
      audience: 'particulier', subject: `Permanence ${tag} n°${i}`, beneficiary_id: ids[i] });
  }
  const left = { outbox: await db.count('outbox'), views: await db.count('views') };
  db.close();
  return left;
}"""

LEFT = """async ({ password }) => {""" + OPEN + """
  const left = { outbox: await db.count('outbox'), views: await db.count('views'),
                 rejections: await db.count('rejections') };
  db.close();
  return left;
}"""

CATALOGUE = ("/api/offers", "/api/partners", "/api/sessions/public")


def _api(live_server, since: int) -> list[tuple]:
    return [r for r in live_server.requests[since:] if r[1].startswith("/api/")]


def _settled(page, live_server, since: int, timeout=3000):
    """Wait until the server has heard nothing new for a second (late triggers included)."""
    seen, quiet = -1, 0
    while quiet < 1000 and timeout > 0:
        page.wait_for_timeout(200)
        timeout -= 200
        count = len(live_server.requests) - since
        quiet = quiet + 200 if count == seen else 0
        seen = count


def test_network_back_syncs_the_day_in_one_request_with_nothing_pressed(live_server,
                                                                          new_context):
    ctx = new_context()
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    page.evaluate("location.hash = '#/ref'")
    ctx.set_offline(True)
    page.wait_for_function("document.querySelector('#status .pill').textContent === 'Hors ligne'")
    tag = uuid.uuid4().hex[:6]
    day = page.evaluate(DAY, {"tag": tag, "sessions": 3, "people": 10, "diagnostics": 10,
                              "contacts": 5, "password": "mot-de-passe-navigateur"})
    assert day == {"outbox": 10 + 30 + 10 + 5, "views": 10}

    since = len(live_server.requests)
    ctx.set_offline(False)  # nothing pressed: the app notices the network by itself
    page.wait_for_function("document.querySelector('#status .pending').dataset.count === '0'",
                           timeout=20000)
    wait_synced(page)
    _settled(page, live_server, since)
    calls = _api(live_server, since)
    sync_calls = [(m, p) for m, p, *_ in calls if p.startswith(("/api/sync", "/api/audit"))]
    assert sync_calls == [("POST", "/api/sync/exchange")], calls
    # The catalogue is revalidated after the sync, never beside it.
    (exchange,) = [r for r in calls if r[1] == "/api/sync/exchange"]
    assert all(r[2] >= exchange[3] for r in calls if r[1] in CATALOGUE), calls
    left = page.evaluate(LEFT, {"password": "mot-de-passe-navigateur"})
    assert left == {"outbox": 0, "views": 0, "rejections": 0}
    rows = live_server.pull_all("coordinator")
    mine = [p for p in rows["beneficiaries"].values() if p["last_name"].startswith(tag)]
    assert len(mine) == 10
    assert sum(a["beneficiary_id"] in {p for p in rows["beneficiaries"]
                                       if rows["beneficiaries"][p]["last_name"].startswith(tag)}
               for a in rows["attendances"].values()) == 30

    # A sync with nothing to say: one request, and the results it got trigger nothing more.
    since = len(live_server.requests)
    sync_now(page)
    _settled(page, live_server, since)
    calls = [(m, p) for m, p, *_ in _api(live_server, since)]
    assert calls == [("POST", "/api/sync/exchange")], calls


def test_triggers_coalesce_and_a_file_opened_never_starts_a_sync(live_server, new_context):
    ctx = new_context()
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    _settled(page, live_server, len(live_server.requests))
    since = len(live_server.requests)
    # Network back, the app in the foreground, the button: one run.
    page.evaluate("""() => {
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      document.querySelector('#sync-now').click();
      window.dispatchEvent(new Event('online'));
    }""")
    wait_synced(page)
    _settled(page, live_server, since)
    calls = [(m, p) for m, p, *_ in _api(live_server, since)
             if p.startswith(("/api/sync", "/api/audit"))]
    assert calls == [("POST", "/api/sync/exchange")], calls
    # Opening a file notes a view; it waits for the next sync instead of starting one.
    person = next(iter(live_server.pull_all("referent")["beneficiaries"]))
    since = len(live_server.requests)
    page.evaluate(f"location.hash = '#/ref/jeune/{person}'")
    page.wait_for_function("document.documentElement.dataset.route.startsWith('#/ref/jeune/')")
    _settled(page, live_server, since, timeout=4000)
    calls = [(m, p) for m, p, *_ in _api(live_server, since)
             if p.startswith(("/api/sync", "/api/audit"))]
    assert calls == [], calls
