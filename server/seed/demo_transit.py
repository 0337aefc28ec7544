"""A small FICTIONAL GTFS feed for the Haut-Jura, so « Comment y aller » can be tried.

DEMO DATA: invented lines and times between approximate stop positions; nothing here is a
real timetable. The feed's name and the app's screen both say so. Phone numbers are in the
range ARCEP keeps for fiction (03 53 48 xx xx).
"""
import csv
import io
import zipfile
from datetime import date, timedelta

NAME = "Horaires de démonstration (fictifs)"
LICENCE = "ODbL"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
PHONE_TAD = "03 53 48 00 10"

STOPS = {  # id: (name, approximate lat, lon)
    "SCG": ("Saint-Claude Gare", 46.3870, 5.8640), "SCC": ("Saint-Claude Centre", 46.3880, 5.8665),
    "LAV": ("Lavans-lès-Saint-Claude Mairie", 46.3840, 5.7830),
    "CDL": ("Coteaux du Lizon Cuttura", 46.3990, 5.7700),
    "CHA": ("Chassal-Molinges Centre", 46.4300, 5.7880), "VIR": ("Viry Place", 46.2920, 5.7300),
    "BOU": ("Les Bouchoux Église", 46.2960, 5.8200), "PES": ("La Pesse Centre", 46.2830, 5.8500),
    "BEL": ("Bellecombe Village", 46.3130, 5.8950),
    "VSS": ("Villard-Saint-Sauveur Mairie", 46.3670, 5.8600),
    "SEP": ("Septmoncel les Molunes Centre", 46.3660, 5.9120),
    "LAJ": ("Lajoux Centre", 46.3790, 5.9840), "LON": ("Longchaumois Centre", 46.4640, 5.9300),
    "MOR": ("Morez Gare", 46.5230, 6.0250), "OYO": ("Oyonnax Gare", 46.2560, 5.6550),
    "LLS": ("Lons-le-Saunier Gare", 46.6740, 5.5580),
}
# route id: (agency, short name, long name, GTFS type, stops, minutes from the first stop)
ROUTES = {
    "1": ("CARS", "1", "Coteaux du Lizon – Lavans – Saint-Claude", 3,
          ["CDL", "LAV", "SCG", "SCC"], [0, 8, 20, 23]),
    "2": ("CARS", "2", "Saint-Claude – Septmoncel – Lajoux", 3, ["SCC", "SEP", "LAJ"],
          [0, 15, 30]),
    "3": ("CARS", "3", "Saint-Claude – Longchaumois – Morez", 3, ["SCG", "LON", "MOR"],
          [0, 25, 45]),
    "4": ("CARS", "4", "Saint-Claude – Chassal-Molinges", 3, ["SCG", "CHA"], [0, 15]),
    "TER": ("TRAIN", "TER", "Oyonnax – Saint-Claude", 2, ["OYO", "SCG"], [0, 45]),
    "LONS": ("CARS", "711", "Saint-Claude – Lons-le-Saunier", 3, ["SCG", "LLS"], [0, 90]),
    "TAD": ("TAD", "TAD", "Viry – Les Bouchoux – La Pesse – Saint-Claude", 715,
            ["VIR", "BOU", "PES", "BEL", "VSS", "SCC"], [0, 12, 20, 32, 45, 55]),
}
# route id, service, first departures (H:MM) one way; the way back leaves 30 min after.
TRIPS = [
    ("2", "SEMAINE", ["6:50", "12:10", "17:20"]), ("3", "SEMAINE", ["7:05", "13:00", "17:45"]),
    ("4", "SEMAINE", ["7:30", "12:30", "18:00"]), ("TER", "TOUS", ["6:10", "9:40", "16:50"]),
    ("LONS", "SEMAINE", ["7:40", "16:15"]), ("TAD", "SEMAINE", ["7:00", "13:30"]),
]


