"""Share the catalogue in the data·inclusion v1 format, and load a partner's data.

Both ways are checked against the official schema (datainclusion_check.py): the export is
what the national platform accepts, and an import applies only the records it accepts, after
a preview of what would change.
"""
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from sync import Engine

from ..models import Offer, Partner
from ..tables.fields import Link
from ..tables.links import is_safe_link
from ..schemas.tables import OfferSchema, PartnerSchema
from ..territory import is_zone_code
from .datainclusion_check import V1_THEMATIQUES, check
from .system import edit, system_push

SOURCE = "mobilite-haut-jura"
_IMPORTED = uuid.UUID("5d1c8f0e-7b1a-4f0e-8c55-2f6b9f3c1a77")
# Local extensions that are not data·inclusion v1 service fields.
LOCAL_ONLY = {"falc", "age_min", "age_max", "last_checked_at", "check_every_days", "site_web",
              "horaires_texte"}
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
    # Required by the schema: the day of the last change when the record has no date of its own.
    out["date_maj"] = out.get("date_maj") or record.updated_at.date().isoformat()
    return out


def export_structures(db: DbSession) -> list[dict]:
    """Return partners as data·inclusion structures."""
    rows = db.scalars(select(Partner).where(Partner.deleted.is_(False)).order_by(Partner.nom))
    return [_plain(r, STRUCTURE_FIELDS) for r in rows]


def export_services(db: DbSession) -> list[dict]:
    """Return offers as data·inclusion services."""
    rows = db.scalars(select(Offer).where(Offer.deleted.is_(False)).order_by(Offer.nom))
    out = []
    for r in rows:
        item = _plain(r, SERVICE_FIELDS)
        # Required: the plain-words text stands in for a missing description.
        item["description"] = r.description or r.falc or r.nom
        # A zone lists codes (commune, EPCI, département, "france"); free words are not one.
        zone = [z for z in r.zone_eligibilite or [] if is_zone_code(z)]
        item["zone_eligibilite"] = zone or None
        # v1 lists sub-thématiques only: the category alone ("mobilite") is implied by them.
        item["thematiques"] = [t for t in r.thematiques or [] if t in V1_THEMATIQUES] or None
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


def _current(record, names) -> dict:
    return {n: (v.isoformat() if hasattr(v := getattr(record, n), "isoformat") else v)
            for n in names}


def plan_import(db: DbSession, structures: list, services: list, source: str) -> dict:
    """Tell, per table, what an import would do: the records it would create or change (with
    the fields), those already up to date, and those the official schema refuses."""
    plan = {}
    for table, kind, model, items, allowed in (
            ("partners", "structures", Partner, structures, STRUCTURE_FIELDS),
            ("offers", "services", Offer, services, SERVICE_FIELDS)):
        refused = check(kind, [{"source": source, **i} if isinstance(i, dict) else i
                               for i in items])
        bad_lines = {e["ligne"] for e in refused}
        rows = []
        for line, item in enumerate(items, start=1):
            if line in bad_lines:
                continue
            row_id = _local_id(source, str(item["id"])[:200])
            current = db.get(model, row_id)
            fields = _fields(item, allowed, source)
            if current is not None and not current.deleted:
                before = _current(current, fields)
                changed = sorted(k for k, v in fields.items() if before.get(k) != v)
                action = "modifier" if changed else "inchange"
            else:
                changed, action = sorted(fields), "creer"
            rows.append({"ligne": line, "row_id": row_id, "nom": item.get("nom"),
                         "action": action, "champs": changed, "fields": fields,
                         "base": current.version if current is not None else None})
        plan[table] = {"rows": rows, "refused": refused}
    return plan


def preview(plan: dict) -> dict:
    """The plan as shown before confirming (without the values themselves)."""
    return {table: {"rows": [{k: r[k] for k in ("ligne", "nom", "action", "champs")}
                             for r in part["rows"]],
                    "refused": part["refused"]}
            for table, part in plan.items()}


def import_catalogue(db: DbSession, engine: Engine, structures: list, services: list,
                     source: str, tenant: str | None = None) -> dict:
    """Apply what the official schema accepts: create or update partners and offers, as
    the importing structure (its new rows are its own; another's are not overwritten)."""
    report = {}
    for table, part in plan_import(db, structures, services, source).items():
        mutations = []
        for row in part["rows"]:
            if row["action"] == "inchange":
                continue
            mutation = edit(table, row["row_id"], row["base"] or 0, row["fields"],
                            f"import/{source}")
            mutation["base_version"] = row["base"]
            mutation["id"] = str(uuid.uuid4())  # each import is a new change
            mutations.append(mutation)
        results = system_push(db, engine, f"import-{source}"[:200], mutations, tenant)
        lines = {r["row_id"]: r["ligne"] for r in part["rows"]}
        # What the local rules refuse after the official schema accepted it (e.g. a link).
        later = [{"ligne": lines[r["row_id"]], "champ": field, "message": " ".join(messages)}
                 for r in results if r["status"] == "rejected"
                 for field, messages in _flat(r["errors"])]
        report[table] = {"imported": sum(r["status"] in ("applied", "merged") for r in results),
                         "unchanged": sum(r["action"] == "inchange" for r in part["rows"]),
                         "rejected": part["refused"] + later}
    return report


def _flat(errors) -> list[tuple[str, list[str]]]:
    if not isinstance(errors, dict):
        return [("(enregistrement)", [str(errors)])]
    return [(k, v if isinstance(v, list) else [str(v)]) for k, v in errors.items()]
