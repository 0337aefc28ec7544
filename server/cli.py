"""Command-line tools: `flask --app wsgi users create`, `seed-demo`, `privacy-retention`…"""
import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .database import checkpoint
from .extensions import db
from .services import accounts
from .services.auth import AccountError, create_user
from .models import ROLES
from .services.seeding import seed_demo
from .services.structures import StructureError
from .structure_commands import structures_group
from .transit.commands import transit_import_command

users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--name", required=True)
@click.option("--password", help="Read from standard input when omitted.")
@click.option("--partner-id", default=None, help="Partner organisation of a prescriber.")
@click.option("--structure", default=None, help="Structure id (default: the default one).")
def create_user_command(email, role, name, password, partner_id, structure):
    """Create an account, or update it when the e-mail exists (idempotent)."""
    if password is None:
        password = (click.prompt("Mot de passe", hide_input=True) if sys.stdin.isatty()
                    else sys.stdin.readline().rstrip("\n"))
    try:
        user, created = create_user(db.session, email, name, role, password, partner_id,
                                    structure)
    except (AccountError, StructureError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{'Compte créé' if created else 'Compte mis à jour'} : {user.email} ({role})")


def _account(email: str):
    user = accounts.find(db.session, email)
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    return user


@users.command("disable")
@click.argument("email")
def disable_user_command(email):
    """Disable an account: its sessions end and its devices are revoked (they wipe)."""
    user = accounts.disable(db.session, _account(email), by=None)
    click.echo(f"Compte désactivé : {user.email} (sessions fermées, appareils révoqués)")


@users.command("enable")
@click.argument("email")
def enable_user_command(email):
    """Enable an account again (its revoked devices stay revoked)."""
    user = accounts.enable(db.session, _account(email), by=None)
    click.echo(f"Compte réactivé : {user.email}")


@users.command("set-password")
@click.argument("email")
def set_password_command(email):
    """Set a new password, read from standard input, and end every session of the account."""
    user = _account(email)
    # Never from the command line: arguments show in `ps` and in the shell's history.
    if sys.stdin.isatty():
        password = click.prompt("Nouveau mot de passe", hide_input=True,
                                confirmation_prompt="Confirmez le mot de passe")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        closed = accounts.set_password(db.session, user, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Mot de passe changé : {user.email} ({closed} session(s) fermée(s))")


@click.command("seed-demo")
@click.option("--no-history", is_flag=True,
              help="Sans l'année passée fictive (tests : des données légères).")
@with_appcontext
def seed_demo_command(no_history: bool):
    """Load realistic demo data for the Haut-Jura Saint-Claude territory (idempotent)."""
    from .database import ensure_clock

    ensure_clock(db.session)
    report = seed_demo(db.session, current_app.extensions["sync_engine"],
                       current_app.config["SECRET_KEY"], date.today(), not no_history)
    for table, count in report["inserted"].items():
        click.echo(f"{table}: {count} ajouté(s)")
    from .transit.service import install_demo

    timetable = install_demo(date.today())
    click.echo("Horaires de transport : " + (
        f"démonstration FICTIVE publiée (version {timetable['version']})" if timetable
        else "réseaux réels déjà importés, démonstration non installée"))
    click.echo("Comptes de démonstration (mots de passe propres à cette installation) :")
    for account in report["accounts"]:
        click.echo(f"  {account['role']:<12} {account['email']:<42} {account['password']}")


@click.command("referrals-tick")
@click.option("--now", default=None, help="Pretend it is this UTC time (YYYY-MM-DDTHH:MM).")
@with_appcontext
def referrals_tick_command(now):
    """Remind about referrals unanswered for 10 days, expire them at 30 (cron-safe)."""
    from datetime import datetime

    from .models.base import utcnow
    from .services.referral_timers import tick

    moment = datetime.fromisoformat(now) if now else utcnow()
    counts = tick(db.session, current_app.extensions["sync_engine"], moment)
    checkpoint(db.session)  # purged referrals leave the SQLite log too
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@click.command("privacy-retention")
@click.option("--now", default=None, help="Pretend it is this UTC time (ISO 8601).")
@click.option("--years", default=None, type=click.IntRange(1, 100),
              help="Years without contact before a file is anonymised (RETENTION_YEARS).")
@with_appcontext
def privacy_retention_command(now, years):
    """Anonymise files dormant N years, trim old traces (cron-safe, idempotent)."""
    from datetime import datetime, timezone

    from .models.base import utcnow
    from .services.retention import anonymise
    from .services.traces import trim

    try:
        moment = datetime.fromisoformat(now) if now else utcnow()
    except ValueError:
        raise click.BadParameter("date et heure ISO 8601 attendue", param_hint="--now") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    years = years or current_app.config["RETENTION_YEARS"]
    counts = anonymise(db.session, current_app.extensions["sync_engine"], moment, years)
    counts.update(trim(db.session, moment, current_app.config["AUDIT_RETENTION_DAYS"],
                       current_app.config["RESOLVED_CONFLICT_DAYS"]))
    checkpoint(db.session)  # anonymised and trimmed values leave the SQLite log too
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    if counts["refused"]:  # a non-zero exit makes cron report it
        raise click.ClickException("Des lignes n'ont pas pu être anonymisées ; relancez.")


@click.command("pwa-manifest")
def pwa_manifest_command():
    """Write pwa/js/manifest.js and field-labels.js from the descriptions (server/tables/)."""
    from .tables.manifest import write
    click.echo("written" if write() else "already up to date")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(users)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(referrals_tick_command)
    app.cli.add_command(privacy_retention_command)
    app.cli.add_command(pwa_manifest_command)
    app.cli.add_command(transit_import_command)
    app.cli.add_command(structures_group)
