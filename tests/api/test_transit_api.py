"""The transit CLI and endpoints: publish, serve with ETag, import from the office's screen."""
import gzip
import json

from gtfs_helpers import zipped

from api_helpers import assert_problem


def cli_import(app, *args):
    result = app.test_cli_runner().invoke(args=["transit-import", *args])
    return result


def test_cli_imports_feeds_and_the_timetable_is_served_with_its_version(app, client, tmp_path):
    assert_problem(client.get("/api/transit/timetable"), 404)
    result = cli_import(app, zipped("dates_only", tmp_path), zipped("on_demand", tmp_path),
                        "--name", "Cars fictifs", "--name", "TAD fictif",
                        "--licence", "ODbL", "--today", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert "Réseau importé : Cars fictifs (ODbL)" in result.output
    assert "TAD fictif : 1 course(s), 3 arrêt(s)" in result.output
    summary = client.get("/api/transit").get_json()
    assert [f["name"] for f in summary["feeds"]] == ["Cars fictifs", "TAD fictif"]
    plain = client.get("/api/transit/timetable", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and plain.headers.get("Content-Encoding") is None
    body = plain.get_json()
    assert body["version"] == summary["version"]
    assert plain.headers["ETag"] == f'"{summary["version"]}"'
    assert [f["licence"] for f in body["feeds"]] == ["ODbL", "Licence non précisée"]
    packed = client.get("/api/transit/timetable", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.data)) == body
    again = client.get("/api/transit/timetable", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_cli_reports_a_bad_feed_and_keeps_going_without_it(app, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    result = cli_import(app, str(junk), "--name", "Cassé")
    assert result.exit_code != 0 and "ZIP" in result.output
    result = cli_import(app, str(tmp_path / "missing.zip"))
    assert result.exit_code != 0
    result = cli_import(app, zipped("weekly", tmp_path), "--today", "not-a-date")
    assert result.exit_code != 0 and "AAAA-MM-JJ" in result.output


def test_cli_only_and_remove_forget_feeds(app, client, tmp_path):
    assert cli_import(app, zipped("weekly", tmp_path), zipped("twin", tmp_path),
                      "--today", "2026-03-02").exit_code == 0
    assert len(client.get("/api/transit").get_json()["feeds"]) == 2
    result = cli_import(app, zipped("weekly", tmp_path), "--only", "--today", "2026-03-02")
    assert "Réseau retiré : twin.zip" in result.output
    assert [f["name"] for f in client.get("/api/transit").get_json()["feeds"]] == ["weekly.zip"]
    assert cli_import(app, "--remove", "weekly.zip").exit_code != 0  # nothing left to publish


def test_only_the_coordinator_imports_from_the_screen(client, headers, tmp_path):
    path = zipped("weekly", tmp_path)
    for role in ("referent", "prescriber"):
        with open(path, "rb") as f:
            response = client.post("/api/transit/import", headers=headers[role],
                                   data={"file": (f, "weekly.zip"), "name": "Navette"})
        assert_problem(response, 403)
    assert_problem(client.post("/api/transit/import", json={"url": "http://x"}), 401)
    with open(path, "rb") as f:
        response = client.post("/api/transit/import", headers=headers["coordinator"],
                               data={"file": (f, "weekly.zip"), "name": "Navette",
                                     "licence": "ODbL",
                                     "licence_url": "https://opendatacommons.org/licenses/odbl/"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["feeds"][0]["name"] == "Navette"
    assert response.get_json()["feeds"][0]["trips"] == 5


def test_the_import_screen_refuses_bad_input_in_french(client, headers, tmp_path):
    coord = headers["coordinator"]
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"\x00" * 100)
    with open(junk, "rb") as f:
        response = client.post("/api/transit/import", headers=coord,
                               data={"file": (f, "junk.zip"), "name": "Navette"})
    assert_problem(response, 422)
    assert "ZIP" in response.get_json()["detail"]
    with open(zipped("weekly", tmp_path), "rb") as f:
        response = client.post("/api/transit/import", headers=coord,
                               data={"file": (f, "weekly.zip"), "name": ""})
    assert_problem(response, 422)
    assert_problem(client.post("/api/transit/import", headers=coord, data={"name": "x"}), 400)
    for body in ({"url": "file:///etc/passwd", "name": "x"}, {"url": "/etc/passwd", "name": "x"},
                 {"url": ["http://x"], "name": "x"}, {"name": "x"}, [1], {"url": "h" * 600}):
        assert_problem(client.post("/api/transit/import", headers=coord, json=body), 400)
    # The server's own network is out of reach from the web app: loopback, private ranges,
    # link-local (a cloud's metadata service), by name or by number.
    for url in ("http://127.0.0.1:9/feed.zip", "http://localhost:5432/", "http://10.0.0.8/x",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/feed.zip",
                "http://192.168.1.1/feed.zip", "http://0.0.0.0/x"):
        response = client.post("/api/transit/import", headers=coord,
                               json={"url": url, "name": "Interne"})
        assert_problem(response, 422)
        assert "adresses publiques" in response.get_json()["detail"], url
    response = client.post("/api/transit/import", headers=coord,
                           json={"url": "http://nom-inconnu.invalid/feed.zip", "name": "X"})
    assert_problem(response, 422)
    assert "Téléchargement impossible" in response.get_json()["detail"]


def test_the_coordinator_removes_a_feed(app, client, headers, tmp_path):
    assert cli_import(app, zipped("weekly", tmp_path), zipped("twin", tmp_path),
                      "--today", "2026-03-02").exit_code == 0
    assert_problem(client.delete("/api/transit/feeds/twin.zip", headers=headers["referent"]), 403)
    assert_problem(client.delete("/api/transit/feeds/nope", headers=headers["coordinator"]), 404)
    assert_problem(client.delete("/api/transit/feeds/" + "x" * 81,
                                 headers=headers["coordinator"]), 400)
    answer = client.delete("/api/transit/feeds/twin.zip", headers=headers["coordinator"])
    assert answer.status_code == 200
    assert [f["name"] for f in answer.get_json()["published"]["feeds"]] == ["weekly.zip"]
    answer = client.delete("/api/transit/feeds/weekly.zip", headers=headers["coordinator"])
    assert answer.get_json() == {"removed": "weekly.zip", "published": None}
    assert_problem(client.get("/api/transit/timetable"), 404)  # nothing left to publish
