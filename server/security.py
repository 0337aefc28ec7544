"""Browser hardening headers on every answer, and no copy of private answers in any cache."""
from flask import Flask, request

# Nothing but the app's own files: no inline script or style, no plugin, no framing. The
# printable pages (server/templates) take their style and script from server/static.
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "font-src 'self'", "manifest-src 'self'", "worker-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
# Powerful features the app never uses (it asks for no position: the youth space filters by
# commune), refused to the page and to anything it could embed.
DENIED_FEATURES = ("accelerometer", "autoplay", "camera", "display-capture",
                   "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid",
                   "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
                   "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
                   "xr-spatial-tracking")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": ", ".join(f"{name}=()" for name in DENIED_FEATURES),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"
# The open catalogue and the API's own description: the same for everyone, so a cache may
# keep them (the offers list revalidates with its ETag). Every other /api/ answer is about
# people or accounts, or says who may see what: no browser or proxy keeps a copy.
PUBLIC_API = frozenset({
    "catalogue.offers", "catalogue.partners", "catalogue.public_sessions", "openapi.openapi",
    "health.health", "datainclusion.structures", "datainclusion.services",
    "transit.summary", "transit.timetable",
})


def _harden(response):
    """Add the security headers, HSTS over HTTPS, and no-store on private API answers."""
    response.headers.update(HEADERS)
    if request.is_secure:  # behind a proxy, ProxyFix has read X-Forwarded-Proto
        response.headers["Strict-Transport-Security"] = HSTS
    if request.path.startswith("/api/") and request.endpoint not in PUBLIC_API:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Harden every response of the app, errors included."""
    app.after_request(_harden)
