"""The youth space on a phone: catalogue, search and favourites offline; a call-back request
made offline reaches the server once the network returns, exactly once."""
import re
import uuid

from browser_helpers import go, make_offline_ready, open_app


def test_catalogue_search_and_favourites_work_offline(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = open_app(ctx, live_server.url, "#/jeunes")
    page.wait_for_selector("#offres .card")
    make_offline_ready(page)
    online_count = page.locator("#offres .card").count()
    assert online_count >= 25

    ctx.set_offline(True)
    assert page.reload().from_service_worker
    page.wait_for_selector("#offres .card")
    assert page.locator("#offres .card").count() == online_count

    page.select_option("select[name=need]", "permis")
    permis = page.locator("#offres .card").count()
    assert 0 < permis < online_count
    page.check("input[name=free]")
    assert page.locator("#offres .card").count() <= permis
    page.uncheck("input[name=free]")
    page.select_option("select[name=need]", "")
    page.fill("input[name=q]", "velo")  # no accent typed: still found
    assert page.locator("#offres .card").count() >= 1
    assert "vélo" in page.inner_text("#offres").lower()

    page.locator("#offres .card h2 a").first.click()
    page.wait_for_selector("main .actions.big")
    name = page.inner_text("main h1")
    assert page.locator("a[href^='tel:'], a[href^='mailto:']").count() >= 1
    # Opening hours in words, never in OpenStreetMap syntax ("Mo-Fr 09:00-12:00").
    detail = page.inner_text("main")
    assert "Horaires" in detail and re.search(r"\bde \d{1,2} h( \d{2})? à \d{1,2} h", detail)
    assert not re.search(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\b|\d{2}:\d{2}", detail), detail
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("button[aria-pressed=true]")

    go(page, "#/jeunes/favoris")
    assert name in page.inner_text("main")
    page.reload()  # still offline: favourites are on the phone
    page.wait_for_selector("main .card")
    assert name in page.inner_text("main")

    go(page, "#/jeunes/permanences")
    assert page.locator("main .card").count() >= 1


def test_call_back_request_queued_offline_is_sent_once_when_online(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 740})
    page = open_app(ctx, live_server.url, "#/jeunes/rappel")
    make_offline_ready(page)
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector("input[name=name]")
    name = f"Inès Rappel {uuid.uuid4().hex[:6]}"
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", "06 12 34 56 78")
    page.fill("textarea[name=message]", "Je cherche un scooter pour aller travailler.")
    page.check("input[name=consent]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=ta demande partira toute seule")
    page.wait_for_selector("#status .requests")
    page.reload()  # the queued request survives a reload
    page.wait_for_selector("#status .requests")

    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("!document.querySelector('#status .requests')")
    page.reload()  # a new start sends nothing more
    page.wait_for_selector("html[data-ready]", state="attached")
    page.wait_for_timeout(500)

    contacts = live_server.pull_all()["contacts"].values()
    mine = [c for c in contacts if c.get("name") == name]
    assert len(mine) == 1
    assert mine[0]["callback_status"] == "a-rappeler"
    assert mine[0]["phone"] == "06 12 34 56 78"
