"""The coordinator writes the year's review in the dashboard: highlights, difficulties, quotes
only with consent; saved on the server, printed in the yearly PDF; axe-clean at 360 and 1280."""
import io

import pytest
from pypdf import PdfReader

from browser_helpers import unlock
from office_helpers import coordinator, open_dashboard, today
from test_dashboard import AXE, _axe, _small_targets


@pytest.mark.parametrize("width", [360, 1280])
def test_the_coordinator_writes_the_years_words(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    client, headers = live_server.api()
    year = today().year
    client.put(f"/api/reports/review?year={year}", headers=headers,  # one live server for both
               json={"highlights": None, "difficulties": None, "quotes": []})
    ctx, page = coordinator(live_server, new_context, viewport={"width": width, "height": 900})
    open_dashboard(page)
    page.click("#bilan summary")
    page.fill("#bilan-form textarea[name=highlights]", f"Vélo-école lancé ({width} px).")
    page.click("#bilan-form button:has-text('Ajouter une parole')")
    page.fill("#paroles fieldset textarea[name=text]", "Je prends le car seule maintenant.")
    page.fill("#paroles fieldset input[name=who]", "une jeune de 19 ans")
    page.click("#bilan-form button[type=submit]")
    # No consent ticked: refused on the device, with the reason, the box focused.
    assert "l'accord de la personne" in page.inner_text("#bilan-form [role=status]")
    assert page.evaluate("document.activeElement.name") == "consent"
    assert _axe(page) == [] and _small_targets(page) == []
    page.check("#paroles fieldset input[name=consent]")
    page.click("#bilan-form button[type=submit]")
    page.wait_for_selector("text=il figure dans le bilan PDF")
    saved = client.get(f"/api/reports/review?year={year}", headers=headers).get_json()
    assert saved["highlights"] == f"Vélo-école lancé ({width} px)."
    assert saved["quotes"] == [{"text": "Je prends le car seule maintenant.",
                                "who": "une jeune de 19 ans", "consent": True}]
    pdf = client.get(f"/api/reports/yearly.pdf?from={year}-01-01&to={year}-12-31", headers=headers)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "car seule maintenant" in text
    # Read back after a reload: the form shows what the server holds.
    page.reload()
    unlock(page)  # a reload locks the app: the data key is only in memory
    open_dashboard(page)
    page.click("#bilan summary")
    page.wait_for_function("document.querySelector('#bilan-form textarea[name=highlights]').value !== ''")
    assert page.locator("#paroles fieldset").count() == 1
