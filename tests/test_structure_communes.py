"""`flask structures communes`: a structure's territory, set and replaced from the command
line, checked against the official list; a commune belongs to one structure at most."""
import pytest

from server.extensions import db
from server.models import DEFAULT_STRUCTURE
from server.seed import demo_territory
from server.services import structure_territory, structures
from server.territory import territory


def _code(name: str) -> str:
    (found,) = [c for c in territory().named(name) if c.departement == "39"]
    return found.code


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["structures", *args])


def _served(app, structure_id):
    with app.app_context():
        return structure_territory.communes(db.session, structure_id)


def test_set_replace_and_refuse_unknown_codes(app):
    claude, lavans = _code("Saint-Claude"), _code("Lavans-lès-Saint-Claude")
    done = _run(app, "communes", DEFAULT_STRUCTURE, claude, lavans)
    assert done.exit_code == 0, done.output
    assert "2 communes" in done.output and "Saint-Claude" in done.output
    assert _served(app, DEFAULT_STRUCTURE) == sorted([claude, lavans])
    # Replaced, not added to: an EPCI's SIREN stands for all its communes.
    (epci,) = [code for code, name in territory().epci.items()
               if name == "CC de la Station des Rousses-Haut Jura"]
    rousses = sorted(c.code for c in territory().communes.values() if c.epci == epci)
    assert _run(app, "communes", DEFAULT_STRUCTURE, epci).exit_code == 0
    assert _served(app, DEFAULT_STRUCTURE) == rousses and claude not in rousses
    listed = _run(app, "list").output
    assert f"{len(rousses)} communes ; reçoit aussi les demandes de rappel hors territoire" \
        in listed
    shown = _run(app, "communes", DEFAULT_STRUCTURE)
    assert shown.exit_code == 0 and "Les Rousses" in shown.output
    # Unknown codes, a former commune's code: refused, nothing changed.
    for bad, said in (("99999", "Code inconnu : 99999"), ("abc", "Code inconnu : ABC"),
                      ("123456789", "Code inconnu : 123456789")):
        refused = _run(app, "communes", DEFAULT_STRUCTURE, claude, bad)
        assert refused.exit_code == 1 and said in refused.output, refused.output
        assert "liste officielle" in refused.output
    former, today = next(iter(territory().former.items()))
    refused = _run(app, "communes", DEFAULT_STRUCTURE, former)
    assert refused.exit_code == 1
    assert f"ancienne commune, aujourd'hui {territory().communes[today].nom}" in refused.output
    assert _served(app, DEFAULT_STRUCTURE) == rousses
    assert _run(app, "communes", "inconnue", claude).output.strip().endswith(
        "Structure inconnue.")
    assert _run(app, "communes", DEFAULT_STRUCTURE, claude, "--clear").exit_code == 1
    cleared = _run(app, "communes", DEFAULT_STRUCTURE, "--clear")
    assert cleared.exit_code == 0 and "aucune commune" in cleared.output
    assert _served(app, DEFAULT_STRUCTURE) == []


def test_a_commune_belongs_to_one_structure(app, database):
    if database[0].startswith("sqlite"):
        pytest.skip("several structures need PostgreSQL")
    with app.app_context():
        other = structures.create(db.session, "Mission Locale « Lons »").id
        db.session.commit()
    claude, lons = _code("Saint-Claude"), _code("Lons-le-Saunier")
    assert _run(app, "communes", DEFAULT_STRUCTURE, claude).exit_code == 0
    assert _run(app, "communes", other, lons).exit_code == 0
    refused = _run(app, "communes", other, lons, claude)
    assert refused.exit_code == 1
    assert (f"Saint-Claude ({claude}) relève déjà de « Structure principale » : retirez-la "
            "d'abord de son territoire.") in refused.output
    assert _served(app, other) == [lons] and _served(app, DEFAULT_STRUCTURE) == [claude]
    listed = _run(app, "list").output
    assert f"{other}\tMission Locale « Lons »\t\t1 commune\n" in listed
    with app.app_context():
        assert structure_territory.serving(db.session, lons) == other
        assert structure_territory.serving(db.session, claude) == DEFAULT_STRUCTURE
        assert structure_territory.serving(db.session, _code("Dole")) == DEFAULT_STRUCTURE


def test_the_demo_territories_come_from_the_official_file():
    home, neighbour = demo_territory.home(), demo_territory.neighbour()
    land = territory()
    assert _code("Saint-Claude") in home and _code("Les Rousses") in home
    assert {_code(n) for n in ("Lons-le-Saunier", "Dole", "Poligny")} <= set(neighbour)
    assert not set(home) & set(neighbour)
    jura = {c.code for c in land.communes.values() if c.departement == "39"}
    assert set(home) | set(neighbour) == jura
