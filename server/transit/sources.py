"""Fetch a GTFS feed from a URL or a local path into a temporary file, bounded in size."""
import os
import tempfile
import urllib.request
from urllib.parse import urlparse

from .gtfs import FeedError

MAX_BYTES = 300 * 1024 * 1024  # a large regional feed is tens of MB


def is_url(source: str) -> bool:
    """Tell an http(s) address from a file path."""
    return urlparse(source).scheme in ("http", "https")


def download(url: str, limit: int = MAX_BYTES, timeout: int = 30) -> str:
    """Download `url` into a temporary file and return its path (the caller removes it)."""
    if not is_url(url):
        raise FeedError("Adresse http(s) attendue.")
    request = urllib.request.Request(url, headers={"User-Agent": "mobilite-haut-jura/1"})
    fd, path = tempfile.mkstemp(suffix=".zip")
    try:
        with (urllib.request.urlopen(request, timeout=timeout) as response,
              os.fdopen(fd, "wb") as out):
            copied = 0
            while chunk := response.read(1 << 16):
                copied += len(chunk)
                if copied > limit:
                    raise FeedError("Le fichier dépasse la taille permise.")
                out.write(chunk)
    except OSError as exc:
        os.unlink(path)
        raise FeedError(f"Téléchargement impossible : {exc.__class__.__name__}.") from None
    except FeedError:
        os.unlink(path)
        raise
    return path

