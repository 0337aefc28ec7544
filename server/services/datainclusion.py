"""Share the catalogue in the data·inclusion v1 format, and load a partner's data."""
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sync import Engine

from ..models import Offer, Partner
from ..tables.fields import Link
from ..tables.links import is_safe_link
from ..schemas.tables import OfferSchema, PartnerSchema
from .system import edit, system_push

SOURCE = "mobilite-haut-jura"
_IMPORTED = uuid.UUID("5d1c8f0e-7b1a-4f0e-8c55-2f6b9f3c1a77")
# Local extensions that are not data·inclusion fields.
LOCAL_ONLY = {"falc", "age_min", "age_max", "last_checked_at", "check_every_days", "commune",
              "code_postal", "site_web", "horaires_texte"}
STRUCTURE_FIELDS = sorted(set(PartnerSchema._declared_fields) - {"last_checked_at",
                                                                 "check_every_days",
                                                                 "horaires_texte"})
SERVICE_FIELDS = sorted(set(OfferSchema._declared_fields) - LOCAL_ONLY)
LINKS = {name for schema in (PartnerSchema, OfferSchema)
         for name, field in schema._declared_fields.items() if isinstance(field, Link)}


def _plain(record, names) -> dict:
    out = {"id": record.id, "source": SOURCE}
    for name in names:
        value = getattr(record, name)
        if name in LINKS and value is not None and not is_safe_link(value):
            value = None  # stored before links were checked: never published as a link
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def export_structures(db: DbSession) -> list[dict]:
    """Return partners as data·inclusion structures."""
    rows = db.scalars(select(Partner).where(Partner.deleted.is_(False)).order_by(Partner.nom))
    return [_plain(r, STRUCTURE_FIELDS) for r in rows]


def export_services(db: DbSession) -> list[dict]:
    """Return offers as data·inclusion services (frais as a one-item list, as v1 has it)."""
    rows = db.scalars(select(Offer).where(Offer.deleted.is_(False)).order_by(Offer.nom))
    out = []
    for r in rows:
        item = _plain(r, SERVICE_FIELDS)
        item["frais"] = [r.frais] if r.frais else []
        out.append(item)
    return out


def _local_id(source: str, foreign: str) -> str:
    """Keep a UUID as it is; give any other id a stable UUID of its own."""
    try:
        return str(uuid.UUID(foreign)) if len(foreign) == 36 else str(
            uuid.uuid5(_IMPORTED, f"{source}/{foreign}"))
    except ValueError:
        return str(uuid.uuid5(_IMPORTED, f"{source}/{foreign}"))


def _fields(item: dict, allowed: list[str], source: str) -> dict:
    fields = {k: v for k, v in item.items() if k in allowed}
    for name in LINKS & fields.keys():
        # Blanks around a pasted address are a slip; anything else is judged by the schema.
        if isinstance(fields[name], str):
            fields[name] = fields[name].strip() or None
    if isinstance(fields.get("frais"), list):  # v1 lists fees; we keep the first
        fields["frais"] = fields["frais"][0] if fields["frais"] else None
    if fields.get("structure_id"):
        fields["structure_id"] = _local_id(source, str(fields["structure_id"]))
    return fields


def import_catalogue(db: DbSession, engine: Engine, structures: list, services: list,
                     source: str) -> dict:
    """Create or update partners and offers from data·inclusion records; return results."""
    plan = [("partners", Partner, structures, STRUCTURE_FIELDS),
            ("offers", Offer, services, SERVICE_FIELDS)]
    report = {}
    for table, model, items, allowed in plan:
        mutations, errors = [], []
        for n, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)):
                errors.append({"index": n, "errors": {"id": ["Identifiant manquant."]}})
                continue
            row_id = _local_id(source, str(item["id"])[:200])
            current = db.get(model, row_id)
            fields = _fields(item, allowed, source)
            base = current.version if current is not None else None
            mutation = edit(table, row_id, base or 0, fields, f"import/{source}")
            mutation["base_version"] = base
            mutation["id"] = str(uuid.uuid4())  # each import is a new change
            mutations.append(mutation)
        results = system_push(db, engine, f"import-{source}"[:200], mutations)
        errors += [{"row_id": r["row_id"], "errors": r["errors"]}
                   for r in results if r["status"] == "rejected"]
        report[table] = {"imported": sum(r["status"] in ("applied", "merged") for r in results),
                         "rejected": errors}
    return report
