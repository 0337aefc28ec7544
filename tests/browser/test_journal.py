"""The coordinator reads the audit log in the app: filters by person, account, kind and days,
the newest first, field names in French, the same as CSV; axe finds nothing at 360 and 1280 px."""
import csv
import io
import uuid

import pytest

from browser_helpers import go, sync_now
from office_helpers import coordinator
from test_dashboard import AXE, _axe, _small_targets


def _person_by_referent(live_server, tag):
    client, headers = live_server.api("referent")
    row_id = str(uuid.uuid4())
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "journal", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "beneficiaries", "op": "upsert", "row_id": row_id,
            "base_version": None, "fields": {"first_name": "Lina", "last_name": f"Journal{tag}",
                                             "commune": "Viry"}}]}).get_json()
    assert answer["results"][0]["status"] == "applied"
    return row_id


def test_the_coordinator_filters_the_log_and_downloads_it(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    person = _person_by_referent(live_server, tag)
    ctx, page = coordinator(live_server, new_context, accept_downloads=True)
    sync_now(page)  # the person's name is on the device: the log shows it
    assert page.locator("#nav a[href='#/bureau/journal']").inner_text() == "Journal des accès"
    go(page, "#/bureau/journal")
    page.wait_for_selector("#journal table")
    page.select_option("#journal-filtres select[name=person]", person)
    page.select_option("#journal-filtres select[name=kind]", "change")
    page.click("#journal-filtres button[type=submit]")
    page.wait_for_function("document.querySelector('[role=status]') && /1 accès/.test(document.querySelector('main [role=status]').textContent)")
    row = page.locator("#journal tbody tr").all_inner_texts()
    assert len(row) == 1
    assert f"Lina Journal{tag}" in row[0] and "Modification" in row[0] and "Référente" in row[0]
    # The fields written, by their labels, never by their codes; never their values.
    assert "Commune, Prénom, Nom" in row[0] and "first_name" not in row[0] and "Viry" not in row[0]

    # The account filter: the referent changed it, the coordinator did not.
    client, headers = live_server.api()
    coordinator_id = next(u["id"] for u in client.get("/api/users", headers=headers).get_json()["items"]
                          if u["role"] == "coordinator")
    page.select_option("#journal-filtres select[name=user]", coordinator_id)
    page.click("#journal-filtres button[type=submit]")
    page.wait_for_selector("#journal >> text=Aucun accès ne correspond")

    with page.expect_download() as info:
        page.select_option("#journal-filtres select[name=user]", "")
        page.click("#journal-filtres [data-csv]")
    text = open(info.value.path(), encoding="utf-8").read()
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:5] == ["id", "at", "user_id", "user_name", "action"]
    assert [line[4] for line in lines[1:]] == ["change"] and lines[1][6] == person
    # Each reading of the log is in the log too, with the filters used (not what they hold).
    reads = [e for e in client.get("/api/audit?kind=read", headers=headers).get_json()
             if e["table"] == "audit_events"]
    assert any(e["detail"] == "lecture du journal (csv): kind,person" for e in reads)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_journal_passes_axe(live_server, new_context, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci`")
    ctx, page = coordinator(live_server, new_context, viewport={"width": width, "height": 900})
    go(page, "#/bureau/journal")
    page.wait_for_selector("#journal table")
    assert _axe(page) == []
    assert _small_targets(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
