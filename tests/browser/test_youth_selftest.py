"""The self-test « Où j'en suis pour bouger ? » on a phone, offline: answered with the keyboard,
it points to the catalogue's needs; sent with its own box ticked, it reaches the referent with
the call-back request, and only then. axe finds nothing at 360 and 1280 px; targets are 44 px."""
import uuid

import pytest

from browser_helpers import AXE, axe_violations, go, make_offline_ready, open_app
from office_helpers import push

ANSWERS = {"besoin": "permis", "permis": "code-en-cours", "vehicule": "non", "horaires": "aide",
           "loin": "commune", "decale": "oui", "prix": "beaucoup", "adapte": "oui"}


def _axe_and_targets(page):
    assert axe_violations(page) == []
    small = page.eval_on_selector_all(
        "main button, main .button, main .radio, main .check, main select",
        "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)"
        ".map(e => e.outerHTML.slice(0, 80))")
    assert small == []


def _answer(page):
    """Answer every question from the keyboard: focus the answer, Space checks it."""
    for name, value in ANSWERS.items():
        page.focus(f"input[name={name}][value='{value}']")
        page.keyboard.press("Space")
        assert page.is_checked(f"input[name={name}][value='{value}']")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_self_test_works_offline_and_points_to_offers(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    client, headers = live_server.api("coordinator")
    place = push(client, headers, "partners", nom=f"Auto-école {width}",
                 accessibilite_lieu="https://acceslibre.beta.gouv.fr/app/39-saint-claude/a/auto-ecole/erp/exemple/")
    name = f"Permis adapté {uuid.uuid4().hex[:6]}"
    push(client, headers, "offers", nom=name, structure_id=place, lieu_accessible=True,
         thematiques=["mobilite--preparer-un-permis"])
    ctx = new_context(viewport={"width": width, "height": 900})
    page = open_app(ctx, live_server.url, "#/jeunes")
    page.wait_for_selector("#offres .card")
    make_offline_ready(page)
    ctx.set_offline(True)
    page.click("#lien-auto-test")
    page.wait_for_selector("form.selftest")
    assert 6 <= page.locator("form.selftest fieldset").count() <= 8
    _axe_and_targets(page)
    _answer(page)
    page.focus("form.selftest button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#resultat .card")
    assert page.evaluate("document.activeElement.id") == "resultat-titre"
    words = page.inner_text("#resultat")
    assert "Passer le permis" in words and "De l'aide pour payer" in words
    _axe_and_targets(page)
    # The first need opens the catalogue filtered on it and on accessible places.
    page.click("#resultat .card a.button >> nth=0")
    page.wait_for_selector("#offres")
    assert page.is_checked("input[name=accessible]")
    assert page.eval_on_selector("select[name=need]", "s => s.value") == "permis"
    shown = page.eval_on_selector_all("#offres .card h2", "els => els.map(e => e.textContent)")
    assert name in shown
    page.uncheck("input[name=accessible]")
    assert page.locator("#offres .card").count() > len(shown)
    # The offer's page says it in words and links the place's acceslibre page.
    page.check("input[name=accessible]")
    page.click(f"#offres .card h2 a:text('{name}')")
    page.wait_for_selector("#acceslibre")
    assert "Lieu accessible en fauteuil ou sans marches" in page.inner_text("main .facts")
    assert page.get_attribute("#acceslibre", "href").startswith("https://acceslibre.beta.gouv.fr/")
    assert "acceslibre" in page.inner_text("#acceslibre")
    _axe_and_targets(page)


def test_the_self_test_leaves_only_with_its_box_ticked(live_server, new_context):
    ctx = new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = open_app(ctx, live_server.url, "#/jeunes/auto-test")
    page.wait_for_selector("form.selftest")
    make_offline_ready(page)
    ctx.set_offline(True)
    _answer(page)
    page.click("form.selftest button[type=submit]")
    page.click("#test-rappel")
    page.wait_for_selector("input[name=send_test]")
    assert not page.is_checked("input[name=send_test]")  # nothing leaves by default

    names = [f"Sans test {uuid.uuid4().hex[:6]}", f"Avec test {uuid.uuid4().hex[:6]}"]
    for name, send in zip(names, (False, True)):
        go(page, "#/jeunes/favoris")
        go(page, "#/jeunes/rappel")
        page.wait_for_selector("input[name=send_test]")
        page.fill("input[name=name]", name)
        page.fill("input[name=phone]", "06 12 34 56 78")
        page.check("input[name=consent]")
        if send:
            page.check("input[name=send_test]")
        page.click("main form button[type=submit]")
        page.wait_for_selector("text=ta demande partira toute seule")
    # Sent: the answers are forgotten on the phone.
    go(page, "#/jeunes/favoris")
    go(page, "#/jeunes/rappel")
    page.wait_for_selector("input[name=name]")
    assert page.locator("input[name=send_test]").count() == 0

    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("!document.querySelector('#status .requests')")
    contacts = {c.get("name"): c for c in live_server.pull_all()["contacts"].values()}
    assert contacts[names[0]].get("self_test") is None
    assert contacts[names[1]]["self_test"] == ANSWERS
