"""The referent's follow-up on a tablet, offline: outcomes on a person's file (and the figures
they feed), the action plan (objectives from the diagnostic's barriers, steps from a suggested
offer or written freely, what is due on « Aujourd'hui », the printable plan), in real Chromium;
accessibility of the follow-up screens at 360 and 1280 px."""
import uuid
from datetime import date, timedelta

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


def diagnosed_person(live_server, first="Maëlys"):
    """A person whose diagnostic found a financial and a territorial barrier."""
    person, name = new_person(live_server, first)
    client, headers = live_server.api("referent")
    diagnostic = push(client, headers, "diagnostics", beneficiary_id=person, date=f"{Y}-01-01", answers={
        "skills": {"lire-horaires": 3, "s-orienter": 4}, "motivation": 4,
        "barriers": {"financier": 2, "territorial": 3, "sante": True},
        "means": {"licence": "code-en-cours", "vehicle": False}})
    return person, name, diagnostic


def test_an_action_plan_built_offline_shows_what_is_due_and_prints(live_server, new_context):
    person, name, diagnostic = diagnosed_person(live_server)
    yesterday, soon = date.today() - timedelta(days=1), date.today() + timedelta(days=3)
    ctx, page = offline_referent(live_server, new_context)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    open_file(page, person, name)
    # The diagnostic's barriers without an objective are proposed, strongest first; never health.
    assert page.eval_on_selector_all("#objectifs-proposes li span", "els => els.map(e => e.textContent)") == [
        "Frein territorial (pas de transport aux heures utiles)", "Frein financier"]
    page.click("#objectifs-proposes a[href$='frein=financier']")
    page.wait_for_selector("#objectif")
    assert page.input_value("#objectif select[name=barrier]") == "financier"
    assert page.input_value("#objectif input[name=label]") == "Trouver comment payer mes déplacements"
    assert page.input_value("#objectif select[name=stage]") == "moyens"
    page.click("#objectif button[type=submit]")
    page.wait_for_selector("#objectifs [data-objective]")
    assert page.eval_on_selector_all("#objectifs-proposes li span", "els => els.map(e => e.textContent)") == [
        "Frein territorial (pas de transport aux heures utiles)"]

    # A step from an offer the diagnostic suggests, carried by a partner, already late.
    page.click("#objectifs a:text('Ajouter une étape')")
    page.wait_for_selector("#etape")
    suggested = page.eval_on_selector_all("#etape optgroup[label='Proposées par le diagnostic'] option",
                                          "os => os.map(o => [o.value, o.textContent])")
    assert suggested, "the diagnostic suggests offers"
    offer_id, offer_name = suggested[0]
    page.select_option("#etape select[name=offer_id]", offer_id)
    page.fill("#etape input[name=due_date]", yesterday.isoformat())
    page.check("#etape input[name=carried_by][value=partenaire]")
    page.click("#etape button[type=submit]")
    page.wait_for_selector(f"#objectifs li[data-step] strong:text('{offer_name}')")
    # A step written freely, for the young person, within the week.
    page.click(f"a[href='#/ref/jeune/{person}/etape']")
    page.wait_for_selector("#etape")
    page.fill("#etape input[name=label]", "Aller voir les horaires du car à la gare")
    page.fill("#etape input[name=due_date]", soon.isoformat())
    page.click("#etape button[type=submit]")
    page.wait_for_selector("#plan li[data-step] strong:text('Aller voir les horaires du car à la gare')")
    assert page.locator(f"#objectifs li[data-step]:has-text('{offer_name}') .badge").inner_text() == "En retard"
    # The offer's step leads to « Comment y aller » (the young person's commune goes along).
    way = page.locator(f"#objectifs li[data-step]:has-text('{offer_name}') a:text('Comment y aller')")
    assert way.get_attribute("href").startswith(f"#/jeunes/offre/{offer_id}/y-aller")

    # « Aujourd'hui » lists them: one overdue, one this week.
    go(page, "#/ref")
    page.wait_for_selector("#etapes-en-retard")
    assert f"{name} · {offer_name}" in page.inner_text("#etapes-en-retard")
    assert "Un partenaire" in page.inner_text("#etapes-en-retard")
    assert f"{name} · Aller voir les horaires du car à la gare" in page.inner_text("#etapes-semaine")

    # The plan for the young person, in plain words, printable offline.
    go(page, f"#/ref/jeune/{person}/plan")
    page.wait_for_selector("#plan-jeune")
    text = page.inner_text("#plan-jeune")
    assert "Mon plan pour bouger" in text and "Trouver comment payer mes déplacements" in text
    assert "Qui : Toi" in text and "Aller voir les horaires du car à la gare" in text
    assert "Autres choses à faire" in text
    page.emulate_media(media="print")
    assert page.is_hidden("header.top") and page.is_hidden("#imprimer") and page.is_visible("#plan-jeune")
    page.emulate_media(media="screen")
    # Shared as text: the device's share sheet where there is one, else the clipboard.
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    assert page.evaluate("typeof navigator.share") == "undefined", "Chromium on Linux has no share sheet"
    page.click("#partager")
    page.wait_for_selector("#annonces :text('Le plan est copié')")
    shared = page.evaluate("navigator.clipboard.readText()")
    assert shared.startswith(f"Mon plan pour bouger — {name}\n")
    assert "- Aller voir les horaires du car à la gare · Qui : Toi · Pour le " in shared

    # Still there after a reload offline; then the sync carries it to the server.
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)
    open_file(page, person, name)
    assert page.locator("#plan li[data-step]").count() == 2
    ctx.set_offline(False)
    sync_now(page)
    rows = live_server.pull_all("coordinator")
    (objective,) = [o for o in rows["objectives"].values() if o["beneficiary_id"] == person]
    assert (objective["barrier"], objective["stage"], objective["status"], objective["diagnostic_id"]) == (
        "financier", "moyens", "en-cours", diagnostic)
    steps = sorted((s["label"], s["objective_id"], s["carried_by"], s["due_date"], s["offer_id"], s["status"])
                   for s in rows["action_steps"].values() if s["beneficiary_id"] == person)
    assert steps == sorted([
        (offer_name, objective_id(rows, person), "partenaire", yesterday.isoformat(), offer_id, "a-faire"),
        ("Aller voir les horaires du car à la gare", None, "jeune", soon.isoformat(), None, "a-faire")])


