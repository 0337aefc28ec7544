"""Rate limits counted in the database, so every server worker sees the same counters."""
import hmac
import ipaddress
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import RateEvent
from ..models.base import utcnow


class RateLimited(Exception):
    """Too many attempts; `retry_after` seconds to wait (429)."""

    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


def rate_key(kind: str, value: str, secret: str) -> str:
    """Return the rate-limit key of an e-mail or address, keyed so it cannot be reversed."""
    # A bare hash of an IPv4 address is reversed by trying all 2^32 of them: use an HMAC.
    digest = hmac.new(secret.encode(), value.lower().encode("utf-8", "replace"), "sha256")
    return f"{kind}:{digest.hexdigest()[:40]}"


def address_of(remote_addr: str | None) -> str:
    """Return the address a limit counts: an IPv6 client owns its whole /64, not one address."""
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return remote_addr or "?"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_count(session: Session, key: str, window: int) -> tuple[int, datetime | None]:
    """Count events under key in the last `window` seconds, with the oldest one's time."""
    since = utcnow() - timedelta(seconds=window)
    count, oldest = session.execute(
        select(func.count(RateEvent.id), func.min(RateEvent.at))
        .where(RateEvent.key == key, RateEvent.at > since)).one()
    return count, oldest


def rate_hit(session: Session, key: str, window: int) -> None:
    """Record one event and forget those older than the window."""
    session.add(RateEvent(key=key))
    session.execute(delete(RateEvent).where(
        RateEvent.key == key, RateEvent.at < utcnow() - timedelta(seconds=window)))


def retry_after(oldest: datetime | None, window: int) -> int:
    """Return the seconds until the oldest event of a full window leaves it."""
    if oldest is None:
        return window
    return max(1, int((oldest + timedelta(seconds=window) - utcnow()).total_seconds()) + 1)


def check_limit(session: Session, keys: Iterable[str], window: int, limit: int) -> None:
    """Raise RateLimited when any key already holds `limit` events in the window."""
    since = utcnow() - timedelta(seconds=window)
    wait = 0
    for key in keys:
        count, _ = rate_count(session, key, window)
        if count < limit:
            continue
        # Workers racing may have gone past the limit: wait until enough events leave for
        # one more attempt, i.e. until the (count - limit + 1)-th oldest one is out.
        moment = session.scalars(
            select(RateEvent.at).where(RateEvent.key == key, RateEvent.at > since)
            .order_by(RateEvent.at).offset(count - limit).limit(1)).first()
        wait = max(wait, retry_after(moment, window))
    if wait:
        raise RateLimited(wait)
