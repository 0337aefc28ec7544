"""The tablet's new screens pass axe (WCAG 2.1 A/AA) and keep 44 px touch targets, at phone and
tablet widths: choosing the PIN, the PIN and password locks, the lent tablet, changing one's
password, and the coordinator's « Comptes et appareils » (whose device rules reach the API)."""
import pytest

from browser_helpers import ACCOUNTS, PASSWORD, PIN, choose_pin, go, login, open_app, wait_synced
from test_dashboard import _axe, _small_targets
from test_quality import AXE


def _check(page, violations, small):
    violations += _axe(page)
    small += _small_targets(page)
    small += page.eval_on_selector_all(
        "#who a, #who button",
        "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))")


@pytest.mark.parametrize("width", [360, 1280])
def test_lock_screens_and_account_screens_are_accessible(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    violations, small = [], []
    ctx = new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/connexion")
    page.fill("input[name=email]", ACCOUNTS["coordinator"][0])
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#choose-pin")
    _check(page, violations, small)
    choose_pin(page)
    wait_synced(page)
    for route in ("#/bureau/comptes", "#/appareil/mot-de-passe"):
        go(page, route)
        _check(page, violations, small)
    page.click("#lock-now")
    page.wait_for_selector("#unlock-pin")
    _check(page, violations, small)
    page.fill("#unlock-pin input[name=pin]", PIN)
    page.click("#unlock-pin button[type=submit]")
    page.wait_for_selector("#unlock-pin", state="detached")
    page.click("#lend")
    page.wait_for_function("document.documentElement.dataset.route === '#/jeunes'")
    _check(page, violations, small)
    go(page, "#/verrou")
    _check(page, violations, small)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    go(page, "#/verrou")
    page.wait_for_selector("#unlock-password")
    _check(page, violations, small)
    assert violations == [], "\n".join(map(str, violations))
    assert small == [], small


def test_the_coordinator_sets_the_device_rules_on_her_screen(live_server, new_context):
    client, headers = live_server.api("coordinator")
    before = client.get("/api/settings/devices", headers=headers).get_json()
    ctx = new_context(bypass_csp=True)
    page = open_app(ctx, live_server.url, "#/connexion")
    login(page, "coordinator")
    try:
        go(page, "#/bureau/comptes")
        # The screen loads with import() and reads the rules from the server: wait for both.
        page.wait_for_function("(document.querySelector('input[name=lock_idle_minutes]') || {}).value > 0")
        page.fill("input[name=lock_idle_minutes]", "0")
        page.click("main form button[type=submit]")
        page.wait_for_selector("main :text('Un nombre entier entre 1 et 60')")
        page.fill("input[name=lock_idle_minutes]", "3")
        page.click("main form button[type=submit]")
        page.wait_for_function("document.querySelector('button[type=submit]:not([disabled])') !== null")
        for _ in range(100):  # the PUT is on its way: its answer refills the form
            if client.get("/api/settings/devices", headers=headers).get_json()["lock_idle_minutes"] == 3:
                break
            page.wait_for_timeout(100)
        assert client.get("/api/settings/devices", headers=headers).get_json()["lock_idle_minutes"] == 3
        # The rules reach the devices with their next sign-in (and refresh).
        other = open_app(new_context(bypass_csp=True), live_server.url, "#/connexion")
        login(other, "referent")
        go(other, "#/appareil")
        other.wait_for_selector("main :text('après 3 minute(s)')")
    finally:
        client.put("/api/settings/devices", headers=headers, json=before)


def test_disabling_an_account_on_the_coordinators_screen_wipes_its_tablet(live_server, new_context):
    from tablet_helpers import new_referent_device
    from test_tablet_lock import assert_wiped_before_the_message, raw
    email, tablet = new_referent_device(live_server, new_context(bypass_csp=True), "Référente Partie")
    assert raw(tablet, "sessions"), "the tablet holds the field work"

    desk = open_app(new_context(bypass_csp=True), live_server.url, "#/connexion")
    login(desk, "coordinator")
    go(desk, "#/bureau/comptes")
    row = desk.locator("#comptes tr", has_text=email)
    row.locator("button:text('Désactiver')").click()
    desk.click("dialog button:text('Désactiver')")
    desk.wait_for_selector(f"#comptes tr:has-text('{email}') :text('Désactivé')")

    tablet.click("#sync-now")
    assert_wiped_before_the_message(tablet)
