"""Referrals followed up in real Chromium: « à relancer » on « Aujourd'hui », on the referral and
on the person's file after the server's 10-day reminder; a refusal with a reason from the code
list, made offline; the prescriber sees the reminder, the expiry date and the reason; axe and
44 px targets on these screens at 360 and 1280 px."""
import uuid
from datetime import timedelta

import pytest

from browser_helpers import go, login, open_app, sync_now, unlock
from office_helpers import push
from test_dashboard import _axe, _small_targets
from test_followup import offline_referent
from test_quality import AXE


def _refer(live_server, first):
    client, headers = live_server.api("prescriber")
    partner = client.get("/api/partners", headers=headers).get_json()["items"][0]["id"]
    last = f"Orienté{uuid.uuid4().hex[:6]}"
    row = push(client, headers, "referrals", first_name=first, last_name=last, consent=True,
               phone="0639980000", partner_id=partner, situation=f"Cherche un apprentissage {last}")
    return row, f"{first} {last}"


def _ten_days_later(live_server):
    """The daily job, run as if 10 days had passed: the referent is reminded."""
    from server.extensions import db
    from server.models.base import utcnow
    from server.services.referral_timers import tick
    with live_server.app.app_context():
        tick(db.session, live_server.app.extensions["sync_engine"], utcnow() + timedelta(days=10, hours=1))


def test_referrals_to_chase_and_refusal_reasons_reach_the_prescriber(live_server, new_context):
    waiting, waiting_name = _refer(live_server, "Lilou")
    refused, refused_name = _refer(live_server, "Timéo")
    _ten_days_later(live_server)
    ctx, page = offline_referent(live_server, new_context)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    unlock(page)

    go(page, "#/ref")
    page.wait_for_selector("#a-relancer")
    line = page.locator("#a-relancer li", has_text=waiting_name).inner_text()
    assert "reçue le" in line and "expire le" in line
    page.click(f"#a-relancer a:text('{waiting_name}')")
    page.wait_for_selector(f"#orientation-{waiting}")
    first = page.locator("#orientations-recues > li").first
    assert first.get_attribute("id") == f"orientation-{waiting}"  # the one asked for comes first
    assert "À relancer" in first.inner_text() and "à relancer depuis le" in first.inner_text()

    # Refused offline, with a reason from the list and a comment.
    card = page.locator(f"#orientation-{refused}")
    card.locator("button:text('Refuser')").click()
    page.click(f"#refus-{refused} button[type=submit]")
    page.wait_for_selector(f"#refus-{refused} .errors :text('Choisissez le motif du refus.')")
    page.select_option(f"#refus-{refused} select[name=refusal_reason]", "hors-territoire")
    page.fill(f"#refus-{refused} textarea[name=reason]", "Habite à Lyon depuis septembre")
    page.click(f"#refus-{refused} button[type=submit]")
    page.wait_for_selector(f"#orientation-{refused} :text('Hors du territoire — Habite à Lyon depuis septembre')")
    ctx.set_offline(False)
    sync_now(page)
    row = live_server.pull_all("coordinator")["referrals"][refused]
    assert (row["status"], row["refusal_reason"], row["reason"]) == (
        "refusee", "hors-territoire", "Habite à Lyon depuis septembre")

    prescriber = open_app(new_context(), live_server.url, "#/connexion")
    login(prescriber, "prescriber")
    go(prescriber, "#/pro")
    prescriber.wait_for_selector("#orientations")
    chased = prescriber.locator("#orientations tr", has_text=waiting_name).inner_text()
    assert "la référente a été relancée le" in chased and "sans réponse" in chased and "expire le" in chased
    answered = prescriber.locator("#orientations tr", has_text=refused_name).inner_text()
    assert "Refusée" in answered and "Hors du territoire — Habite à Lyon depuis septembre" in answered


@pytest.mark.parametrize("width", [360, 1280])
def test_referral_screens_are_accessible(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    row, _ = _refer(live_server, "Axel")
    _ten_days_later(live_server)
    violations, small = [], []
    page = open_app(new_context(viewport={"width": width, "height": 900}), live_server.url, "#/connexion")
    login(page, "referent")
    go(page, "#/ref/orientations")
    page.locator(f"#orientation-{row} button:text('Refuser')").click()
    page.wait_for_selector(f"#refus-{row}")
    violations += _axe(page)
    small += _small_targets(page)
    presc = open_app(new_context(viewport={"width": width, "height": 900}), live_server.url, "#/connexion")
    login(presc, "prescriber")
    go(presc, "#/pro")
    presc.wait_for_selector("#orientations")
    violations += _axe(presc)
    small += _small_targets(presc)
    assert violations == [], "\n".join(map(str, violations))
    assert small == [], small
