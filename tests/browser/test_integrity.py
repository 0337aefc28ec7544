"""The day-end sync checks that the tablet holds what the server says it should (one digest,
in the same request); a table that differs is taken again on its own, and « Cet appareil »
shows the last check."""
import uuid

from browser_helpers import PASSWORD, go, login, open_app, read_sealed, sync_now

TAMPER = """async ([password, removed, aged]) => {
  const { openDb } = await import('/js/db.js');
  const { openWithPassword } = await import('/js/vault.js');
  const db = await openDb();
  db.setKey(await openWithPassword(await db.getMeta('keyring'), password));
  await db.delete('beneficiaries', removed);           // lost from the disk
  const row = await db.get('beneficiaries', aged);
  await db.put('beneficiaries', { ...row, _version: 1 });  // an old copy
  await db.setMeta('integrity', { at: '2000-01-01T00:00:00Z', rows: 0, tables: 0, resynced: [] });
  db.close();
}"""


def _people(live_server, count, tag):
    client, headers = live_server.api("referent")
    ids = [str(uuid.uuid4()) for _ in range(count)]
    answer = client.post("/api/sync/push", headers=headers, json={
        "client_id": "bureau", "schema_version": 1, "mutations": [{
            "id": str(uuid.uuid4()), "table": "beneficiaries", "op": "upsert", "row_id": i,
            "base_version": None, "fields": {"first_name": "Inès", "last_name": f"Vérif{tag}{n}"}}
            for n, i in enumerate(ids)]}).get_json()
    assert {r["status"] for r in answer["results"]} == {"applied"}
    return ids


def test_a_table_that_differs_is_taken_again_and_the_check_is_shown(live_server, new_context):
    tag = uuid.uuid4().hex[:6]
    removed, aged = _people(live_server, 2, tag)
    page = open_app(new_context(), live_server.url, "#/connexion")
    login(page, "referent")
    sync_now(page)
    go(page, "#/appareil")
    page.wait_for_selector("#verification")
    assert "tout concorde avec le serveur" in page.inner_text("#verification")
    server_version = live_server.pull_all("referent")["beneficiaries"][aged]
    assert read_sealed(page, "beneficiaries", aged)["_version"] > 1

    page.evaluate(TAMPER, [PASSWORD, removed, aged])
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/api/sync/" in r.url else None)
    sync_now(page)
    back = read_sealed(page, "beneficiaries", removed)
    assert back and back["last_name"] == f"Vérif{tag}0"
    fixed = read_sealed(page, "beneficiaries", aged)
    assert fixed["_version"] > 1 and fixed["last_name"] == server_version["last_name"]
    # The digest came with the exchange; only the differing table was pulled again.
    assert any("/api/sync/exchange" in u for u in requests)
    assert [u for u in requests if "/api/sync/pull" in u] and all(
        "table=beneficiaries" in u for u in requests if "/api/sync/pull" in u)
    go(page, "#/ref")
    go(page, "#/appareil")
    page.wait_for_selector("#verification")
    assert "différences trouvées et reprises depuis le serveur (Jeunes)" in page.inner_text("#verification")
