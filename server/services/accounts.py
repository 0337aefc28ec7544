"""The coordinator's accounts: list, disable, enable; passwords set or changed.

A coordinator disables and enables an account in their own structure only (its membership);
the account as a whole is the server operator's (the command line), like its password.
Every change is written to the audit log by field name only.
"""
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from ..models import Device, Membership, User
from ..models.base import utcnow
from . import audit
from .auth import (OwnAccount, WeakPassword, WrongPassword, check_login_limit, count_failure,
                   hash_password, login_keys, normalise_email, strong_password,
                   verify_password)
from .sessions import moment, revoke_sessions, working_for


def list_accounts(session: Session, structure_id: str) -> list[dict]:
    """Return the structure's accounts with their devices in use and when one was last seen."""
    in_use = func.count(case((Device.revoked_at.is_(None), Device.id)))
    rows = session.execute(
        select(User, Membership.role, Membership.active, in_use, func.max(Device.last_seen_at))
        .join(Membership, (Membership.user_id == User.id)
              & (Membership.structure_id == structure_id))
        .outerjoin(Device, Device.user_id == User.id)
        .group_by(User.id, Membership.role, Membership.active).order_by(User.name, User.email))
    return [account(user, role, active, devices, last_seen)
            for user, role, active, devices, last_seen in rows]


def account(user: User, role: str, member_active: bool, devices: int, last_seen) -> dict:
    """Describe an account for a structure's coordinator (its role and state there)."""
    return {"id": user.id, "email": user.email, "name": user.name, "role": role,
            "partner_id": user.partner_id, "active": bool(user.active and member_active),
            "created_at": moment(user.created_at), "devices": devices,
            "last_seen_at": moment(last_seen)}


def describe(session: Session, user: User, structure_id: str) -> dict:
    """Describe one account in a structure, with its device figures."""
    in_use = func.count(case((Device.revoked_at.is_(None), Device.id)))
    devices, last_seen = session.execute(
        select(in_use, func.max(Device.last_seen_at)).where(Device.user_id == user.id)).one()
    member = session.get(Membership, (user.id, structure_id))
    return account(user, member.role if member else user.role,
                   member is not None and member.active, devices, last_seen)


def find(session: Session, email: str) -> User | None:
    """Return the account of an e-mail (as typed: case and spaces do not matter)."""
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def disable(session: Session, user: User, by: str | None,
            structure_id: str | None = None) -> User:
    """Disable an account in one structure, or everywhere (`structure_id` None: the
    command line): its sessions there end and the devices holding that structure's files
    are revoked, so they wipe.

    `by` is the coordinator acting (None from the command line); nobody disables themself.
    """
    if by is not None and by == user.id:
        raise OwnAccount("Vous ne pouvez pas désactiver votre propre compte.")
    if structure_id is None:
        user.active = False
        devices = Device.user_id == user.id
    else:
        session.get(Membership, (user.id, structure_id)).active = False
        devices = Device.id.in_(working_for(structure_id, user.id))
    # A disabled person's tablet must not keep the files it holds: revoking it makes the
    # app wipe its copy when it next reaches the server. A tablet working for another of
    # the account's structures keeps that structure's work.
    session.execute(update(Device).where(devices, Device.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
    revoke_sessions(session, user_id=user.id, structure_id=structure_id)
    audit.log(session, by, "change", "users", user.id,
              ["active"], note="compte désactivé")
    session.commit()
    return user


def enable(session: Session, user: User, by: str | None, structure_id: str | None = None) -> User:
    """Enable an account again in one structure, or the account and every membership
    (`structure_id` None: the command line); its revoked devices stay revoked."""
    if structure_id is None:
        user.active = True
        session.execute(update(Membership).where(Membership.user_id == user.id)
                        .values(active=True))
    else:
        session.get(Membership, (user.id, structure_id)).active = True
    audit.log(session, by, "change", "users", user.id,
              ["active"], note="compte réactivé")
    session.commit()
    return user


def set_password(session: Session, user: User, password: str, by: str | None = None) -> int:
    """Give an account a new password and end all its sessions; return how many ended."""
    strong_password(password, user.email)
    user.password_hash = hash_password(password)
    closed = revoke_sessions(session, user_id=user.id)
    audit.log(session, by, "change", "users", user.id, ["password"],
              note="mot de passe redéfini")
    session.commit()
    return closed


def change_password(session: Session, config, user: User, current: str, new: str,
                    family: str, client_addr: str | None) -> int:
    """Change one's own password; every other session ends, this one goes on.

    A wrong current password counts as a failed login, under the same limit.
    """
    keys = login_keys(config, user.email, client_addr)
    check_login_limit(session, config, keys)
    if not verify_password(user.password_hash, current):
        count_failure(session, config, keys)
        raise WrongPassword("Le mot de passe actuel est incorrect.", "current_password")
    strong_password(new, user.email, "new_password")
    if new == current:
        raise WeakPassword("Le nouveau mot de passe doit être différent de l'actuel.",
                           "new_password")
    user.password_hash = hash_password(new)
    closed = revoke_sessions(session, user_id=user.id, keep=family)
    audit.log(session, user.id, "change", "users", user.id, ["password"],
              note="mot de passe changé")
    session.commit()
    return closed
