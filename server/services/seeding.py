"""Load the demo data through the sync engine, so it gets versions like any write."""
import hashlib
import hmac
import uuid
from datetime import date

from sqlalchemy.orm import Session

from sync import Engine

from ..models import DEFAULT_STRUCTURE, Structure
from ..seed import (demo_data, demo_neighbour, demo_offers, demo_partners, demo_territory,
                    demo_year)
from ..territory import territory
from . import structure_territory, structures
from .auth import create_user
from .sync_store import SqlStore

_NAMESPACE = uuid.UUID("0b8e4a52-5f0e-4c1b-93f5-0d8c6a9e2f10")


class _System:
    """The actor behind tools: no account."""

    id = None
    role = "coordinator"


def _mutations(table: str, rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        fields = {k: v for k, v in row.items() if k != "id"}
        # A stable mutation id makes a second seed a no-op (answered "duplicate").
        mid = str(uuid.uuid5(_NAMESPACE, f"{table}/{row['id']}"))
        out.append({"id": mid, "table": table, "op": "upsert", "row_id": row["id"],
                    "base_version": None, "fields": fields})
    return out


def demo_password(secret: str, email: str) -> str:
    """Derive a demo password from the instance secret: stable, printed, never committed."""
    digest = hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()
    return f"demo-{digest[:12]}"


def seed_demo(session: Session, engine: Engine, secret: str, today: date,
              history: bool = True, neighbour: bool = True) -> dict:
    """Insert the demo catalogue, sessions, people and accounts; return what was done.

    `history` adds the fictional past year (seed/demo_year.py) the dashboard shows;
    `neighbour` the neighbouring structure (PostgreSQL only, seed/demo_neighbour.py).
    """
    structures.ensure_default(session)
    home = session.get(Structure, DEFAULT_STRUCTURE)
    if home.name == "Structure principale":  # the demo's is the Mission Locale Sud Jura
        home.name = "Mission Locale Sud Jura (démo)"
        (saint_claude,) = [c for c in territory().named("Saint-Claude")
                           if c.departement == "39"]
        home.code_insee = saint_claude.code
    _serve(session, DEFAULT_STRUCTURE, demo_territory.home())
    store = SqlStore(session, engine.specs, tenant=DEFAULT_STRUCTURE)
    batches = [("partners", demo_partners.PARTNERS), ("offers", demo_offers.OFFERS),
               ("sessions", demo_data.drop_in_sessions(today)),
               ("beneficiaries", demo_data.beneficiaries(today))]
    if history:
        batches += [(table, rows) for table, rows in demo_year.past_year(today).items()]
    counts = _push(session, engine, store, batches)
    accounts = _accounts(session, secret, demo_data.demo_accounts(), None)
    if neighbour and session.get_bind().dialect.name == "postgresql":  # several need it
        _neighbour(session, engine, secret, today, counts, accounts)
    return {"inserted": counts, "accounts": accounts}


def _serve(session, structure_id: str, codes: list[str]) -> None:
    """Give a demo structure its territory, unless it has one (an operator's stays)."""
    if not structure_territory.communes(session, structure_id):
        structure_territory.replace(session, structure_id, codes)
        session.commit()


def _push(session, engine, store, batches, counts=None) -> dict:
    counts = {} if counts is None else counts
    for table, rows in batches:
        for start in range(0, len(rows), 1000):  # the engine's batch limit
            results = engine.push(store, _System(), {
                "client_id": "seed-demo", "schema_version": engine.schema_range[1],
                "mutations": _mutations(table, rows[start:start + 1000])})["results"]
            bad = [r for r in results if r["status"] not in ("applied", "duplicate")]
            if bad:
                raise ValueError(f"demo {table} refused: {bad[0]}")
            counts[table] = counts.get(table, 0) + sum(r["status"] == "applied" for r in results)
    return counts


def _accounts(session, secret, listed, structure_id) -> list[dict]:
    out = []
    for account in listed:
        password = demo_password(secret, account["email"])
        create_user(session, account["email"], account["name"], account["role"], password,
                    account.get("partner_id"), structure_id)
        out.append({**account, "password": password})
    return out


def _neighbour(session, engine, secret, today, counts, accounts) -> None:
    """Add the neighbouring structure, its accounts and people (idempotent)."""
    if session.get(Structure, demo_neighbour.NEIGHBOUR) is None:
        structures.create(session, demo_neighbour.NAME, structure_id=demo_neighbour.NEIGHBOUR)
        session.commit()
    _serve(session, demo_neighbour.NEIGHBOUR, demo_territory.neighbour())
    store = SqlStore(session, engine.specs, tenant=demo_neighbour.NEIGHBOUR)
    _push(session, engine, store,
          [("beneficiaries", demo_neighbour.beneficiaries(today))], counts)
    accounts += _accounts(session, secret, demo_neighbour.accounts(), demo_neighbour.NEIGHBOUR)
