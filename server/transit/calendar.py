"""Expand GTFS calendars into the service days of a window (calendar_dates alone allowed)."""
from datetime import date, timedelta

from .gtfs import Feed

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_date(value: str) -> date | None:
    """Read a GTFS date (YYYYMMDD), None when malformed."""
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def service_days(feed: Feed, start: date, days: int) -> tuple[dict[str, str], date | None,
                                                              date | None]:
    """Return each service's running days in the window as a '0'/'1' string, and the feed's span."""
    window = [start + timedelta(days=i) for i in range(days)]
    bits: dict[str, list[str]] = {}
    first = last = None

    def span(d: date) -> None:
        nonlocal first, last
        first = d if first is None or d < first else first
        last = d if last is None or d > last else last

    for row in feed.rows("calendar.txt"):
        begin, end = parse_date(row.get("start_date", "")), parse_date(row.get("end_date", ""))
        if begin is None or end is None or not row.get("service_id"):
            continue
        span(begin), span(end)
        runs = [row.get(name) == "1" for name in WEEKDAYS]
        bits[row["service_id"]] = ["1" if begin <= d <= end and runs[d.weekday()] else "0"
                                   for d in window]
    for row in feed.rows("calendar_dates.txt"):
        day, kind = parse_date(row.get("date", "")), row.get("exception_type")
        if day is None or kind not in ("1", "2") or not row.get("service_id"):
            continue
        if kind == "1":
            span(day)
        index = (day - start).days
        if 0 <= index < days:
            bits.setdefault(row["service_id"], ["0"] * days)[index] = "1" if kind == "1" else "0"
    return {sid: "".join(b) for sid, b in bits.items()}, first, last
