"""Least privilege by role, checked on every mutation and filtering every pull."""
from sync import PermissionDenied
from sync.engine import utc_now

from ..models import User

CATALOGUE = ("offers", "partners")
FIELD_WORK = ("beneficiaries", "diagnostics", "sessions", "attendances", "contacts",
              "referrals", "action_steps", "outcomes", "trainees")
# What only the referent's side decides about a referral.
REFERRAL_DECISIONS = ("status", "reason", "answered_at", "reminded_at", "beneficiary_id",
                      "prescriber_id")


class RolePolicy:
    """Coordinators do everything; referents the field work; prescribers their referrals."""

    def authorize(self, actor: User, spec, op, row, fields):
        table = spec.name
        if actor.role == "coordinator":
            return self._stamp(table, row, fields)
        if actor.role == "referent":
            if table in CATALOGUE:
                raise PermissionDenied("Seule la coordination modifie le catalogue.")
            return self._stamp(table, row, fields)
        if actor.role == "prescriber" and table == "referrals":
            return self._prescriber_referral(actor, op, row, fields)
        raise PermissionDenied("Votre rôle ne permet pas de modifier ces données.")

    def _stamp(self, table, row, fields):
        # Answering a referral dates the answer, for the response-time figures.
        if (table == "referrals" and fields.get("status") in ("validee", "refusee")
                and "answered_at" not in fields
                and (row is None or row.data.get("status") != fields["status"])):
            fields["answered_at"] = utc_now()[:19] + "Z"
        return fields

    def _prescriber_referral(self, actor, op, row, fields):
        if op == "delete":
            raise PermissionDenied("Une orientation envoyée ne peut pas être supprimée.")
        if row is not None and row.data.get("prescriber_id") != actor.id:
            raise PermissionDenied("Cette orientation n'est pas la vôtre.")
        if row is not None and row.data.get("status") != "ouverte":
            raise PermissionDenied("Cette orientation a déjà reçu une réponse.")
        decided = [name for name in REFERRAL_DECISIONS if name in fields]
        if decided and not (row is None and fields.get("prescriber_id") in (None, actor.id)
                            and set(decided) <= {"prescriber_id"}):
            raise PermissionDenied(
                f"Champ réservé à la référente : {', '.join(decided)}.")
        if row is None:
            fields["prescriber_id"] = actor.id
        return fields

    def scope(self, actor: User):
        if actor.role in ("coordinator", "referent"):
            return dict.fromkeys(CATALOGUE + FIELD_WORK, None)
        if actor.role == "prescriber":
            return {"offers": None, "partners": None, "referrals": actor.id}
        return {}

    def present(self, actor, row):
        return dict(row.data)

    def require_conflict_access(self, actor: User):
        if actor.role not in ("coordinator", "referent"):
            raise PermissionDenied("Réservé à la référente et à la coordination.")
