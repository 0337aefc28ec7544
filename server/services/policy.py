"""Least privilege by role, checked on every mutation and filtering every pull."""
from sqlalchemy import event, select
from sqlalchemy.orm import Session as SaSession

from sync import PermissionDenied, ValidationFailed
from sync.engine import utc_now
from sync.envelope import canonical_uuid

from ..extensions import db
from ..models import Beneficiary, User
from ..tables import TABLES
from . import foreign_rows

# The shared catalogue, and the field work: every other table (a structure's caseload).
CATALOGUE = tuple(name for name, table in TABLES.items() if table.shared)
FIELD_WORK = tuple(name for name, table in TABLES.items() if not table.shared)
# What only the referent's side decides about a referral.
REFERRAL_DECISIONS = ("status", "reason", "answered_at", "reminded_at", "beneficiary_id",
                      "prescriber_id")
# Never shown to the prescriber who sent a referral: the link to the file. (The reminder is
# shown: the prescriber sees that the referral waits and that the referent was reminded.)
PRESCRIBER_HIDDEN = ("beneficiary_id",)
# Rows that name a person (their description says so): they go when the file is erased.
PERSON_ROWS = tuple(name for name, table in TABLES.items() if table.about_person)
ERASED = ("Ce dossier a été effacé à la demande de la personne : cette modification n'est "
          "pas enregistrée. Supprimez-la de l'appareil.")
# A person leaves only by erasure, which takes their whole file along (see erasure.py).
PERSON_KEPT = ("Une fiche ne se supprime pas depuis l'appareil : la coordination peut effacer "
               "la personne et tout son suivi.")
OTHER_PERSON = ("Cette personne est suivie par une autre structure : cette donnée ne peut pas "
                "lui être rattachée.")
# A row of this structure naming another's row: one message per kind of row named.
OTHER_STRUCTURE = {
    "beneficiaries": OTHER_PERSON,
    "sessions": ("Cette séance est celle d'une autre structure : cette donnée ne peut pas lui "
                 "être rattachée."),
    "objectives": ("Cet objectif est celui d'une autre structure : cette donnée ne peut pas lui "
                   "être rattachée."),
    "diagnostics": ("Ce diagnostic est celui d'une autre structure : cette donnée ne peut pas "
                    "lui être rattachée."),
}
OTHER_ROW = ("Cette donnée nomme une donnée d'une autre structure : elle ne peut pas lui être "
             "rattachée.")
_ERASED_KEY = "erased_people"  # in the DB session's info, for the current transaction


def is_erased(row) -> bool:
    """Tell whether a row was erased: a tombstone without any value (a delete keeps them)."""
    return row.deleted and all(value is None for value in row.data.values())


def erased_people() -> frozenset[str]:
    """Return the ids of erased people, read once per transaction (they are few)."""
    # A push holds the clock row, and so does an erasure: within one push the set is exact.
    info = db.session.info
    if _ERASED_KEY not in info:
        b = Beneficiary
        info[_ERASED_KEY] = frozenset(db.session.scalars(select(b.id).where(
            b.deleted.is_(True), b.first_name.is_(None), b.last_name.is_(None))))
    return info[_ERASED_KEY]


@event.listens_for(SaSession, "after_commit")
@event.listens_for(SaSession, "after_rollback")
def _forget_erased(session) -> None:
    session.info.pop(_ERASED_KEY, None)


class RolePolicy:
    """Coordinators do everything; referents the field work; prescribers their referrals."""

    def authorize(self, actor: User, spec, op, row, fields):
        table = spec.name
        self._refuse_foreign(actor, row)
        if table == "referrals":
            fields = self._received(op, row, fields)
        # The role first: whether a file was erased is itself not for everyone to learn.
        if actor.role == "prescriber" and table == "referrals":
            fields = self._prescriber_referral(actor, op, row, fields)
        elif actor.role == "referent" and table in CATALOGUE:
            raise PermissionDenied("Seule la coordination modifie le catalogue.")
        elif actor.role not in ("coordinator", "referent"):
            raise PermissionDenied("Votre rôle ne permet pas de modifier ces données.")
        self._refuse_other_structures(actor, table, row, fields)
        self._refuse_erased(table, row, fields)
        self._refuse_person_delete(table, op, row)
        return self._stamp(table, row, fields) if actor.role != "prescriber" else fields

    def _refuse_foreign(self, actor, row):
        # A row of another structure: its caseload is not this one's, nor its catalogue
        # entries to edit (reads never show them; a device may still hold or guess an id).
        mine = getattr(actor, "structure_id", None)
        if row is not None and mine is not None and row.tenant not in (None, mine):
            raise PermissionDenied("Cette donnée appartient à une autre structure.")

    def _refuse_other_structures(self, actor, table, row, fields):
        # A row of this structure naming another's person, session, objective or diagnostic:
        # it would disclose nothing (the other never pulls it, this one cannot read what it
        # names) but ties two caseloads. A row not known anywhere yet is accepted: a device
        # may send rows before those they name.
        mine = getattr(actor, "structure_id", None)
        named = foreign_rows.REFERENCES.get(table)
        if mine is None or named is None:
            return
        for column, target in named:
            value = canonical_uuid(fields.get(column))
            if (value is not None and (row is None or row.data.get(column) != value)
                    and foreign_rows.of_another(db.session, mine, target, value)):
                raise PermissionDenied(OTHER_STRUCTURE.get(target, OTHER_ROW))

    def _refuse_erased(self, table, row, fields):
        # An offline device may still hold an erased file: nothing it sends about it may
        # come back, not even in a conflict record, so the mutation is refused whole.
        if row is not None and is_erased(row):
            raise ValidationFailed({"_erased": [ERASED]})
        if table not in PERSON_ROWS:
            return
        person = canonical_uuid(fields.get("beneficiary_id"))
        if (person is not None and (row is None or row.data.get("beneficiary_id") != person)
                and person in erased_people()):
            raise ValidationFailed({"_erased": [ERASED]})

    def _refuse_person_delete(self, table, op, row):
        # A plain delete would leave the person's rows live on the server while devices
        # drop them with the person (erasure.js): only the erasure removes a file, whole.
        # A person already deleted stays so (a resolution keeping it changes nothing).
        if table == "beneficiaries" and op == "delete" and (row is None or not row.deleted):
            raise PermissionDenied(PERSON_KEPT)

    def _received(self, op, row, fields):
        # The day a referral arrives is the server's: the reminder and the expiry count from
        # it (services/referral_timers.py), and no device's clock may move it.
        fields.pop("sent_at", None)
        if row is None and op == "upsert":
            fields["sent_at"] = utc_now()[:19] + "Z"
        return fields

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
        data = dict(row.data)
        if actor.role == "prescriber" and row.table == "referrals":
            # The prescriber follows the answer, not the young person's file behind it.
            for name in PRESCRIBER_HIDDEN:
                data.pop(name, None)
        return data

    def prepare(self, actor: User, mutations) -> None:
        # The rows the push's rows name: the first check of each table looks them all up.
        foreign_rows.expect(mutations)

    def require_conflict_access(self, actor: User):
        if actor.role not in ("coordinator", "referent"):
            raise PermissionDenied("Réservé à la référente et à la coordination.")
