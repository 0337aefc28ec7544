"""Public call-back requests ("Je veux être rappelé·e"), queued offline by the app."""
import uuid

from flask import Blueprint, current_app, request
from marshmallow import RAISE, Schema, ValidationError, validates

from ..errors import ApiError
from ..extensions import db
from ..models import SyncMutation
from ..schemas.fields import Ref, StrictBool, Text
from ..services.auth import RateLimited, rate_count, rate_hit, rate_key, retry_after
from ..services.system import system_push

bp = Blueprint("contact_requests", __name__)
_NAMESPACE = uuid.UUID("7f9d1c2e-1d1b-4f4e-9a55-4a6a1f0c0b11")
_WINDOW = 3600


class ContactRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    id = Ref()  # chosen by the phone, so a retried request is stored once
    name = Text(200, required=True)
    phone = Text(50, required=True)
    email = Text(320, allow_none=True)
    commune = Text(200, allow_none=True)
    message = Text(2000, allow_none=True)
    consent = StrictBool(required=True)

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
    if data["consent"] is not True:
        raise ApiError("Merci d'accepter d'être recontacté·e.", 422,
                       errors={"consent": ["Obligatoire."]})
    row_id = data.get("id") or str(uuid.uuid4())
    mutation_id = str(uuid.uuid5(_NAMESPACE, row_id))
    # A retry of a request already stored is answered even past the limit: the phone keeps
    # it queued until it hears it arrived.
    if db.session.get(SyncMutation, mutation_id) is not None:
        return {"id": row_id, "status": "already_received"}, 200
    key = rate_key("callback-addr", request.remote_addr or "?",
                   current_app.config["SECRET_KEY"])
    count, oldest = rate_count(db.session, key, _WINDOW)
    if count >= current_app.config["CALLBACK_MAX_PER_HOUR"]:
        raise RateLimited(retry_after(oldest, _WINDOW))
    fields = {"channel": "web", "audience": "particulier", "subject": "Demande de rappel",
              "name": data["name"], "phone": data["phone"], "email": data.get("email"),
              "notes": "\n".join(filter(None, [data.get("commune"), data.get("message")])),
              "callback_status": "a-rappeler", "date": _now()}
    mutation = {"id": mutation_id, "table": "contacts",
                "op": "upsert", "row_id": row_id, "base_version": None, "fields": fields}
    (result,) = system_push(db.session, current_app.extensions["sync_engine"], "public",
                            [mutation])
    if result["status"] == "duplicate":
        return {"id": row_id, "status": "already_received"}, 200
    if result["status"] != "applied":
        raise ApiError("Demande refusée.", 422, errors=result.get("errors"))
    rate_hit(db.session, key, _WINDOW)
    db.session.commit()
    return {"id": row_id, "status": "received"}, 201


def _now() -> str:
    from sync.engine import utc_now

    return utc_now()[:19] + "Z"
