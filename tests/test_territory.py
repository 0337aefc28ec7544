"""The official territory (pwa/data/territory.json): its provenance and known codes."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.territory import _DEFAULT, _load, is_zone_code, name_key

ROOT = Path(__file__).resolve().parent.parent
HJSC = "200026573"  # CC Haut-Jura Saint-Claude
HJSC_MEMBERS = {
    "Avignon-lès-Saint-Claude", "Bellecombe", "Chassal-Molinges", "Choux", "Coiserette",
    "Coteaux du Lizon", "Coyrière", "La Pesse", "La Rixouse", "Lajoux", "Larrivoire",
    "Lavans-lès-Saint-Claude", "Les Bouchoux", "Les Moussières", "Leschères", "Ravilloles",
    "Rogna", "Saint-Claude", "Septmoncel les Molunes", "Villard-Saint-Sauveur", "Viry",
    "Vulvoz"}


@pytest.fixture(scope="module")
def land():
    return _load(_DEFAULT)


def test_the_file_records_its_source_and_cog_year(land):
    assert land.source["package"] == "@etalab/decoupage-administratif"
    installed = json.loads((ROOT / "node_modules/@etalab/decoupage-administratif/package.json")
                           .read_text())
    assert land.source["version"] == installed["version"]
    assert land.source["cog"] == 2026
    assert set(land.departements) == {"01", "25", "39", "69", "71", "74"}


@pytest.mark.skipif(not shutil.which("node"), reason="node is needed to rebuild the file")
def test_the_committed_file_is_what_the_package_gives(tmp_path):
    out = tmp_path / "territory.json"
    subprocess.run(["node", str(ROOT / "scripts/territory.mjs"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == Path(_DEFAULT).read_bytes(), \
        "pwa/data/territory.json is stale: run node scripts/territory.mjs"


@pytest.mark.parametrize("code,name,postal,dep", [
    ("39478", "Saint-Claude", "39200", "39"), ("01283", "Oyonnax", "01100", "01"),
    ("39300", "Lons-le-Saunier", "39000", "39"), ("39286", "Lavans-lès-Saint-Claude", "39170",
                                                   "39")])
def test_known_communes(land, code, name, postal, dep):
    commune = land.commune(code)
    assert (commune.nom, commune.departement) == (name, dep)
    assert postal in commune.codes_postaux
    assert [c.code for c in land.named(name)] == [code]


def test_the_community_of_saint_claude_has_its_22_members(land):
    members = {c.nom for c in land.communes.values() if c.epci == HJSC}
    assert members == HJSC_MEMBERS
    assert land.epci[HJSC] == "CC Haut-Jura Saint-Claude"
    longchaumois = land.named("Longchaumois")[0]
    assert longchaumois.code == "39297" and longchaumois.epci != HJSC


def test_names_are_found_however_typed_and_former_communes_lead_to_today(land):
    assert land.resolve(name="lavans les st claude").code == "39286"
    assert land.resolve(name="MOREZ").nom == "Hauts de Bienne"
    assert land.resolve(name="chez sa tante") is None
    assert name_key("Ste-Croix’s  Lac") == "sainte croix s lac"  # as pwa/js/territory.js
    assert land.resolve(code="99999") is None
    # A name two communes share designates neither on its own.
    twins = [k for k in {name_key(c.nom) for c in land.communes.values()}
             if len(land.named(k)) > 1]
    assert twins and land.resolve(name=twins[0]) is None


def test_zones_take_in_communes_by_code_epci_or_departement(land):
    lavans, oyonnax = land.commune("39286"), land.commune("01283")
    assert land.covers([HJSC], lavans) and not land.covers([HJSC], oyonnax)
    assert land.covers(["39478", "01283"], oyonnax)
    assert land.covers(["39"], lavans) and not land.covers(["39"], oyonnax)
    assert land.covers(["france"], oyonnax) and land.covers([], oyonnax)
    assert land.covers(["Haut-Jura"], oyonnax)  # free words: no code, open to everyone
    assert not land.covers(["39478"], None)  # a zone, and nobody's commune: not shown as open
    assert not land.covers(["39297"], lavans)
    assert [is_zone_code(z) for z in ("39478", "200026573", "2A", "974", "Jura", 39, "3947")] \
        == [True, True, True, True, False, False, False]
