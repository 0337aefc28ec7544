"""The referent sees a call-back request's self-test in words, on the tablet offline, and starts
the mobility diagnostic from it: a file is made, the answers the test covers are filled in;
the person's yes/no need for adapted transport is on the file. axe at 360 and 1280 px."""
import uuid

import pytest

from browser_helpers import go, sync_now, wait_synced
from test_dashboard import _axe, _small_targets
from test_followup import offline_referent
from test_quality import AXE

ANSWERS = {"besoin": "permis", "permis": "code-en-cours", "vehicule": "non", "horaires": "aide",
           "loin": "commune", "decale": "oui", "prix": "beaucoup", "adapte": "oui"}


def _request(live_server, name):
    client = live_server.app.test_client()
    answer = client.post("/api/contact-requests", json={
        "id": str(uuid.uuid4()), "name": name, "phone": "06 12 34 56 78", "consent": True,
        "self_test": ANSWERS, "self_test_consent": True},
        environ_base={"REMOTE_ADDR": f"198.51.100.{uuid.uuid4().int % 200 + 1}"})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_referent_starts_the_diagnostic_from_the_self_test(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    name = f"Inès Testeuse{uuid.uuid4().hex[:6]}"
    contact = _request(live_server, name)
    ctx, page = offline_referent(live_server, new_context, viewport={"width": width, "height": 900})
    go(page, "#/ref/contacts")
    item = page.locator("main li", has_text=name).first
    item.locator("summary").click()
    words = item.inner_text()
    for text in ("J'apprends le code", "Avec de l'aide", "Oui, beaucoup", "Ma commune",
                 "Besoin d'un transport adapté"):
        assert text in words, text
    assert "code-en-cours" not in words and "beaucoup\n" not in words.lower().replace("oui, beaucoup", "")
    assert _axe(page) == [] and _small_targets(page) == []

    item.locator("button[type=submit]").click()  # "Créer une fiche" is preselected
    page.wait_for_selector("#depuis-test")
    assert page.evaluate("location.hash").endswith(f"?test={contact}")
    form = page.locator("main form")
    assert form.locator("select[name=licence]").input_value() == "code-en-cours"
    for radio in ("vehicle][value=false", "atypical_hours][value=true", "radius][value=commune",
                  "skill-lire-horaires][value='3'", "barrier-financier][value='3'"):
        assert form.locator(f"input[name={radio}]").is_checked(), radio
    assert not form.locator("input[name=motivation]:checked").count()  # not covered: to ask
    assert _axe(page) == [] and _small_targets(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_function("location.hash.startsWith('#/ref/diagnostic/')")

    ctx.set_offline(False)
    sync_now(page)
    wait_synced(page)
    rows = live_server.pull_all("referent")
    person = next(p for p in rows["beneficiaries"].values() if p.get("phone") == "06 12 34 56 78"
                  and name.endswith(p["last_name"]))
    assert person["adapted_transport"] is True
    pid = next(k for k, p in rows["beneficiaries"].items() if p is person)
    assert rows["contacts"][contact]["beneficiary_id"] == pid
    diag = next(d for d in rows["diagnostics"].values() if d["beneficiary_id"] == pid)
    assert diag["answers"]["means"] == {"licence": "code-en-cours", "vehicle": False}
    assert diag["answers"]["barriers"] == {"financier": 3}

    # The need is a plain yes/no on the person's file and form.
    go(page, f"#/ref/jeune/{pid}")
    page.wait_for_selector("main h1")
    assert "Besoin d'un transport adapté" in page.inner_text("main")
    go(page, f"#/ref/jeune/{pid}/modifier")
    box = page.locator("input[name=adapted_transport]")
    assert box.is_checked()
    assert _axe(page) == []
