"""« Comment y aller » on a 360 px phone, offline: the demo timetable (fictional, installed by
seed-demo) is kept by the service worker and searched in a worker; axe finds nothing."""
from datetime import date, timedelta

import pytest

from browser_helpers import AXE, axe_violations, go, make_offline_ready, open_app
from server.seed.demo_offers import OFFERS

OFFER = next(o for o in OFFERS if o["commune"] == "Saint-Claude")


def next_monday() -> str:
    """A plain weekday inside the demo's 30 days (no public holiday falls on these Mondays)."""
    today = date.today()
    day = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    if (day.month, day.day) in ((12, 25), (1, 1), (5, 1), (7, 14)):
        day += timedelta(days=7)
    return day.isoformat()


def search(page, day: str, time: str):
    page.fill("input[name=date]", day)
    page.fill("input[name=time]", time)
    page.click("main form button[type=submit]")


def test_journeys_and_departures_offline_on_a_phone(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    route = f"#/jeunes/offre/{OFFER['id']}"
    page = open_app(ctx, live_server.url, route)
    page.click("#y-aller")  # the offer's own button leads to the screen
    page.wait_for_selector("input[name=commune]")
    make_offline_ready(page)  # the controlled page fetches the timetable: the worker keeps it
    page.wait_for_selector("input[name=commune]")

    ctx.set_offline(True)
    assert page.reload().from_service_worker
    page.wait_for_selector("input[name=commune]")
    assert "horaires fictifs de démonstration" in page.inner_text("#fictif")
    sources = page.inner_text(".sources")
    assert "Horaires de démonstration (fictifs)" in sources and "ODbL" in sources
    assert "partage-les sous la même licence" in sources

    # From a stop picked by its name: line 1 leaves Lavans at 6:38, Saint-Claude at 6:50.
    page.fill("input[name=stop]", "lavans")
    page.click("#arrets button:has-text('Lavans-lès-Saint-Claude Mairie')")
    assert page.get_attribute("#arrets button", "aria-pressed") == "true"
    day = next_monday()
    search(page, day, "06:00")
    page.wait_for_selector("#journeys .journey")
    first = page.inner_text("#journeys .journey >> nth=0")
    assert "départ 6 h 38, arrivée 6 h 50" in first
    assert "Monte à Lavans-lès-Saint-Claude Mairie à 6 h 38" in first
    assert "6 h 38" in page.inner_text("#departs")
    # The search ran in the worker, and quickly (bench/transit_bench.py measures it).
    assert float(page.get_attribute("#trajets", "data-ms")) >= 0

    # From a commune: La Pesse has only the on-demand bus, which says so with the number.
    page.fill("input[name=commune]", "la pesse")  # an official commune, typed loosely
    page.locator("input[name=commune]").blur()
    assert page.input_value("input[name=commune_code]") == "39413"
    search(page, day, "06:00")
    # The first search's journeys are still on screen until the worker answers: wait for
    # the new first journey (the bus from Lavans would otherwise be read again).
    page.wait_for_function("() => !(document.querySelector('#journeys .journey') || {})"
                           ".textContent?.includes('Lavans')")
    first = page.inner_text("#journeys .journey >> nth=0")
    assert "Transport à la demande TAD" in first and "Sur réservation" in first
    assert page.get_attribute("#journeys .journey >> nth=0 >> a[href^='tel:']", "href") == "tel:0353480010"
    assert "départ 7 h 20, arrivée 7 h 55" in first

    # A day outside the timetable is refused in plain French, not with an empty screen.
    search(page, (date.today() + timedelta(days=90)).isoformat(), "08:00")
    page.wait_for_selector("#trajets [role=alert]")
    assert "Choisis un jour entre ces dates" in page.inner_text("#trajets")


def test_the_commune_chosen_in_the_catalogue_goes_along(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = open_app(ctx, live_server.url, "#/jeunes")
    page.fill("input[name=commune]", "La Pesse")
    page.locator("input[name=commune]").blur()
    page.click(f"#offres a[href^='#/jeunes/offre/{OFFER['id']}']")
    page.click("#y-aller")
    page.wait_for_selector("#journeys .journey, #trajets .empty")
    assert page.input_value("input[name=commune]") == "La Pesse (39)"
    assert "La Pesse" in page.inner_text("#departs")  # searched at once from La Pesse


def test_the_screen_is_axe_clean_with_44px_targets(live_server, new_context):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    for width in (360, 1280):
        ctx = new_context(viewport={"width": width, "height": 900})
        page = open_app(ctx, live_server.url, f"#/jeunes/offre/{OFFER['id']}/y-aller?commune=La+Pesse")
        page.wait_for_selector("#journeys .journey, #trajets .empty")
        page.fill("input[name=stop]", "saint-claude")
        page.wait_for_selector("#arrets button")
        page.keyboard.press("Tab")  # the stop buttons are reachable from the keyboard
        assert page.evaluate("document.activeElement.closest('#arrets') !== null")
        assert axe_violations(page) == []
        small = page.eval_on_selector_all(
            "main button, main .button, main input, main select, main .back a",
            "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))")
        assert small == []
    go(page, "#/jeunes")  # leaving the screen leaves the app working


def test_the_coordinator_imports_a_feed_from_the_screen(live_server, new_context, tmp_path):
    from gtfs_helpers import zipped
    from office_helpers import coordinator

    ctx, page = coordinator(live_server, new_context, viewport={"width": 1280, "height": 900})
    go(page, "#/bureau/transport")
    page.wait_for_selector("#reseaux")
    assert "Horaires de démonstration (fictifs)" in page.inner_text("#reseaux")
    # Nothing chosen, then a file that is not GTFS: said in French, nothing replaced.
    page.fill("#import-gtfs input[name=name]", "Navette des Lacs")
    page.click("#import-gtfs button[type=submit]")
    assert "un fichier ou son adresse" in page.inner_text("main [role=alert]")
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    page.set_input_files("#import-gtfs input[name=file]", str(junk))
    page.click("#import-gtfs button[type=submit]")
    page.wait_for_selector("main [role=alert]:has-text('ZIP')")
    # A real feed: imported, published, listed with its licence; the demo goes.
    page.set_input_files("#import-gtfs input[name=file]", zipped("weekly", tmp_path))
    page.fill("#import-gtfs input[name=licence]", "ODbL")
    page.click("#import-gtfs button[type=submit]")
    page.wait_for_selector("main .ok:has-text('Horaires publiés')")
    listed = page.inner_text("#reseaux")
    assert "Navette des Lacs\n— ODbL : 5 courses, 2 arrêts." in listed
    assert "fictifs" not in listed  # real times replace the demo, never sit beside it
    summary = live_server.app.test_client().get("/api/transit").get_json()
    assert "Navette des Lacs" in [f["name"] for f in summary["feeds"]]
    # Removing the only feed withdraws the timetable, after a confirmation.
    page.click("#reseaux button:has-text('Retirer')")
    page.click("dialog button:has-text('Retirer')")
    page.wait_for_selector("#horaires .empty")
    assert live_server.app.test_client().get("/api/transit").status_code == 404
    assert axe_violations(page) == []
