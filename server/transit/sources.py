"""Fetch a GTFS feed from a URL or a local path into a temporary file, bounded in size."""
import ipaddress
import os
import socket
import tempfile
import urllib.request
from urllib.parse import urlparse

from .gtfs import FeedError

MAX_BYTES = 300 * 1024 * 1024  # a large regional feed is tens of MB


def is_url(source: str) -> bool:
    """Tell an http(s) address from a file path."""
    return urlparse(source).scheme in ("http", "https")


NOT_PUBLIC = "Adresse refusée : seules les adresses publiques d'Internet sont acceptées."


def check_public(url: str) -> None:
    """Refuse an address whose host is, or resolves to, a private or local network.

    An import asked from the web app must not make the server reach its own network (the
    database, a cloud's metadata service): loopback, private, link-local, multicast and
    reserved addresses are refused, for the first request and for every redirect.
    """
    host = urlparse(url).hostname
    if not host:
        raise FeedError("Adresse http(s) attendue.")
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        raise FeedError("Téléchargement impossible : adresse inconnue.") from None
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise FeedError(NOT_PUBLIC)


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another public address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise FeedError("Adresse http(s) attendue.")
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, limit: int = MAX_BYTES, timeout: int = 30,
             public_only: bool = False) -> str:
    """Download `url` into a temporary file and return its path (the caller removes it).

    `public_only`: the address (and every redirect) must be on the public Internet; the web
    app's import asks for it, the command line on the server does not.
    """
    if not is_url(url):
        raise FeedError("Adresse http(s) attendue.")
    opener = urllib.request.build_opener()
    if public_only:
        check_public(url)
        opener = urllib.request.build_opener(_PublicRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "mobilite-haut-jura/1"})
    fd, path = tempfile.mkstemp(suffix=".zip")
    try:
        with os.fdopen(fd, "wb") as out, opener.open(request, timeout=timeout) as response:
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
