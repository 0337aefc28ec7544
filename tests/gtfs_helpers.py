"""Zip the GTFS fixtures and read a published timetable back as plain trips."""
import zipfile
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gtfs"


def zipped(name: str, folder: Path) -> str:
    """Zip tests/fixtures/gtfs/<name>/ into `folder` and return the archive's path."""
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted((FIXTURES / name).iterdir()):
            archive.write(file, file.name)
    return str(path)


def clock(minutes: int) -> str:
    """Write minutes after the service day's start as H:MM (past 24:00 kept)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def trips(tt: dict) -> list[dict]:
    """Decode every trip: route, headsign, stops by name, times, dates it runs, rules."""
    start = date.fromisoformat(tt["start"])
    out = []
    for route, service, pattern, headsign, first, *deltas in tt["trips"]:
        p = tt["patterns"][pattern]
        agency = tt["agencies"][tt["routes"][route][0]]
        times, t = [], first
        values = [first, *deltas]
        for i in range(len(p["s"])):
            arr = t if i == 0 else t + values[2 * i]
            dep = arr + values[2 * i + 1]
            times.append((clock(arr), clock(dep)))
            t = dep
        bits = tt["services"][service]
        out.append({
            "route": tt["routes"][route][1], "mode": tt["routes"][route][3],
            "agency": agency[0], "feed": tt["feeds"][agency[2]]["name"],
            "headsign": tt["headsigns"][headsign],
            "stops": [tt["stops"][s][0] for s in p["s"]], "times": times,
            "dates": [(start + timedelta(days=i)).isoformat() for i, b in enumerate(bits)
                      if b == "1"],
            "pickup": p.get("p"), "drop_off": p.get("d"),
            "phones": [tt["phones"][b] if b >= 0 else None for b in p["b"]] if "b" in p else None,
        })
    return out
