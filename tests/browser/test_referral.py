"""A partner counsellor refers a young person (offline first), the referent validates it, and
the counsellor sees the new status."""
import uuid

from browser_helpers import go, login, make_offline_ready, open_app, sync_now


def test_referral_from_prescriber_to_referent_and_back(live_server, new_context):
    last = f"Orienté{uuid.uuid4().hex[:6]}"
    ctx = new_context()
    presc = open_app(ctx, live_server.url, "#/connexion")
    make_offline_ready(presc)
    login(presc, "prescriber")
    ctx.set_offline(True)
    go(presc, "#/pro/orienter")
    presc.fill("input[name=first_name]", "Yanis")
    presc.fill("input[name=last_name]", last)
    presc.fill("input[name=phone]", "0611223344")
    presc.fill("textarea[name=situation]", "Cherche un apprentissage à Oyonnax, pas de permis.")
    presc.check("input[name=needs][value='Passer le permis']")
    presc.click("main form button[type=submit]")
    presc.wait_for_timeout(200)
    assert presc.evaluate("location.hash") == "#/pro/orienter"  # consent is required
    presc.check("input[name=consent]")
    presc.click("main form button[type=submit]")
    presc.wait_for_function("document.documentElement.dataset.route === '#/pro'")
    assert "pas encore envoyée" in presc.inner_text("#orientations")
    ctx.set_offline(False)
    sync_now(presc)

    assert [r["status"] for r in live_server.pull_all()["referrals"].values() if r["last_name"] == last] == ["ouverte"]
    ref = open_app(new_context(), live_server.url, "#/connexion")
    login(ref, "referent")
    go(ref, "#/ref/orientations")
    card = ref.locator("main .card", has_text=last)
    assert "Passer le permis" in card.inner_text()
    card.locator("button", has_text="Valider").click()
    ref.click("dialog button:has-text('Valider')")
    ref.wait_for_selector(f"main .card:has-text('{last}') .badge.validee")
    sync_now(ref)

    sync_now(presc)
    go(presc, "#/accueil")
    go(presc, "#/pro")
    assert "Validée" in presc.locator("#orientations tr", has_text=last).inner_text()
    people = live_server.pull_all()["beneficiaries"].values()
    assert [p["first_name"] for p in people if p["last_name"] == last] == ["Yanis"]
