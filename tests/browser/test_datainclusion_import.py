"""The coordinator imports a file of the national data·inclusion platform from the app: a
preview of what would change, refused lines named in French, then the import on « Confirmer »."""
import json
import uuid

from browser_helpers import go, login, open_app
from test_commune_picker import _axe


def test_import_screen_previews_then_imports(live_server, new_context, tmp_path):
    tag = uuid.uuid4().hex[:6]
    name = f"Prêt de scooters {tag}"
    records = {"structures": [{"id": f"cias-{tag}", "nom": f"CIAS des Bouchoux {tag}",
                               "date_maj": "2026-10-01", "source": "dora"}],
               "services": [{"id": f"scoot-{tag}", "structure_id": f"cias-{tag}", "nom": name,
                             "description": "Un scooter prêté pour aller au travail.",
                             "date_maj": "2026-10-01", "frais": "payant", "source": "dora"},
                            {"id": f"bad-{tag}", "structure_id": f"cias-{tag}",
                             "nom": "Sans date", "description": "Service sans date."}]}
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    page = open_app(new_context(viewport={"width": 360, "height": 800}, bypass_csp=True),
                    live_server.url, "#/connexion")
    login(page, "coordinator")
    go(page, "#/bureau/import")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=source]", f"dora-{tag}")
    page.click("text=Voir ce qui changerait")
    page.wait_for_selector("#apercu section[data-table=offers] table")
    offers = page.inner_text("#apercu section[data-table=offers]")
    assert name in offers and "À créer" in offers
    assert "Ligne 2, champ « date_maj » : champ obligatoire manquant." in offers
    assert "1 fiche à créer" in page.inner_text("#apercu section[data-table=partners]")
    assert name not in json.dumps(live_server.pull_all()["offers"])  # nothing applied yet
    assert _axe(page) == []

    page.click("#confirmer")
    page.wait_for_selector("text=Import terminé")
    offers = live_server.pull_all()["offers"].values()
    assert [o["nom"] for o in offers if o.get("nom") == name] == [name]
    assert not [o for o in offers if o.get("nom") == "Sans date"]

    # A file that is not JSON: said in French, nothing sent.
    path.write_text("{pas du json", encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=Voir ce qui changerait")
    page.wait_for_selector("form .errors p")
    assert "pas un fichier JSON lisible" in page.inner_text("form .errors")
