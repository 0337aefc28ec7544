"""Keep imported feeds and the published timetable in the instance folder (atomic writes)."""
import gzip
import hashlib
import json
import os
import re
import shutil
import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path

from .build import Area, Builder
from .gtfs import Feed, FeedError

TIMETABLE = "timetable.json.gz"
CURRENT = "current.json"


def folder(instance: str) -> Path:
    """Return (and create) the transit folder of the instance."""
    path = Path(instance) / "transit"
    (path / "feeds").mkdir(parents=True, exist_ok=True)
    return path


def slug(name: str) -> str:
    """Make a file-safe key of a feed's name."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "flux"


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # readers see the old file or the new one, never half of it


def save_feed(instance: str, zip_path: str, meta: dict) -> dict:
    """Check a GTFS zip and keep it under its feed's name (replacing an earlier import)."""
    Feed(zip_path).close()  # refuses what is not a GTFS zip before anything is replaced
    key = slug(meta["name"])
    feeds = folder(instance) / "feeds"
    tmp = feeds / f"{key}.zip.tmp"
    shutil.copyfile(zip_path, tmp)
    os.replace(tmp, feeds / f"{key}.zip")
    meta = {**meta, "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    _write(feeds / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode())
    return meta


def remove_feed(instance: str, name: str) -> bool:
    """Forget a feed; tell whether it was there."""
    feeds = folder(instance) / "feeds"
    found = False
    for suffix in (".zip", ".json"):
        path = feeds / f"{slug(name)}{suffix}"
        if path.exists():
            path.unlink()
            found = True
    return found


def stored_feeds(instance: str) -> list[tuple[dict, Path]]:
    """Return every kept feed's description and archive, by name."""
    feeds = folder(instance) / "feeds"
    out = []
    for meta_path in sorted(feeds.glob("*.json")):
        archive = meta_path.with_suffix(".zip")
        if archive.exists():
            out.append((json.loads(meta_path.read_text()), archive))
    return out


def publish(instance: str, area: Area, today: date, days: int) -> dict:
    """Build the timetable from every kept feed and publish it under a new version."""
    builder = Builder(area, today, days)
    reports = []
    for meta, archive in stored_feeds(instance):
        feed = Feed(str(archive))
        try:
            reports.append({**builder.add(feed, meta).__dict__, "licence": meta["licence"],
                            "fictional": meta.get("fictional", False)})
        finally:
            feed.close()
    if not reports:
        raise FeedError("Aucun réseau importé.")
    body = builder.result()
    canonical = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    version = hashlib.sha256(canonical).hexdigest()[:16]
    data = json.dumps({"version": version, **body}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    path = folder(instance)
    _write(path / TIMETABLE, gzip.compress(data, compresslevel=9, mtime=0))
    current = {"version": version, "generated_at": datetime.now(timezone.utc).isoformat(
        timespec="seconds"), "valid_from": body["valid_from"], "valid_to": body["valid_to"],
        "size": len(data), "gzip_size": (path / TIMETABLE).stat().st_size,
        "stops": len(body["stops"]), "trips": len(body["trips"]), "feeds": reports}
    _write(path / CURRENT, json.dumps(current, ensure_ascii=False).encode())
    return current


def unpublish(instance: str) -> None:
    """Withdraw the published timetable (no feed is left to build it from)."""
    for name in (CURRENT, TIMETABLE):
        (folder(instance) / name).unlink(missing_ok=True)


def current(instance: str) -> dict | None:
    """Return the published timetable's summary, None before the first import."""
    path = folder(instance) / CURRENT
    return json.loads(path.read_text()) if path.exists() else None


def compressed(instance: str) -> bytes | None:
    """Return the published timetable, gzip-compressed."""
    path = folder(instance) / TIMETABLE
    return path.read_bytes() if path.exists() else None
