"""Configuration read from the environment (secrets never live in the repository)."""
import os
from datetime import timedelta


class Config:
    """Defaults for every deployment; each value can be overridden by the environment."""

    DATABASE_URL = os.environ.get("DATABASE_URL")  # None: SQLite file in the instance folder
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: generated into the instance folder
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY")
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=int(os.environ.get("ACCESS_TOKEN_MINUTES", 15)))
    # A referent may stay offline for a whole day or a long weekend: refresh tokens last longer.
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=int(os.environ.get("REFRESH_TOKEN_DAYS", 14)))
    # A session (one sign-in) ends this long after it began, however often it was refreshed.
    SESSION_MAX_DAYS = int(os.environ.get("SESSION_MAX_DAYS", 30))
    JWT_TOKEN_LOCATION = ["headers"]
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SCHEMA_VERSION = 1
    OLDEST_SCHEMA_VERSION = 1
    MAX_MUTATIONS = 1000
    # Failed logins: at most this many per window, per account and per client address.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", 5))
    LOGIN_WINDOW_SECONDS = int(os.environ.get("LOGIN_WINDOW_SECONDS", 900))
    CALLBACK_MAX_PER_HOUR = int(os.environ.get("CALLBACK_MAX_PER_HOUR", 5))
    # Devices whose session ended ask whether they were revoked, per client address.
    DEVICE_STATUS_MAX_PER_HOUR = int(os.environ.get("DEVICE_STATUS_MAX_PER_HOUR", 60))
    # Behind a reverse proxy (HTTPS), trust this many X-Forwarded-* hops.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", 0))
    # Files without contact for this many years are anonymised (privacy-retention job).
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", 2))
    AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", 365))
    RESOLVED_CONFLICT_DAYS = int(os.environ.get("RESOLVED_CONFLICT_DAYS", 90))
    PWA_DIR = os.environ.get("PWA_DIR")  # None: the repository's pwa/ folder
    # Public transport ("Comment y aller"): the territory kept from the GTFS feeds, as
    # south,west,north,east in degrees (Lons-le-Saunier, Oyonnax, the Haut-Jura), and the
    # number of days of timetable published from today.
    TRANSIT_AREA = os.environ.get("TRANSIT_AREA", "46.15,5.30,46.85,6.20")
    TRANSIT_DAYS = int(os.environ.get("TRANSIT_DAYS", 30))
