"""The one place that maps exceptions to RFC 9457 problem+json responses."""
import logging

from flask import Flask, current_app, json, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from sync import SyncError

from .services.auth import AccountError, AuthError, DeviceRevoked, RateLimited
from .transit.gtfs import FeedError
from .extensions import db
from .rls import WallDown

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the API reports on purpose, with its HTTP status."""

    status = 400
    title = "Requête invalide"

    def __init__(self, detail: str, status: int | None = None, headers: dict | None = None,
                 **extra):
        super().__init__(detail)
        self.detail = detail
        self.status = status or self.status
        self.headers = headers or {}
        self.extra = extra


TITLES = {
    400: "Requête invalide", 401: "Authentification requise", 403: "Accès refusé",
    404: "Introuvable", 405: "Méthode non permise", 409: "Conflit", 413: "Requête trop grosse",
    415: "Type de contenu non pris en charge", 422: "Données invalides",
    429: "Trop de tentatives", 500: "Erreur interne",
}


def problem(status: int, detail: str, headers: dict | None = None, **extra):
    """Build an application/problem+json response."""
    body = {"type": "about:blank", "title": TITLES.get(status, "Erreur"), "status": status,
            "detail": detail, **extra}
    response = current_app.response_class(json.dumps(body), status=status,
                                   mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def api_methods() -> set[str]:
    """Return the methods the API itself serves at this path (not the web app's)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != "web.static_file":
            allowed.update({method, "OPTIONS"} | ({"HEAD"} if method == "GET" else set()))
    return allowed


def init_app(app: Flask) -> None:
    """Register the handlers that turn every error into a problem document."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return problem(exc.status, exc.detail, exc.headers, **exc.extra)

    @app.errorhandler(SyncError)
    def _sync_error(exc: SyncError):
        return problem(exc.status, exc.detail, code=exc.code, **exc.extra)

    @app.errorhandler(AuthError)
    def _auth_error(exc: AuthError):
        return problem(401, str(exc), code=exc.code)

    @app.errorhandler(RateLimited)
    def _rate_limited(exc: RateLimited):
        return problem(429, "Trop de tentatives. Réessayez plus tard.",
                       {"Retry-After": str(exc.retry_after)}, retry_after=exc.retry_after)

    @app.errorhandler(DeviceRevoked)
    def _device_revoked(exc: DeviceRevoked):
        return problem(403, "Cet appareil a été révoqué par la coordination.",
                       code="device_revoked")

    @app.errorhandler(AccountError)
    def _account_error(exc: AccountError):
        extra = {name: value for name, value in (("code", exc.code), ("field", exc.field))
                 if value}
        return problem(exc.status, str(exc), **extra)

    @app.errorhandler(WallDown)
    def _wall_down(exc: WallDown):
        return problem(503, "Plusieurs structures partagent cette base : les chiffres et les "
                       "exports attendent que l'application s'y connecte avec un rôle qui ne "
                       "possède pas les tables (sécurité par ligne). Voir docs/structures.md.",
                       code="row_security_off")

    @app.errorhandler(FeedError)
    def _feed_error(exc: FeedError):
        return problem(422, str(exc), code="gtfs")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = exc.code or 500
        # Keep the exception's own headers (Allow on a 405, Location on a redirect).
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        if code in (404, 405) and request.path.startswith("/api/"):
            # The web app's catch-all GET must neither hide a 405 nor widen Allow.
            allowed = api_methods()
            headers.pop("Allow", None)
            if allowed:
                code, headers["Allow"] = 405, ", ".join(sorted(allowed))
            else:
                code = 404
        detail = {404: "Cette adresse n'existe pas.",
                  405: "Méthode non permise pour cette adresse.",
                  413: "Le corps de la requête dépasse 10 Mo."}.get(code, exc.description)
        return problem(code, detail, headers)

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError):
        # A key the caller cannot see (another structure's row, hidden by the row-level
        # security) or two writers racing on a natural key: nothing was written.
        db.session.rollback()
        log.warning("integrity error refused (%s)", type(exc.orig).__name__)
        return problem(409, "Ces données entrent en conflit avec d'autres déjà enregistrées : "
                       "rien n'a été enregistré.", code="integrity")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # Log the type and place only: request bodies may hold personal data.
        log.error("unexpected %s", type(exc).__name__, exc_info=exc)
        return problem(500, "Une erreur inattendue est survenue.")
