"""Turn GTFS feeds into one compact timetable of the territory (format: docs/transit.md)."""
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import parse_date, service_days
from .gtfs import Feed, flag, minutes, number

FORMAT = 1
ON_DEMAND = (2, 3)  # pickup_type / drop_off_type: phone the agency, or arrange with the driver
MODES = {"0": "tram", "1": "metro", "2": "train", "3": "bus", "715": "tad"}
# Extended route types (100-199 rail, 200-299 coach, 400s metro, 700s bus, 900s tram).
RANGES = {1: "train", 2: "bus", 4: "metro", 7: "bus", 9: "tram"}


def mode(route_type: str) -> str:
    """Name a GTFS route type, basic or extended, as the app says it (bus by default)."""
    if route_type in MODES:
        return MODES[route_type]
    return RANGES.get(int(route_type) // 100, "bus") if route_type.isdigit() else "bus"


@dataclass(frozen=True)
class Area:
    """A bounding box (degrees): the territory whose stops are kept."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str) -> "Area":
        """Read 'south,west,north,east'."""
        values = [float(v) for v in text.split(",")]
        if len(values) != 4 or values[0] >= values[2] or values[1] >= values[3]:
            raise ValueError("zone attendue : sud,ouest,nord,est")
        return cls(*values)

    def contains(self, lat: float, lon: float) -> bool:
        """Tell whether a point lies in the box."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass
class Report:
    """What one feed gave, and what was left out and why (shown to the office)."""

    name: str
    trips: int = 0
    stops: int = 0
    warnings: list[str] = field(default_factory=list)


def interpolate(calls: list, places: dict) -> tuple[list, int]:
    """Give calls without times (non-timepoints) a time between their timed neighbours,
    in proportion to the straight-line distance; drop those at either end of the trip."""
    timed = [i for i, call in enumerate(calls) if call[2] is not None]
    if len(timed) == len(calls):
        return calls, 0
    out = list(calls)
    for before, after in zip(timed, timed[1:]):
        if after - before < 2:
            continue
        steps = [0.0]
        for i in range(before, after):
            (_, a_lat, a_lon), (_, b_lat, b_lon) = places[calls[i][1]], places[calls[i + 1][1]]
            steps.append(steps[-1] + math.hypot(b_lat - a_lat,
                                                (b_lon - a_lon) * math.cos(math.radians(a_lat))))
        start, end = calls[before][3], calls[after][2]
        for k in range(1, after - before):
            t = round(start + (end - start) * (steps[k] / steps[-1] if steps[-1] else
                                               k / (after - before)))
            out[before + k] = (*calls[before + k][:2], t, t, *calls[before + k][4:])
    kept = [call for call in out if call[2] is not None]
    return kept, len(out) - len(kept)


class Interner:
    """Give each distinct value a small index, in order of first use."""

    def __init__(self):
        self.index: dict = {}
        self.values: list = []

    def __call__(self, key, value=None) -> int:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(key if value is None else value)
        return self.index[key]


class Builder:
    """Accumulate feeds (ids namespaced per feed) into one timetable."""

    def __init__(self, area: Area, today: date, days: int):
        # The window starts the day before: its trips past midnight still run this morning.
        self.area, self.today, self.start, self.days = area, today, today - timedelta(1), days + 1
        self.feeds: list[dict] = []
        self.stops, self.routes, self.agencies = Interner(), Interner(), Interner()
        self.phones, self.headsigns, self.services, self.patterns = (Interner(), Interner(),
                                                                     Interner(), Interner())
        self.trips: list[list] = []

    def add(self, feed: Feed, meta: dict) -> Report:
        """Add one feed; `meta` holds its name, licence and source as the office gave them."""
        report = Report(meta["name"])
        fi = len(self.feeds)
        info = next(feed.rows("feed_info.txt"), {})
        bits, first, last = service_days(feed, self.start, self.days)
        valid_from = parse_date(info.get("feed_start_date", "")) or first
        valid_to = parse_date(info.get("feed_end_date", "")) or last
        # Not the import's time: the same data imported again keeps its version (no download).
        shown = {k: v for k, v in meta.items() if k != "imported_at"}
        self.feeds.append({**shown, "publisher": info.get("feed_publisher_name") or None,
                           "valid_from": valid_from and valid_from.isoformat(),
                           "valid_to": valid_to and valid_to.isoformat()})
        agencies = {row.get("agency_id", ""): row for row in feed.rows("agency.txt")}
        default_agency = next(iter(agencies), "")
        booking = {row["booking_rule_id"]: row.get("phone_number", "")
                   for row in feed.rows("booking_rules.txt") if row.get("booking_rule_id")}
        places = self._places(feed, report)
        routes = {row["route_id"]: row for row in feed.rows("routes.txt") if row.get("route_id")}
        trips = {}
        for row in feed.rows("trips.txt"):
            days = bits.get(row.get("service_id", ""))
            if days and "1" in days and row.get("route_id") in routes and row.get("trip_id"):
                trips[row["trip_id"]] = row
        calls, origins = self._calls(feed, trips, places)
        untimed = 0
        frequencies: dict[str, list[tuple[int, int, int]]] = {}
        for row in feed.rows("frequencies.txt"):
            begin, end = minutes(row.get("start_time", "")), minutes(row.get("end_time", ""))
            step = number(row.get("headway_secs", ""))
            if row.get("trip_id") in trips and begin is not None and end and step and step >= 60:
                frequencies.setdefault(row["trip_id"], []).append((begin, end, round(step / 60)))
        for trip_id, stops in calls.items():
            stops.sort(key=lambda call: call[0])
            stops, dropped = interpolate(stops, places)
            untimed += dropped
            if len(stops) < 2:
                continue
            trip = trips[trip_id]
            route = routes[trip["route_id"]]
            agency_key = route.get("agency_id") or default_agency
            agency = agencies.get(agency_key, {})
            agency_index = self.agencies((fi, agency_key), [
                agency.get("agency_name") or meta["name"],
                self._phone(agency.get("agency_phone")), fi])
            route_index = self.routes((fi, trip["route_id"]), [
                agency_index, route.get("route_short_name", ""), route.get("route_long_name", ""),
                mode(route.get("route_type", ""))])
            service = self.services((fi, trip["service_id"]), bits[trip["service_id"]])
            headsign = self.headsigns(trip.get("trip_headsign") or route.get("route_long_name")
                                      or route.get("route_short_name") or "")
            pattern = self._pattern(fi, stops, places, booking, agency.get("agency_phone"))
            times, previous = [], None
            for _, _, arr, dep, *_ in stops:
                times += [arr if previous is None else max(0, arr - previous), dep - arr]
                previous = dep
            # frequencies.txt: the trip's times are a model, run from each start by headway.
            firsts = ([times[0]] if trip_id not in frequencies else
                      [t + times[0] - origins[trip_id] for begin, end, step
                       in frequencies[trip_id] for t in range(begin, end, step)])
            for first_time in firsts:
                self.trips.append([route_index, service, pattern, headsign, first_time,
                                   *times[1:]])
                report.trips += 1
        if untimed:
            report.warnings.append(f"{untimed} passage(s) sans horaire ignoré(s) (en bout de "
                                   "course, l'heure ne peut pas être estimée).")
        report.stops = len({s[1] for stops in calls.values() if len(stops) > 1 for s in stops})
        return report

    def _places(self, feed: Feed, report: Report) -> dict[str, tuple[str, float, float]]:
        """Return the territory's boarding points: own coordinates, else their station's."""
        rows = {row["stop_id"]: row for row in feed.rows("stops.txt") if row.get("stop_id")}
        places, dropped = {}, []
        for stop_id, row in rows.items():
            if row.get("location_type", "") not in ("", "0"):
                continue
            lat, lon = number(row.get("stop_lat", "")), number(row.get("stop_lon", ""))
            if lat is None or lon is None or (lat == 0 and lon == 0):
                parent = rows.get(row.get("parent_station", ""), {})
                lat, lon = number(parent.get("stop_lat", "")), number(parent.get("stop_lon", ""))
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                dropped.append(row.get("stop_name") or stop_id)
                continue
            if self.area.contains(lat, lon):
                places[stop_id] = (row.get("stop_name") or stop_id, round(lat, 5), round(lon, 5))
        if dropped:
            report.warnings.append(f"{len(dropped)} arrêt(s) sans coordonnées ignoré(s) : "
                                   + ", ".join(dropped[:5]) + ("…" if len(dropped) > 5 else ""))
        return places

    @staticmethod
    def _calls(feed: Feed, trips: dict, places: dict):
        """Read stop_times: the territory's calls per trip, and each trip's first time."""
        calls: dict[str, list] = {}
        origins: dict[str, tuple[int, int]] = {}
        wanted = ("trip_id", "stop_sequence", "arrival_time", "departure_time", "stop_id",
                  "pickup_type", "drop_off_type", "pickup_booking_rule_id",
                  "drop_off_booking_rule_id")
        # The largest file by far: read as tuples of the needed columns, not dicts.
        for (trip_id, seq_text, arr_text, dep_text, stop_id, pickup, drop_off, pick_rule,
             drop_rule) in feed.columns("stop_times.txt", wanted):
            if trip_id not in trips:
                continue
            seq = int(seq_text) if seq_text.isdigit() else int(number(seq_text) or 0)
            arr, dep = minutes(arr_text), minutes(dep_text)
            arr, dep = arr if arr is not None else dep, dep if dep is not None else arr
            if arr is not None:
                known = origins.get(trip_id)
                if known is None or seq < known[0]:
                    origins[trip_id] = (seq, arr)
            if stop_id not in places:
                continue
            calls.setdefault(trip_id, []).append((
                seq, stop_id, arr, dep if arr is None else max(dep, arr), flag(pickup),
                flag(drop_off), pick_rule or drop_rule))
        return calls, {t: o[1] for t, o in origins.items()}

    def _phone(self, value: str | None) -> int:
        return self.phones(value.strip()) if value and value.strip() else -1

    def _pattern(self, fi: int, stops: list, places: dict, booking: dict,
                 agency_phone: str | None) -> int:
        """Index the trip's stop sequence with its pickup/drop-off rules and numbers to call."""
        ids = tuple(self.stops((fi, s[1]), list(places[s[1]])) for s in stops)
        pickups, drops = tuple(s[4] for s in stops), tuple(s[5] for s in stops)
        phones = tuple(self._phone(booking.get(s[6]) or agency_phone)
                       if s[4] in ON_DEMAND or s[5] in ON_DEMAND else -1 for s in stops)
        body = {"s": list(ids)}
        if any(pickups) or any(drops):
            body.update(p=list(pickups), d=list(drops))
        if any(p >= 0 for p in phones):
            body["b"] = list(phones)
        return self.patterns((ids, pickups, drops, phones), body)

    def result(self) -> dict:
        """Return the timetable (without its version, which the store computes)."""
        ends = [parse_date((f["valid_to"] or "").replace("-", "")) for f in self.feeds]
        last = self.start + timedelta(days=self.days - 1)
        known = [d for d in ends if d]
        return {
            "format": FORMAT, "start": self.start.isoformat(), "days": self.days,
            "valid_from": self.today.isoformat(),
            "valid_to": min([last, max(known)] if known else [last]).isoformat(),
            "feeds": self.feeds, "phones": self.phones.values, "agencies": self.agencies.values,
            "routes": self.routes.values, "stops": self.stops.values,
            "headsigns": self.headsigns.values, "services": self.services.values,
            "patterns": self.patterns.values, "trips": sorted(self.trips,
                                                              key=lambda t: (t[2], t[4])),
        }
