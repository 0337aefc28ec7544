"""Structures and memberships: who works where, and the structure a sign-in works in."""
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DEFAULT_STRUCTURE, ROLES, Membership, Structure, User


DEFAULT_NAME = "Structure principale"  # a fresh install's, until it is renamed


class StructureError(Exception):
    """A structure or membership request that cannot be honoured (400)."""


class NotMember(Exception):
    """The account does not belong to that structure (403)."""


@dataclass(frozen=True)
class Actor:
    """Who calls, in which structure, with the role they hold there."""

    id: str
    email: str
    name: str
    role: str
    partner_id: str | None
    structure_id: str
    account: User


def ensure_default(session: Session) -> None:
    """Create the default structure when missing (a fresh single-structure install)."""
    if session.get(Structure, DEFAULT_STRUCTURE) is None:
        session.add(Structure(id=DEFAULT_STRUCTURE, name=DEFAULT_NAME))
        session.flush()


def name_of(session: Session, structure_id: str | None) -> str:
    """Return the name a document prints for the structure it is made for."""
    # None outside a signed-in call: a single-structure install's default structure.
    found = session.get(Structure, structure_id or DEFAULT_STRUCTURE)
    return found.name if found is not None else DEFAULT_NAME


def create(session: Session, name: str, siret: str | None = None,
           code_insee: str | None = None, parent_id: str | None = None,
           structure_id: str | None = None) -> Structure:
    """Create a structure (an antenne names its parent); refused on SQLite beyond the first."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite is the embedded single-structure default: only PostgreSQL holds the
        # row-level security that stands behind every filter (docs/structures.md).
        raise StructureError("Plusieurs structures demandent PostgreSQL.")
    name = (name or "").strip()
    if not 1 <= len(name) <= 200:
        raise StructureError("Le nom de la structure est obligatoire (200 caractères au plus).")
    if siret is not None and not (len(siret) == 14 and siret.isascii() and siret.isdigit()):
        raise StructureError("Le SIRET compte 14 chiffres.")
    if parent_id is not None and session.get(Structure, parent_id) is None:
        raise StructureError("Structure parente inconnue.")
    structure = Structure(id=structure_id or str(uuid.uuid4()), name=name, siret=siret,
                          code_insee=code_insee, parent_id=parent_id)
    session.add(structure)
    session.flush()
    return structure


def join(session: Session, user: User, structure_id: str, role: str | None = None) -> Membership:
    """Make the account a member of the structure with this role (or change its role there).

    An existing membership a coordinator closed stays closed: only `users enable` reopens it.
    """
    role = role or user.role
    if role not in ROLES:
        raise StructureError(f"Rôle inconnu : {role}.")
    if session.get(Structure, structure_id) is None:
        raise StructureError("Structure inconnue.")
    member = session.get(Membership, (user.id, structure_id))
    if member is None:
        member = Membership(user_id=user.id, structure_id=structure_id, role=role)
        session.add(member)
    member.role = role
    session.flush()
    return member


def memberships(session: Session, user_id: str) -> list[dict]:
    """Return the structures the account works in (its memberships no coordinator disabled),
    oldest first, with its role in each."""
    rows = session.execute(
        select(Membership.structure_id, Membership.role, Structure.name)
        .join(Structure, Structure.id == Membership.structure_id)
        .where(Membership.user_id == user_id, Membership.active.is_(True))
        .order_by(Membership.created_at, Membership.structure_id)).all()
    return [{"id": sid, "role": role, "name": name} for sid, role, name in rows]


def choose(mine: list[dict], wanted: str | None) -> str:
    """Return the structure a sign-in works in, of the account's `memberships`: the one
    asked for, else the first."""
    if wanted is not None:
        if not any(m["id"] == wanted for m in mine):
            raise NotMember()
        return wanted
    if not mine:
        raise NotMember()
    return mine[0]["id"]


def actor(user: User, structure_id: str, role: str) -> Actor:
    """Return the caller as the engine and the policy see them."""
    return Actor(id=user.id, email=user.email, name=user.name, role=role,
                 partner_id=user.partner_id, structure_id=structure_id, account=user)
