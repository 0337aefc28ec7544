"""Public call-back requests ("Je veux être rappelé·e"), queued offline by the app.

The phone picks the request's id, so that a retry is stored once. That id is public input: it
may only ever name a new row. A replay of the same request is answered "already received";
the same id with other words, or the id of any existing row (a person, a referral, a contact
typed by the referent), is refused with a 409 and writes nothing, not even a conflict.
"""
import hashlib
import json
import uuid

from flask import Blueprint, current_app, request
from marshmallow import RAISE, Schema, ValidationError, validates
from marshmallow import fields as mf
from sqlalchemy import String, select, union_all

from sync import Engine, ValidationFailed

from ..domain.selftest import SelfTestError, validate_self_test
from ..errors import ApiError
from ..extensions import db
from ..models import SyncMutation
from ..rls import caseload_id_exists, walled
from ..tables.fields import Ref, StrictBool, Text
from ..services.auth import RateLimited, rate_count, rate_hit, rate_key, retry_after
from ..services.structure_territory import serving
from ..services.system import system_push
from ..territory import territory

bp = Blueprint("contact_requests", __name__)
_NAMESPACE = uuid.UUID("7f9d1c2e-1d1b-4f4e-9a55-4a6a1f0c0b11")
_WINDOW = 3600
_CONTENT = ("name", "phone", "email", "commune", "message", "consent", "self_test")
TAKEN = ("Cette demande ne peut pas être enregistrée : son identifiant est déjà utilisé. "
         "Envoie-la à nouveau depuis le formulaire.")


class ContactRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    id = Ref()  # chosen by the phone, so a retried request is stored once
    name = Text(200, required=True)
    phone = Text(50, required=True)
    email = Text(320, allow_none=True)
    commune = Text(200, allow_none=True)
    commune_code = Text(5, allow_none=True)  # INSEE code of an official commune (territory)
    message = Text(2000, allow_none=True)
    consent = StrictBool(required=True)
    # The self-test leaves the phone only when its own box was ticked (a second consent).
    self_test = mf.Raw(allow_none=True)
    self_test_consent = StrictBool(allow_none=True)

    @validates("name", "phone")
    def _not_blank(self, value: str, data_key: str) -> None:
        """Refuse a blank name or number: nobody could be called back."""
        if not value.strip():
            raise ValidationError("Champ obligatoire.")


@bp.post("/contact-requests")
def create():
    """Store a call-back request as a web contact for the referent."""
    from ..jsonbody import read_object

    try:
        data = ContactRequestSchema().load(read_object())
    except ValidationError as exc:
        raise ApiError("Certaines valeurs ne sont pas valides.", 422, errors=exc.messages)
    home = territory().commune(data.get("commune_code"))
    if data.get("commune_code") and home is None:
        raise ApiError("Cette commune n'est pas dans la liste des communes connues.", 422,
                       errors={"commune_code": ["Commune inconnue."]})
    if data["consent"] is not True:
        raise ApiError("Merci d'accepter d'être recontacté·e.", 422,
                       errors={"consent": ["Obligatoire."]})
    if data.get("self_test") is not None:
        _check_self_test(data)
    row_id = data.get("id") or str(uuid.uuid4())
    mutation_id = _mutation_id(row_id, data)
    # A retry of a request already stored is answered even past the limit: the phone keeps
    # it queued until it hears it arrived. Requests stored before the words were part of the
    # mutation id are known by their row id alone.
    seen = (db.session.get(SyncMutation, mutation_id)
            or db.session.get(SyncMutation, str(uuid.uuid5(_NAMESPACE, row_id))))
    if seen is not None:
        return _answer_again(row_id, seen.result)
    key = rate_key("callback-addr", request.remote_addr or "?",
                   current_app.config["SECRET_KEY"])
    count, oldest = rate_count(db.session, key, _WINDOW)
    if count >= current_app.config["CALLBACK_MAX_PER_HOUR"]:
        raise RateLimited(retry_after(oldest, _WINDOW))
    fields = {"channel": "web", "audience": "particulier", "subject": "Demande de rappel",
              "name": data["name"], "phone": data["phone"], "email": data.get("email"),
              "notes": "\n".join(filter(None, [_where(home, data.get("commune")),
                                                data.get("message")])),
              "callback_status": "a-rappeler", "date": _now()}
    if data.get("self_test") is not None:
        fields["self_test"] = data["self_test"]
    mutation = {"id": mutation_id, "table": "contacts",
                "op": "upsert", "row_id": row_id, "base_version": None, "fields": fields}
    engine = current_app.extensions["sync_engine"]
    public = Engine(engine.specs, NewRowsOnly(engine.policy, row_id), engine.schema_range, 1)
    # The structure serving the young person's commune takes the request (the default one
    # when none does); the push works for it alone, under the row-level security too.
    structure = serving(db.session, home.code if home is not None else None)
    (result,) = system_push(db.session, public, "public", [mutation], structure)
    if result["status"] == "duplicate":  # the same request, sent twice at once
        return _answer_again(row_id, result)
    rate_hit(db.session, key, _WINDOW)  # a refused id counts too: no free probing
    db.session.commit()
    if result["status"] != "applied":
        raise _refusal(result)
    return {"id": row_id, "status": "received"}, 201


