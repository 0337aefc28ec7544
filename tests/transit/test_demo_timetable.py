"""seed-demo installs a small FICTIONAL timetable, and never over real feeds."""
import gzip
import json
from datetime import date

from gtfs_helpers import trips, zipped

from server.transit import store
from server.transit.service import feed_meta, import_feed, install_demo
from tests.conftest import make_app


def test_seed_demo_publishes_a_fictional_timetable_and_says_so(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", {}, tmp_path)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "démonstration FICTIVE publiée" in result.output
    with app.app_context():
        summary = store.current(app.instance_path)
        tt = json.loads(gzip.decompress(store.compressed(app.instance_path)))
    assert [f["name"] for f in tt["feeds"]] == ["Horaires de démonstration (fictifs)"]
    assert tt["feeds"][0]["fictional"] is True and tt["feeds"][0]["licence"] == "ODbL"
    assert summary["feeds"][0]["warnings"] == []
    runs = trips(tt)
    names = {s for t in runs for s in t["stops"]}
    assert {"Saint-Claude Gare", "Lavans-lès-Saint-Claude Mairie", "La Pesse Centre",
            "Lons-le-Saunier Gare", "Oyonnax Gare"} <= names
    tad = [t for t in runs if t["mode"] == "tad"]
    assert tad and all("03 53 48 00 10" in t["phones"] for t in tad)
    assert any(t["times"][-1][0].startswith("24:") for t in runs)  # the night train


def test_the_demo_never_mixes_with_real_feeds(app, tmp_path):
    with app.app_context():
        import_feed(zipped("weekly", tmp_path), feed_meta("Navette réelle", "ODbL", None, "x.zip"))
        assert install_demo(date(2026, 3, 2)) is None
        assert [m["name"] for m, _ in store.stored_feeds(app.instance_path)] == ["Navette réelle"]


def test_a_real_import_removes_the_demo(app, tmp_path):
    with app.app_context():
        install_demo(date(2026, 3, 2))
        assert [m["fictional"] for m, _ in store.stored_feeds(app.instance_path)] == [True]
        import_feed(zipped("weekly", tmp_path), feed_meta("Navette réelle", "ODbL", None, "x.zip"))
        assert [m["name"] for m, _ in store.stored_feeds(app.instance_path)] == ["Navette réelle"]
