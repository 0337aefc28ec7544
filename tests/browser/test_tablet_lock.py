"""The app lock of a shared tablet (issue 9): idle and background lock with the screen cleared,
PIN tries, the password age and the days without the server, lending the tablet, and a revoked
device that wipes itself before it says anything."""
import pytest

from browser_helpers import PIN, go, login, unlock, wait_synced
from tablet_helpers import marked_person, new_referent_device, open_person, type_pin

RAW = """async ([store]) => new Promise((resolve, reject) => {
  const open = indexedDB.open('mhj');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const q = db.transaction(store).objectStore(store).getAll();
    q.onsuccess = () => { db.close(); resolve(q.result.map((r) => ({ ...r, _s: r._s ? 'sealed' : undefined }))); };
    q.onerror = () => reject(q.error);
  };
})"""


def raw(page, store):
    """The records of a store as IndexedDB holds them (sealed parts shown as 'sealed')."""
    return page.evaluate(RAW, [store])


def meta(page):
    return {r["key"]: r.get("value") for r in raw(page, "meta")}


@pytest.fixture
def settings(live_server):
    """Set the device settings for one test (as the coordinator would), then restore them."""
    client, headers = live_server.api("coordinator")
    before = client.get("/api/settings/devices", headers=headers).get_json()

    def put(**values):
        answer = client.put("/api/settings/devices", headers=headers, json={**before, **values})
        assert answer.status_code == 200, answer.get_json()

    yield put
    client.put("/api/settings/devices", headers=headers, json=before)


def signed_in(live_server, new_context, clock=False):
    ctx = new_context(bypass_csp=True)
    page = ctx.new_page()
    if clock:
        page.clock.install()
    page.goto(f"{live_server.url}/#/connexion")
    page.wait_for_selector("html[data-ready]", state="attached")
    login(page, "referent")
    return ctx, page


def test_idle_lock_clears_the_screen_and_five_wrong_pins_ask_for_the_password(live_server, new_context, settings):
    settings(lock_idle_minutes=1)
    person, markers = marked_person(live_server)
    ctx, page = signed_in(live_server, new_context, clock=True)
    name = f"{markers['first_name']} {markers['last_name']}"
    open_person(page, person, name)
    page.clock.fast_forward("00:50")
    assert name in page.inner_text("main"), "not locked before the setting's minute"
    page.clock.fast_forward("00:15")
    page.wait_for_selector("#unlock-pin")
    html = page.content()
    for value in markers.values():
        assert value not in html, "a locked screen shows no personal data (the DOM is cleared)"
    assert "Zoélie" not in page.title()
    for left in (4, 3, 2, 1):
        type_pin(page, "000001")
        page.wait_for_selector(f"#unlock-pin [role=alert] :text('Encore {left} essai')")
    type_pin(page, "000001")
    page.wait_for_selector("#unlock-password")  # the key is gone: only the password opens it
    unlock(page)
    page.wait_for_selector(f"main :text('{name}')")  # back on the file she was on


def test_background_locks_and_the_pin_unlocks(live_server, new_context):
    person, markers = marked_person(live_server)
    ctx, page = signed_in(live_server, new_context)
    name = f"{markers['first_name']} {markers['last_name']}"
    open_person(page, person, name)
    page.evaluate("""() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      delete document.visibilityState;
    }""")
    page.wait_for_selector("#unlock-pin")
    assert name not in page.content()
    assert page.inner_text("#nav") == "", "no menu on a locked tablet"
    type_pin(page, PIN)
    page.wait_for_selector(f"main :text('{name}')")


def test_the_password_is_asked_again_after_its_age_limit_and_the_server_after_days_away(live_server, new_context):
    ctx, page = signed_in(live_server, new_context, clock=True)
    page.clock.fast_forward("08:00:10")  # default: 8 hours
    page.wait_for_selector("#unlock-password")
    unlock(page)
    go(page, "#/ref/jeunes")
    page.clock.fast_forward(15 * 24 * 3600 * 1000)  # default: 14 days without the server
    page.wait_for_selector("main :text('Connexion au serveur nécessaire')")
    assert page.query_selector("#unlock-password") is None, "offline password no longer enough"
    page.click("main a.button")
    page.fill("input[name=email]", "referente.test@example.org")
    page.fill("input[name=password]", "mot-de-passe-navigateur")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#unlock-pin, h1:text('Aujourd')")
    if page.query_selector("#unlock-pin"):
        type_pin(page, PIN)
    wait_synced(page)


def test_lent_tablet_shows_only_the_youth_space_and_keeps_no_call_back_draft(live_server, new_context):
    ctx, page = signed_in(live_server, new_context)
    page.click("#lend")
    page.wait_for_function("location.hash === '#/jeunes' && document.documentElement.dataset.route === '#/jeunes'")
    nav = page.inner_text("#nav")
    assert "Reprendre la tablette" in nav and "Contacts" not in nav and "Espace pro" not in nav
    assert "Référente Test" not in page.inner_text("header")
    for route in ("#/ref/jeunes", "#/appareil", "#/connexion"):
        page.evaluate(f"location.hash = {route!r}")
        page.wait_for_function("location.hash === '#/jeunes'")
    go(page, "#/jeunes/rappel")
    page.fill("input[name=name]", "Camille Prêtée")
    page.fill("input[name=phone]", "0611223344")
    page.wait_for_timeout(600)  # past the draft's debounce
    assert raw(page, "drafts") == [], "the call-back form is never written to disk"
    go(page, "#/jeunes")
    go(page, "#/jeunes/rappel")
    assert page.input_value("input[name=name]") == "Camille Prêtée", "kept in memory while she types"
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    go(page, "#/jeunes/rappel")
    assert page.input_value("input[name=name]") == "", "gone for the next visitor"
    # Taking the tablet back: the app was reloaded (key gone), so the password opens it.
    go(page, "#/verrou")
    unlock(page)
    page.wait_for_function("!location.hash.startsWith('#/jeunes')")


