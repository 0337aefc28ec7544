"""The referent's follow-up on a tablet, offline: outcomes on a person's file (and the figures
they feed), in real Chromium; accessibility of the follow-up screens at 360 and 1280 px."""
import uuid
from datetime import date

import pytest

from browser_helpers import go, login, make_offline_ready, open_app, sync_now, unlock
from office_helpers import push, server_figures
from test_dashboard import _axe, _small_targets
from test_quality import AXE

Y = date.today().year


def offline_referent(live_server, new_context, **options):
    """A referent's tablet, signed in and synced, then without network."""
    ctx = new_context(**options)
    page = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(page)
    login(page, "referent")
    ctx.set_offline(True)
    return ctx, page


def new_person(live_server, first="Inès"):
    client, headers = live_server.api("referent")
    last = f"Grosrey{uuid.uuid4().hex[:6]}"
    return push(client, headers, "beneficiaries", first_name=first, last_name=last), f"{first} {last}"


def open_file(page, person, name):
    go(page, f"#/ref/jeune/{person}")
    page.wait_for_selector(f"main h1:text('{name}')")


def add_outcome(page, person, kind, day=None):
    page.click(f"a[href='#/ref/jeune/{person}/avancee']")
    page.wait_for_selector("#avancee")
    page.select_option("#avancee select[name=kind]", kind)
    if day:
        page.fill("#avancee input[name=date]", day)
    page.click("#avancee button[type=submit]")
    page.wait_for_function(f"location.hash === '#/ref/jeune/{person}'")
    page.wait_for_selector("#avancees")


def outcome_lines(page):
    return page.eval_on_selector_all("#avancees li strong", "els => els.map(e => e.textContent)")


def test_outcomes_recorded_offline_reach_the_figures(live_server, new_context):
    person, name = new_person(live_server)
    before = server_figures(live_server)["outcomes"]
    ctx, page = offline_referent(live_server, new_context)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    open_file(page, person, name)
    assert "Aucune avancée notée" in page.inner_text("main")

    add_outcome(page, person, "code-obtenu", f"{Y}-01-01")
    add_outcome(page, person, "emploi")
    add_outcome(page, person, "velo-obtenu")
    # The job was a training after all: corrected from the list.
    page.click("#avancees a[aria-label^='Modifier « Emploi »']")
    page.wait_for_selector("#avancee")
    assert page.input_value("#avancee select[name=kind]") == "emploi"
    page.select_option("#avancee select[name=kind]", "entree-formation")
    page.click("#avancee button[type=submit]")
    page.wait_for_selector("#avancees")
    # The bike was noted by mistake: removed.
    page.click("#avancees a[aria-label^='Modifier « Vélo obtenu »']")
    page.click("#supprimer-avancee")
    page.click("dialog button:text('Supprimer')")
    page.wait_for_selector("#avancees")
    # A future date is refused, in French, before anything is saved.
    page.click(f"a[href='#/ref/jeune/{person}/avancee']")
    page.select_option("#avancee select[name=kind]", "permis-obtenu")
    page.fill("#avancee input[name=date]", f"{Y + 1}-06-01")
    page.click("#avancee button[type=submit]")
    page.wait_for_selector("#avancee .errors :text('ne peut pas être dans le futur')")

    # Still offline, after a reload: the file lists what was recorded.
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    open_file(page, person, name)
    assert sorted(outcome_lines(page)) == ["Code obtenu", "Entrée en formation"]

    ctx.set_offline(False)
    sync_now(page)
    rows = live_server.pull_all("coordinator")["outcomes"]
    mine = sorted((r["kind"], r["date"]) for r in rows.values() if r["beneficiary_id"] == person)
    assert mine == [("code-obtenu", f"{Y}-01-01"), ("entree-formation", date.today().isoformat())]
    after = server_figures(live_server)["outcomes"]
    # By hand: one more person with the code, one more in training, nothing else moved.
    changed = {k: after.get(k, 0) - before.get(k, 0) for k in {*before, *after}}
    assert {k: v for k, v in changed.items() if v} == {"code-obtenu": 1, "entree-formation": 1}


@pytest.mark.parametrize("width", [360, 1280])
def test_follow_up_screens_are_accessible(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    person, name = new_person(live_server, "Axelle")
    client, headers = live_server.api("referent")
    outcome = push(client, headers, "outcomes", beneficiary_id=person, kind="permis-obtenu",
                   date=f"{Y}-01-01", notes="Du premier coup")
    ctx = new_context(viewport={"width": width, "height": 900})
    page = open_app(ctx, live_server.url, "#/connexion")
    login(page, "referent")
    violations, small = [], []
    for route, ready in ((f"#/ref/jeune/{person}", "#avancees"),
                         (f"#/ref/jeune/{person}/avancee", "#avancee"),
                         (f"#/ref/avancee/{outcome}", "#supprimer-avancee")):
        go(page, route)
        page.wait_for_selector(ready)
        violations += _axe(page)
        small += _small_targets(page)
    assert violations == [], "\n".join(map(str, violations))
    assert small == [], small
