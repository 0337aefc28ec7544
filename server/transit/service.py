"""Import feeds and publish the timetable, as the CLI and the coordinator's screen do it."""
import os
from datetime import date

from flask import current_app

from . import store
from .build import Area
from .gtfs import FeedError
from .sources import download, is_url

LICENCE_MAX = 200


def feed_meta(name: str, licence: str | None, licence_url: str | None, source: str,
              fictional: bool = False) -> dict:
    """Check and return what the office says about a feed (shown to everyone with it)."""
    name = (name or "").strip()
    if not 0 < len(name) <= 80 or "\x00" in name:
        raise FeedError("Donnez un nom au réseau (80 caractères au plus).")
    licence = (licence or "").strip() or "Licence non précisée"
    if len(licence) > LICENCE_MAX or "\x00" in licence:
        raise FeedError("Licence trop longue.")
    if licence_url and (not is_url(licence_url) or len(licence_url) > 500):
        raise FeedError("Le lien de la licence doit commencer par http:// ou https://.")
    # A local path says nothing useful to the public and may reveal the server's folders.
    shown = source if is_url(source) else os.path.basename(source)
    return {"name": name, "licence": licence, "licence_url": licence_url or None,
            "source": shown[:500], "fictional": fictional}


def import_feed(source: str, meta: dict, instance: str | None = None,
                public_only: bool = False) -> dict:
    """Fetch one feed (file path or URL), keep it under its name; don't publish yet.

    A real feed replaces the fictional demo, which must never be mixed with real times.
    """
    instance = instance or current_app.instance_path
    path = download(source, public_only=public_only) if is_url(source) else source
    try:
        saved = store.save_feed(instance, path, meta)
    finally:
        if path != source:
            os.unlink(path)
    if not meta.get("fictional"):  # real times never sit beside the fictional demo
        for kept, _ in store.stored_feeds(instance):
            if kept.get("fictional"):
                store.remove_feed(instance, kept["name"])
    return saved


def publish(today: date | None = None) -> dict:
    """Rebuild and publish the timetable from the kept feeds, with the app's area and days."""
    config = current_app.config
    return store.publish(current_app.instance_path, Area.parse(config["TRANSIT_AREA"]),
                         today or date.today(), config["TRANSIT_DAYS"])


def remove(name: str) -> dict | None:
    """Forget a feed and republish from the others; None when none is left (unpublished)."""
    instance = current_app.instance_path
    if not store.remove_feed(instance, name):
        raise LookupError(name)
    if not store.stored_feeds(instance):
        store.unpublish(instance)
        return None
    return publish()


def install_demo(today: date) -> dict | None:
    """Install the fictional demo timetable unless real feeds are there; publish."""
    import tempfile

    from ..seed import demo_transit

    instance = current_app.instance_path
    if any(not meta.get("fictional") for meta, _ in store.stored_feeds(instance)):
        return None  # real feeds were imported: the demo must not mix with them
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "demo.zip")
        demo_transit.build(path, today)
        meta = feed_meta(demo_transit.NAME, demo_transit.LICENCE, demo_transit.LICENCE_URL,
                         "demo.zip", fictional=True)
        store.save_feed(instance, path, meta)
    return publish(today)