def test_leaving_the_lent_mode_needs_the_pin(live_server, new_context):
    ctx, page = signed_in(live_server, new_context)
    page.click("#lend")
    page.wait_for_function("document.documentElement.dataset.route === '#/jeunes'")
    page.click("#nav a[href='#/verrou']")
    type_pin(page, "999990")
    page.wait_for_selector("#unlock-pin [role=alert] :text('Code incorrect')")
    type_pin(page, PIN)
    page.wait_for_function("location.hash === '#/ref'")
    assert "Contacts" in page.inner_text("#nav")


def revoke(live_server, device_id):
    client, headers = live_server.api("coordinator")
    assert client.post(f"/api/devices/{device_id}/revoke", headers=headers).status_code == 200


def assert_wiped_before_the_message(page):
    page.wait_for_selector("dialog :text('Appareil retiré')")
    # Nothing clicked yet: the data and the keys are already gone.
    assert raw(page, "beneficiaries") == [] and raw(page, "outbox") == []
    left = meta(page)
    assert "keyring" not in left and "auth" not in left and "device_id" not in left, left


def test_a_revoked_tablet_wipes_itself_before_it_says_so(live_server, new_context):
    person, markers = marked_person(live_server)
    ctx, page = signed_in(live_server, new_context)
    assert raw(page, "beneficiaries"), "the first sync brought the caseload"
    revoke(live_server, meta(page)["device_id"])
    page.click("#sync-now")
    assert_wiped_before_the_message(page)


def test_a_revoked_tablet_with_an_expired_session_still_asks_the_server(live_server, new_context):
    ctx, page = signed_in(live_server, new_context)
    device_id = meta(page)["device_id"]
    # This device's session is closed (as a password change elsewhere does).
    with live_server.app.app_context():
        from server.extensions import db
        from server.services.sessions import revoke_sessions
        revoke_sessions(db.session, device_id=device_id)
        db.session.commit()
    page.click("#sync-now")
    page.wait_for_selector("#status .error:text('Session expirée')")
    revoke(live_server, device_id)
    page.click("#sync-now")
    assert_wiped_before_the_message(page)



def test_a_password_changed_in_the_app_opens_the_tablet_offline_the_old_one_no_longer(live_server, new_context):
    from browser_helpers import PASSWORD
    ctx = new_context(bypass_csp=True)
    _, page = new_referent_device(live_server, ctx, "Référente Mot de passe")
    go(page, "#/appareil/mot-de-passe")
    new = "une phrase de passe toute neuve"
    page.fill("input[name=current]", PASSWORD)
    page.fill("input[name=next]", new)
    page.fill("input[name=again]", new)
    page.click("#mot-de-passe button[type=submit]")
    page.wait_for_selector("#mot-de-passe .ok")
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    page.fill("#unlock-password input[name=password]", PASSWORD)
    page.click("#unlock-password button[type=submit]")
    page.wait_for_selector("#unlock-password [role=alert] :text('incorrect')")
    unlock(page, new)
    page.wait_for_selector("#sync-now")


def test_logout_leaves_nothing_of_the_account_on_the_tablet(live_server, new_context):
    person, markers = marked_person(live_server)
    ctx, page = signed_in(live_server, new_context)
    open_person(page, person, f"{markers['first_name']} {markers['last_name']}")
    go(page, "#/appareil")
    page.click("#logout")
    page.click("dialog button:text('Se déconnecter')")
    page.wait_for_function("location.hash === '#/' || location.hash === '#/accueil' || location.hash === ''")
    for store in ("beneficiaries", "contacts", "outbox", "drafts", "rejections", "views", "requests"):
        assert raw(page, store) == [], store
    left = meta(page)
    assert set(left) <= {"device_id", "device_name"}, left
    assert page.query_selector("#sync-now") is None


def test_a_locked_tablet_still_opens_the_youth_space_and_shows_nothing_of_the_account(live_server, new_context):
    person, markers = marked_person(live_server)
    ctx, page = signed_in(live_server, new_context)
    page.click("#lock-now")
    page.wait_for_selector("#unlock-pin")
    page.click("main a:text('Espace jeunes')")
    page.wait_for_selector("#offres li.card")
    nav = page.inner_text("#nav")
    assert "Trouver une aide" in nav and "Déverrouiller" in nav and "Contacts" not in nav
    assert "Référente Test" not in page.inner_text("header")
    page.evaluate(f"location.hash = '#/ref/jeune/{person}'")
    page.wait_for_selector("#unlock-pin")
    assert markers["last_name"] not in page.content() and page.inner_text("#nav") == ""
    type_pin(page, PIN)
    page.wait_for_selector(f"main :text('{markers['last_name']}')")
