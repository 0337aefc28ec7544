"""Public-transport timetable: the published version for the app, imports for the office."""
import gzip
import os
import tempfile

from flask import Blueprint, current_app, request

from ..errors import ApiError
from ..jsonbody import read_object
from ..transit import store
from ..transit.sources import is_url
from ..transit.service import feed_meta, import_feed, publish, remove
from .guard import require

bp = Blueprint("transit", __name__)
UPLOAD_MAX = 200 * 1024 * 1024  # a regional feed; the default body limit is 10 MB


@bp.get("/transit")
def summary():
    """Describe the published timetable: version, validity, feeds and their licences."""
    current = store.current(current_app.instance_path)
    if current is None:
        raise ApiError("Aucun horaire de transport n'est encore publié.", 404)
    return current, 200, {"Cache-Control": "no-cache"}


@bp.get("/transit/timetable")
def timetable():
    """Send the compact timetable; ETag is its version, so an unchanged copy costs a 304."""
    current = store.current(current_app.instance_path)
    body = store.compressed(current_app.instance_path)
    if current is None or body is None:
        raise ApiError("Aucun horaire de transport n'est encore publié.", 404)
    headers = {"ETag": f'"{current["version"]}"', "Cache-Control": "no-cache",
               "Vary": "Accept-Encoding"}
    if current["version"] in request.if_none_match:
        return "", 304, headers
    if "gzip" in request.headers.get("Accept-Encoding", "").lower():
        headers["Content-Encoding"] = "gzip"  # stored compressed: sent as it is
    else:
        body = gzip.decompress(body)
    return current_app.response_class(body, 200, headers, mimetype="application/json")


def _form_text(name: str) -> str | None:
    value = request.form.get(name)
    if value is not None and (len(value) > 500 or "\x00" in value):
        raise ApiError(f"Champ « {name} » invalide.", field=name)
    return value


@bp.post("/transit/import")
@require("coordinator")
def import_timetable():
    """Import one GTFS feed (an uploaded zip or a URL) under its name, then republish."""
    request.max_content_length = UPLOAD_MAX
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ApiError("Choisissez un fichier GTFS (.zip).", field="file")
        meta = feed_meta(_form_text("name") or "", _form_text("licence"),
                         _form_text("licence_url"), upload.filename)
        fd, path = tempfile.mkstemp(suffix=".zip")
        try:
            with os.fdopen(fd, "wb") as out:
                upload.save(out)
            import_feed(path, meta)
        finally:
            os.unlink(path)
    else:
        body = read_object()
        values = {k: body.get(k) for k in ("url", "name", "licence", "licence_url")}
        if not all(v is None or isinstance(v, str) for v in values.values()):
            raise ApiError("Champs texte attendus.")
        if not values["url"] or len(values["url"]) > 500 or not is_url(values["url"]):
            raise ApiError("Donnez l'adresse http(s) du fichier GTFS.", field="url")
        meta = feed_meta(values["name"] or "", values["licence"], values["licence_url"],
                         values["url"])
        # From the web app: never a request into the server's own network (sources.py).
        import_feed(values["url"], meta, public_only=True)
    return publish()


@bp.delete("/transit/feeds/<name>")
@require("coordinator")
def remove_feed(name: str):
    """Forget one feed by its name and publish the timetable again without it."""
    if len(name) > 80 or "\x00" in name:
        raise ApiError("Nom de réseau invalide.", field="name")
    try:
        published = remove(name)
    except LookupError:
        raise ApiError(f"Aucun réseau nommé « {name} ».", 404) from None
    return {"removed": name, "published": published}