def _table(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _hms(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _times(route: str, start: int, back: bool) -> list[tuple[str, int, int, int]]:
    """Return (stop, time, pickup_type, drop_off_type) of one run of a route."""
    _, _, _, _, stops, offsets = ROUTES[route]
    if back:
        stops, offsets = stops[::-1], [offsets[-1] - o for o in offsets[::-1]]
    if route != "TAD":
        return [(s, start + o, 0, 0) for s, o in zip(stops, offsets)]
    # On demand: book to be picked up (2), or to be set down (2); none at the ends' far side.
    last = len(stops) - 1
    return [(s, start + o, 1 if i == last else 2, 1 if i == 0 else 2)
            for i, (s, o) in enumerate(zip(stops, offsets))]


def build(path: str, today: date) -> None:
    """Write the demo feed as a GTFS zip valid from a week ago to three months ahead."""
    begin, end = today - timedelta(days=7), today + timedelta(days=90)
    trips, stop_times = [["route_id", "service_id", "trip_id", "trip_headsign"]], [[
        "trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "pickup_type",
        "drop_off_type"]]

    def add(route, service, trip_id, calls):
        trips.append([route, service, trip_id, STOPS[calls[-1][0]][0]])
        for seq, (stop, t, pick, drop) in enumerate(calls, 1):
            stop_times.append([trip_id, _hms(t), _hms(t), stop, seq, pick, drop])

    for route, service, starts in TRIPS:
        for n, start in enumerate(starts):
            first = _minutes(start)
            add(route, service, f"{route}-A{n}", _times(route, first, False))
            back = first + ROUTES[route][5][-1] + 30
            add(route, service, f"{route}-R{n}", _times(route, back, True))
    # Line 1 runs every hour (frequencies.txt); the night train comes back past midnight.
    add("1", "SEMAINE", "1-MODELE", _times("1", 6 * 60 + 30, False))
    add("TER", "VENDREDI-SAMEDI", "TER-NUIT", _times("TER", 23 * 60 + 40, False))
    holidays = [d for d in (date(y, m, dd) for y in (today.year, today.year + 1)
                            for m, dd in ((1, 1), (5, 1), (7, 14), (12, 25)))
                if begin <= d <= end]
    files = {
        "agency.txt": [["agency_id", "agency_name", "agency_url", "agency_timezone",
                        "agency_phone"],
                       ["CARS", "Cars du Haut-Jura (fictif)", "https://example.org/cars",
                        "Europe/Paris", "03 53 48 00 11"],
                       ["TRAIN", "Train du Haut-Jura (fictif)", "https://example.org/train",
                        "Europe/Paris", ""],
                       ["TAD", "Transport à la demande (fictif)", "https://example.org/tad",
                        "Europe/Paris", PHONE_TAD]],
        "stops.txt": [["stop_id", "stop_name", "stop_lat", "stop_lon"]] + [
            [k, name, lat, lon] for k, (name, lat, lon) in STOPS.items()],
        "routes.txt": [["route_id", "agency_id", "route_short_name", "route_long_name",
                        "route_type"]] + [[k, a, s, lng, t] for k, (a, s, lng, t, _, _)
                                          in ROUTES.items()],
        "trips.txt": trips, "stop_times.txt": stop_times,
        "frequencies.txt": [["trip_id", "start_time", "end_time", "headway_secs"],
                            ["1-MODELE", "06:30:00", "19:31:00", "3600"]],
        "calendar.txt": [["service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                          "saturday", "sunday", "start_date", "end_date"]] + [
            [sid, *flags, begin.strftime("%Y%m%d"), end.strftime("%Y%m%d")] for sid, flags in (
                ("SEMAINE", [1, 1, 1, 1, 1, 1, 0]), ("TOUS", [1] * 7),
                ("VENDREDI-SAMEDI", [0, 0, 0, 0, 1, 1, 0]))],
        "calendar_dates.txt": [["service_id", "date", "exception_type"]] + [
            ["SEMAINE", d.strftime("%Y%m%d"), 2] for d in holidays],
        "feed_info.txt": [["feed_publisher_name", "feed_publisher_url", "feed_lang",
                           "feed_start_date", "feed_end_date"],
                          ["Mobilité Haut-Jura (démonstration)", "https://example.org", "fr",
                           begin.strftime("%Y%m%d"), end.strftime("%Y%m%d")]],
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            archive.writestr(name, _table(rows))