def _check_self_test(data: dict) -> None:
    """Refuse a self-test sent without its consent, or answers that are not the codes."""
    if data.get("self_test_consent") is not True:
        raise ApiError("Coche la case pour envoyer tes réponses au test.", 422,
                       errors={"self_test_consent": ["Obligatoire pour envoyer le test."]})
    try:
        data["self_test"] = validate_self_test(data["self_test"])
    except SelfTestError as exc:
        raise ApiError("Les réponses du test ne sont pas valides.", 422,
                       errors={"self_test": exc.errors})


class NewRowsOnly:
    """The app's policy for one public request, which may only create a row with a new id."""

    def __init__(self, policy, row_id: str):
        self.policy = policy
        self.row_id = row_id

    def prepare(self, actor, mutations):
        self.policy.prepare(actor, mutations)

    def authorize(self, actor, spec, op, row, fields):
        # Asked inside the push, under its write lock: no other write can take the id between
        # this check and the insert.
        if op != "upsert" or row is not None or _id_taken(self.row_id):
            raise ValidationFailed({"id": [TAKEN]})
        return self.policy.authorize(actor, spec, op, row, fields)


def _id_taken(row_id: str) -> bool:
    """Tell whether a row of any table, synced or not, already has this id."""
    tables = [t for t in db.metadata.sorted_tables
              if "id" in t.c and isinstance(t.c.id.type, String)]
    query = union_all(*(select(t.c.id).where(t.c.id == row_id) for t in tables)).limit(1)
    if db.session.execute(query).first() is not None:
        return True
    # The push works for one structure: the policies hide the other structures' rows.
    return walled(db.session) and caseload_id_exists(db.session, row_id)


def _where(home, typed: str | None) -> str | None:
    """The commune line of the notes: the official one, or the words typed, said as such."""
    if home is not None:
        return f"Commune : {home.nom} ({home.code})"
    return f"Commune indiquée (hors liste) : {typed}" if typed and typed.strip() else None


def _mutation_id(row_id: str, data: dict) -> str:
    """Derive the mutation id from the row id and the words sent: a replay gives the same."""
    words = {k: data.get(k) for k in _CONTENT}
    if data.get("commune_code"):  # only when given: older requests keep their mutation id
        words["commune_code"] = data["commune_code"]
    content = json.dumps(words, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode()).hexdigest()
    return str(uuid.uuid5(_NAMESPACE, f"{row_id}/{digest}"))


def _answer_again(row_id: str, result: dict):
    """Answer a replay as the first request was answered."""
    if result.get("errors"):
        raise _refusal(result)
    return {"id": row_id, "status": "already_received"}, 200


def _refusal(result: dict) -> ApiError:
    errors = result.get("errors") or {}
    if errors.get("id") == [TAKEN]:
        return ApiError(TAKEN, 409, code="id_taken")
    return ApiError("Demande refusée.", 422, errors=errors)


def _now() -> str:
    from sync.engine import utc_now

    return utc_now()[:19] + "Z"
