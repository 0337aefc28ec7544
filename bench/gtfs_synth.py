"""Write a large synthetic regional GTFS feed (SYNTHETIC: invented stops, lines and times).

Shaped like a regional network (Mobigo Bourgogne-Franche-Comté): towns across the region
joined by coach lines with intermediate stops, weekday / Saturday / Sunday calendars and a
school-days service given by calendar_dates only, 15 % of trips with days of their own
(calendar_dates only, as many real feeds do), a few lines run by frequencies, a few on
demand, and a denser cluster of lines around Saint-Claude, Oyonnax and Lons-le-Saunier so
that the territory's share is realistic. `scale` multiplies the number of lines.
"""
import csv
import io
import math
import random
import zipfile
from datetime import date, timedelta

REGION = (46.1, 2.8, 48.4, 7.2)  # south, west, north, east
TERRITORY = (46.2, 5.4, 46.8, 6.1)


def _hms(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def build(path: str, today: date, scale: float = 1.0, seed: int = 11) -> dict:
    """Write the feed to `path`; return its counts."""
    rnd = random.Random(seed)
    towns = [(rnd.uniform(REGION[0], REGION[2]), rnd.uniform(REGION[1], REGION[3]))
             for _ in range(int(400 * scale))]
    local = [(rnd.uniform(TERRITORY[0], TERRITORY[2]), rnd.uniform(TERRITORY[1], TERRITORY[3]))
             for _ in range(15)]
    stops = [[f"T{i}", f"Ville {i} Centre", f"{la:.5f}", f"{lo:.5f}"]
             for i, (la, lo) in enumerate(towns + local)]
    places = towns + local
    routes, trips, stop_times, frequencies = [], [], [], []
    services = ["SEMAINE", "SEMAINE", "SEMAINE", "SAMEDI", "DIMANCHE", "SCOLAIRE"]
    own = []  # services given day by day in calendar_dates.txt only

    def nearest(i, pool):
        la, lo = places[i]
        return sorted(pool, key=lambda j: (places[j][0] - la) ** 2 + (places[j][1] - lo) ** 2)

    lines = [(a, rnd.choice(nearest(a, range(len(towns)))[1:8]))
             for a in (rnd.randrange(len(towns)) for _ in range(int(700 * scale)))]
    first_local = len(towns)
    lines += [(a, rnd.choice(nearest(a, range(first_local, len(places)))[1:5]))
              for a in (rnd.randrange(first_local, len(places)) for _ in range(80))]
    for r, (a, b) in enumerate(lines):
        on_demand = rnd.random() < 0.05
        routes.append([f"R{r}", "A", str(r), f"Ville {a} – Ville {b}", 715 if on_demand else 3])
        (la1, lo1), (la2, lo2) = places[a], places[b]
        n = rnd.randint(6, 22)
        seq = [f"T{a}"]
        for k in range(1, n):
            f = k / n
            stop_id = f"S{r}_{k}"
            lat = la1 + (la2 - la1) * f + rnd.uniform(-.01, .01)
            lon = lo1 + (lo2 - lo1) * f + rnd.uniform(-.01, .01)
            stops.append([stop_id, f"Ligne {r} arrêt {k}", f"{lat:.5f}", f"{lon:.5f}"])
            seq.append(stop_id)
        seq.append(f"T{b}")
        km = math.hypot((la2 - la1) * 111, (lo2 - lo1) * 76)
        hop = max(1, round(km / len(seq) * 1.5))  # about 40 km/h with the stops
        per_day = rnd.randint(4, 14)
        for direction, stops_seq in enumerate((seq, seq[::-1])):
            for t in range(per_day):
                trip_id = f"R{r}-{direction}-{t}"
                service = rnd.choice(services)
                if rnd.random() < 0.15:  # as in real feeds: a trip with its own days
                    service = f"J{trip_id}"
                    own.append(service)
                trips.append([f"R{r}", service, trip_id, f"Ville {b if direction == 0 else a}"])
                start = rnd.randint(5 * 60, 21 * 60)
                for i, stop_id in enumerate(stops_seq):
                    pick = 2 if on_demand and i < len(stops_seq) - 1 else 0
                    stop_times.append([trip_id, _hms(start + i * hop), _hms(start + i * hop),
                                       stop_id, i + 1, pick, 0])
                if r % 50 == 0 and t == 0:  # a few lines every 30 min at peak hours
                    frequencies.append([trip_id, "07:00:00", "09:00:00", 1800])
    begin, end = today - timedelta(days=30), today + timedelta(days=120)
    school = [begin + timedelta(days=d) for d in range((end - begin).days)
              if (begin + timedelta(days=d)).weekday() < 5 and d % 49 < 35]
    files = {
        "agency.txt": [["agency_id", "agency_name", "agency_url", "agency_timezone",
                        "agency_phone"],
                       ["A", "Réseau régional synthétique", "https://example.org", "Europe/Paris",
                        "03 53 48 00 99"]],
        "stops.txt": [["stop_id", "stop_name", "stop_lat", "stop_lon"], *stops],
        "routes.txt": [["route_id", "agency_id", "route_short_name", "route_long_name",
                        "route_type"], *routes],
        "trips.txt": [["route_id", "service_id", "trip_id", "trip_headsign"], *trips],
        "stop_times.txt": [["trip_id", "arrival_time", "departure_time", "stop_id",
                            "stop_sequence", "pickup_type", "drop_off_type"], *stop_times],
        "frequencies.txt": [["trip_id", "start_time", "end_time", "headway_secs"], *frequencies],
        "calendar.txt": [["service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                          "saturday", "sunday", "start_date", "end_date"]] + [
            [sid, *flags, begin.strftime("%Y%m%d"), end.strftime("%Y%m%d")] for sid, flags in (
                ("SEMAINE", [1, 1, 1, 1, 1, 0, 0]), ("SAMEDI", [0, 0, 0, 0, 0, 1, 0]),
                ("DIMANCHE", [0, 0, 0, 0, 0, 0, 1]))],
        "calendar_dates.txt": [["service_id", "date", "exception_type"]] + [
            ["SCOLAIRE", d.strftime("%Y%m%d"), 1] for d in school] + [
            [sid, (begin + timedelta(days=d)).strftime("%Y%m%d"), 1] for sid in own
            for d in range((end - begin).days) if rnd.random() < 0.6],
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            archive.writestr(name, out.getvalue())
    return {"stops": len(stops), "routes": len(routes), "trips": len(trips),
            "stop_times": len(stop_times)}