def objective_id(rows, person):
    return next(o_id for o_id, o in rows["objectives"].items() if o["beneficiary_id"] == person)


@pytest.mark.parametrize("width", [360, 1280])
def test_follow_up_screens_are_accessible(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    person, name, _ = diagnosed_person(live_server, "Axelle")
    client, headers = live_server.api("referent")
    outcome = push(client, headers, "outcomes", beneficiary_id=person, kind="permis-obtenu",
                   date=f"{Y}-01-01", notes="Du premier coup")
    goal = push(client, headers, "objectives", beneficiary_id=person, label="Payer le code",
                barrier="financier", stage="moyens")
    step = push(client, headers, "action_steps", beneficiary_id=person, label="Demander l'aide au permis",
                objective_id=goal, due_date=(date.today() - timedelta(days=2)).isoformat(), carried_by="referente")
    ctx = new_context(viewport={"width": width, "height": 900})
    page = open_app(ctx, live_server.url, "#/connexion")
    login(page, "referent")
    violations, small = [], []
    for route, ready in ((f"#/ref/jeune/{person}", "#avancees"),
                         (f"#/ref/jeune/{person}/avancee", "#avancee"),
                         (f"#/ref/avancee/{outcome}", "#supprimer-avancee"),
                         (f"#/ref/jeune/{person}/objectif?frein=territorial", "#objectif"),
                         (f"#/ref/objectif/{goal}", "#supprimer-objectif"),
                         (f"#/ref/jeune/{person}/etape?objectif={goal}", "#etape"),
                         (f"#/ref/etape/{step}", "#supprimer-etape"),
                         (f"#/ref/jeune/{person}/plan", "#plan-jeune"),
                         ("#/ref", "#etapes-en-retard")):
        go(page, route)
        page.wait_for_selector(ready)
        violations += _axe(page)
        small += _small_targets(page)
    assert violations == [], "\n".join(map(str, violations))
    assert small == [], small
