"""Read a GTFS zip as streams of rows, tolerant of what real feeds do."""
import csv
import io
import zipfile
from collections.abc import Iterator

# Files a usable feed needs; calendar.txt or calendar_dates.txt is checked on its own.
REQUIRED = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")


class FeedError(ValueError):
    """A file that is not a usable GTFS feed (the message is in French, for the office)."""


class Feed:
    """One GTFS zip: its files by name, read lazily as dicts of stripped strings."""

    def __init__(self, path: str):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise FeedError("Ce fichier n'est pas une archive ZIP GTFS.") from None
        # Some producers nest the files in a folder: index them by their base name.
        self.names = {}
        for info in self.zip.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith(".txt") and base not in self.names:
                self.names[base] = info.filename
        missing = [name for name in REQUIRED if name not in self.names]
        if missing:
            raise FeedError(f"Fichier(s) GTFS manquant(s) : {', '.join(missing)}.")
        if "calendar.txt" not in self.names and "calendar_dates.txt" not in self.names:
            raise FeedError("Il faut calendar.txt ou calendar_dates.txt.")

    def has(self, name: str) -> bool:
        """Tell whether the feed holds this file."""
        return name in self.names

    def rows(self, name: str) -> Iterator[dict[str, str]]:
        """Yield the rows of one file (empty when absent); BOM and stray spaces removed."""
        if name not in self.names:
            return
        with self.zip.open(self.names[name]) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.reader(text)
            header = [h.strip() for h in next(reader, [])]
            for values in reader:
                if not values or values == [""]:
                    continue
                yield {key: (values[i].strip() if i < len(values) else "")
                       for i, key in enumerate(header)}

    def columns(self, name: str, wanted: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """Yield only some columns of a large file, as tuples in `wanted` order ("" if absent)."""
        if name not in self.names:
            return
        with self.zip.open(self.names[name]) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.reader(text)
            header = [h.strip() for h in next(reader, [])]
            at = [header.index(w) if w in header else None for w in wanted]
            width = max((i for i in at if i is not None), default=-1) + 1
            for values in reader:
                if len(values) < width:
                    values = values + [""] * (width - len(values))
                yield tuple(values[i].strip() if i is not None else "" for i in at)

    def close(self) -> None:
        """Close the archive."""
        self.zip.close()


def minutes(value: str) -> int | None:
    """Turn a GTFS time (H:MM:SS, past 24:00 allowed) into minutes of the service day."""
    if not value:
        return None
    parts = value.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    h, m, s = (int(p) for p in parts)
    if m > 59 or s > 59 or h > 47:
        return None
    return h * 60 + m + (1 if s >= 30 else 0)


def number(value: str) -> float | None:
    """Read a decimal, None when empty or not a finite number."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if out == out and abs(out) != float("inf") else None


def flag(value: str) -> int:
    """Read a 0-3 enumeration (pickup_type, drop_off_type), 0 when empty or unknown."""
    return int(value) if value in ("0", "1", "2", "3") else 0
