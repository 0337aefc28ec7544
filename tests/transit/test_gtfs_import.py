"""The GTFS import on small fixtures, one per pitfall of real feeds (issue 11)."""
import gzip
import json
import zipfile
from datetime import date

import pytest
from gtfs_helpers import trips, zipped

from server.transit import store
from server.transit.build import Area, mode
from server.transit.gtfs import FeedError, minutes
from server.transit.service import feed_meta

AREA = Area(46.15, 5.30, 46.85, 6.20)
MONDAY = date(2026, 3, 2)


def publish(tmp_path, *names, licences=(), today=MONDAY, days=7):
    """Import the fixtures as feeds and return the published timetable."""
    for i, name in enumerate(names):
        meta = feed_meta(name, licences[i] if i < len(licences) else None, None, f"{name}.zip")
        store.save_feed(str(tmp_path), zipped(name, tmp_path), meta)
    summary = store.publish(str(tmp_path), AREA, today, days)
    return json.loads(gzip.decompress(store.compressed(str(tmp_path)))), summary


def by_stops(tt, first_stop):
    return [t for t in trips(tt) if t["stops"][0] == first_stop]


def test_gtfs_times_past_midnight_and_seconds():
    assert minutes("07:05:00") == 425
    assert minutes("24:40:00") == 1480
    assert minutes("7:05:40") == 426  # rounded to the nearest minute
    assert minutes("25:61:00") is None and minutes("") is None and minutes("x:00:00") is None


def test_calendar_dates_without_calendar_and_trips_after_midnight(tmp_path):
    tt, summary = publish(tmp_path, "dates_only")
    assert tt["start"] == "2026-03-01" and tt["days"] == 8  # the day before: night trips
    assert (tt["valid_from"], tt["valid_to"]) == ("2026-03-02", "2026-03-08")
    morning, night = sorted(by_stops(tt, "Saint-Claude Gare"), key=lambda t: t["dates"])
    assert morning["dates"] == ["2026-03-02", "2026-03-04"]
    assert morning["times"] == [("7:00", "7:00"), ("7:15", "7:16"), ("7:50", "7:50")]
    # The night bus of Tuesday's service reaches Oyonnax at 00:40 on Wednesday.
    assert night["dates"] == ["2026-03-03"]
    assert night["times"] == [("23:50", "23:50"), ("24:05", "24:05"), ("24:40", "24:40")]
    assert summary["trips"] == 3 and summary["stops"] == 3


def test_several_agencies_keep_their_routes_and_modes(tmp_path):
    tt, _ = publish(tmp_path, "dates_only")
    found = {(t["agency"], t["route"], t["mode"]) for t in trips(tt)}
    assert found == {("Cars du Haut-Jura", "1", "bus"), ("Train des Hirondelles", "TER", "train")}
    assert [a[1] for a in tt["agencies"] if a[0] == "Train des Hirondelles"] == [-1]  # no phone


def test_calendar_with_exceptions_and_frequencies(tmp_path):
    tt, _ = publish(tmp_path, "weekly")
    runs = trips(tt)
    starts = sorted(t["times"][0][1] for t in runs)
    # 07:00 to 09:00 every 30 min (end excluded), the model's own 06:00 is not a departure.
    assert starts == ["12:10", "7:00", "7:30", "8:00", "8:30"]
    assert all(t["times"][1][0] == f"{int(t['times'][0][1].split(':')[0])}:"
               f"{int(t['times'][0][1].split(':')[1]) + 20:02d}" for t in runs)
    # Weekdays, less Wednesday the 4th (removed), plus Sunday the 8th (added).
    assert runs[0]["dates"] == ["2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06",
                                "2026-03-08"]
    assert runs[0]["agency"] == "Navette des Lacs"  # agency_id left empty: the only agency


def test_on_demand_stops_carry_the_number_to_call(tmp_path):
    tt, _ = publish(tmp_path, "on_demand")
    (trip,) = trips(tt)
    assert trip["stops"] == ["Les Bouchoux Église", "La Pesse Centre", "Saint-Claude Gare"]
    assert trip["pickup"] == [2, 3, 1] and trip["drop_off"] == [1, 3, 0]
    # The booking rule's number first, else the agency's; none where no booking is needed.
    assert trip["phones"] == ["03 84 00 00 03", "03 84 00 00 02", None]
    assert trip["mode"] == "tad"


def test_stops_without_coordinates_outside_the_area_or_untimed(tmp_path):
    tt, summary = publish(tmp_path, "messy_stops")
    (trip,) = trips(tt)
    # The quay takes its station's position; Bourg is outside; the stop without any position
    # is left out with a warning. Nantua has no time: between 6:42 and 8:10 (88 min), it is
    # 11.7 km of the 69.7 km straight line from the quay to Lons: 6:42 + 14.8 min = 6:57.
    # Moirans, untimed at the end of the trip, cannot be estimated: left out.
    assert trip["stops"] == ["Oyonnax Gare quai 1", "Nantua Lac", "Lons-le-Saunier Gare"]
    assert trip["times"] == [("6:40", "6:42"), ("6:57", "6:57"), ("8:10", "8:10")]
    assert tt["stops"][0][1:] == [46.2561, 5.6553]
    assert trip["agency"] == "Lignes de l'Ain et du Jura"  # the BOM did not eat the header
    warnings = " ".join(summary["feeds"][0]["warnings"])
    assert "1 arrêt(s) sans coordonnées ignoré(s) : Arrêt sans position" in warnings
    assert "1 passage(s) sans horaire ignoré(s)" in warnings


def test_same_ids_in_two_feeds_stay_apart(tmp_path):
    tt, _ = publish(tmp_path, "dates_only", "twin", licences=("ODbL", "Licence Ouverte 2.0"))
    names = {t["feed"]: t for t in trips(tt) if t["times"][0][0] in ("7:00", "9:00")}
    assert names["dates_only"]["stops"][0] == "Saint-Claude Gare"
    assert names["twin"]["stops"] == ["Saint-Laurent-en-Grandvaux Place", "Morbier Mairie"]
    assert names["twin"]["dates"] == ["2026-03-03"]
    assert names["dates_only"]["dates"] == ["2026-03-02", "2026-03-04"]
    assert sorted(a[0] for a in tt["agencies"]) == ["Autocars du Grandvaux", "Cars du Haut-Jura",
                                                    "Train des Hirondelles"]
    assert len(tt["stops"]) == 5


def test_feeds_keep_name_licence_and_validity(tmp_path):
    tt, summary = publish(tmp_path, "dates_only", "weekly", licences=("ODbL",))
    feeds = {f["name"]: f for f in tt["feeds"]}
    assert feeds["dates_only"]["licence"] == "ODbL"
    assert feeds["dates_only"]["publisher"] == "Exemple fictif"
    assert (feeds["dates_only"]["valid_from"], feeds["dates_only"]["valid_to"]) == (
        "2026-03-01", "2026-03-31")  # feed_info's dates
    assert (feeds["weekly"]["valid_from"], feeds["weekly"]["valid_to"]) == (
        "2026-01-01", "2026-12-31")  # the calendar's span
    assert feeds["weekly"]["licence"] == "Licence non précisée"
    assert [f["name"] for f in summary["feeds"]] == ["dates_only", "weekly"]


def test_the_version_follows_the_content(tmp_path):
    _, first = publish(tmp_path, "weekly")
    _, same = publish(tmp_path)
    assert same["version"] == first["version"]
    _, again = publish(tmp_path, "weekly")  # the same feed imported again: same version
    assert again["version"] == first["version"]
    _, other = publish(tmp_path, today=date(2026, 3, 9))
    assert other["version"] != first["version"]
    store.remove_feed(str(tmp_path), "weekly")
    with pytest.raises(FeedError, match="Aucun réseau"):
        store.publish(str(tmp_path), AREA, MONDAY, 7)


def test_what_is_not_a_gtfs_feed_is_refused_before_anything_is_replaced(tmp_path):
    publish(tmp_path, "weekly")
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    meta = feed_meta("weekly", None, None, "junk.zip")
    with pytest.raises(FeedError, match="ZIP"):
        store.save_feed(str(tmp_path), str(junk), meta)
    partial = tmp_path / "partial.zip"
    with zipfile.ZipFile(partial, "w") as archive:
        for name in ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"):
            archive.writestr(name, "x\n")
    with pytest.raises(FeedError, match="calendar"):
        store.save_feed(str(tmp_path), str(partial), meta)
    tt, _ = publish(tmp_path)
    assert len(tt["trips"]) == 5  # the earlier import still stands


@pytest.mark.parametrize("name,licence,url", [("", None, None), ("a" * 81, None, None),
                                              ("x\x00", None, None), ("ok", "l" * 201, None),
                                              ("ok", None, "javascript:alert(1)")])
def test_feed_descriptions_are_checked(name, licence, url):
    with pytest.raises(FeedError):
        feed_meta(name, licence, url, "f.zip")


def test_a_local_path_is_not_shown_to_the_public():
    assert feed_meta("x", None, None, "/srv/secret/feeds/mobigo.zip")["source"] == "mobigo.zip"


def test_route_types_basic_and_extended():
    assert [mode(t) for t in ("0", "2", "3", "715", "106", "200", "401", "704", "900")] == [
        "tram", "train", "bus", "tad", "train", "bus", "metro", "bus", "tram"]
    assert mode("") == mode("x") == mode("1500") == "bus"


def test_a_redirect_into_the_servers_network_is_refused():
    """The check holds for every hop: a public address may not send the server inward."""
    import urllib.request

    from server.transit import sources
    from server.transit.gtfs import FeedError

    handler = sources._PublicRedirects()
    request = urllib.request.Request("http://example.org/feed.zip")
    try:
        handler.redirect_request(request, None, 302, "Found", {}, "http://10.1.2.3/feed.zip")
    except FeedError as exc:
        assert "adresses publiques" in str(exc)
    else:
        raise AssertionError("a redirect to a private address was followed")
