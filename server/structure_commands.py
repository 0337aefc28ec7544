"""`flask --app wsgi structures …`: structures, memberships, the app's database role."""
import re

import click
from flask.cli import AppGroup
from sqlalchemy import select, text

from .extensions import db
from .models import DEFAULT_STRUCTURE, ROLES, Structure
from .services import accounts, structure_territory, structures
from .territory import territory

structures_group = AppGroup("structures", help="Manage structures (PostgreSQL for several).")


@structures_group.command("create")
@click.argument("name")
@click.option("--siret", default=None)
@click.option("--insee", "code_insee", default=None, help="INSEE code of its commune.")
@click.option("--parent", "parent_id", default=None, help="Id of the parent (an antenne's).")
def create_command(name, siret, code_insee, parent_id):
    """Create a structure and print its id."""
    try:
        made = structures.create(db.session, name, siret, code_insee, parent_id)
    except structures.StructureError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(made.id)


@structures_group.command("list")
def list_command():
    """List the structures: id, name, parent, territory."""
    served = structure_territory.counts(db.session)
    for s in db.session.scalars(select(Structure).order_by(Structure.name)):
        click.echo(f"{s.id}\t{s.name}\t{s.parent_id or ''}\t{_territory(s.id, served)}")


def _territory(structure_id: str, served: dict[str, int]) -> str:
    count = served.get(structure_id, 0)
    said = {0: "aucune commune", 1: "1 commune"}.get(count, f"{count} communes")
    if structure_id == DEFAULT_STRUCTURE:
        said += " ; reçoit aussi les demandes de rappel hors territoire"
    return said


@structures_group.command("communes")
@click.argument("structure_id")
@click.argument("codes", nargs=-1)
@click.option("--clear", is_flag=True, help="Serve no commune any more.")
def communes_command(structure_id, codes, clear):
    """Set the communes a structure serves (INSEE codes, or an EPCI's SIREN for all its
    communes), replacing its list; without codes, print it."""
    if codes and clear:
        raise click.ClickException("Donnez des codes ou --clear, pas les deux.")
    if codes or clear:
        try:
            served = structure_territory.replace(db.session, structure_id, list(codes))
        except structure_territory.TerritoryError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
        click.echo(f"{structure_id} : {_territory(structure_id, {structure_id: len(served)})}")
    elif db.session.get(Structure, structure_id) is None:
        raise click.ClickException("Structure inconnue.")
    else:
        served = structure_territory.communes(db.session, structure_id)
    for code in served:
        commune = territory().commune(code)  # None: gone from a later official list
        click.echo(f"{code}\t{commune.nom if commune else '(absente de la liste officielle)'}")


@structures_group.command("add-member")
@click.argument("email")
@click.argument("structure_id")
@click.option("--role", required=True, type=click.Choice(ROLES))
def add_member_command(email, structure_id, role):
    """Make an account a member of a structure with this role (or change its role)."""
    user = accounts.find(db.session, email)
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    try:
        structures.join(db.session, user, structure_id, role)
    except structures.StructureError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"{user.email} : {role} dans {structure_id}")


@structures_group.command("grant-app-role")
@click.argument("role")
def grant_command(role):
    """Give a PostgreSQL role (not the tables' owner) what the app needs, nothing more."""
    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Réservé à PostgreSQL.")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise click.ClickException("Nom de rôle invalide.")
    schema = db.session.execute(text("SELECT current_schema()")).scalar()
    for statement in (f"GRANT USAGE ON SCHEMA {schema} TO {role}",
                      f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
                      f"TO {role}",
                      f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"):
        db.session.execute(text(statement))
    db.session.commit()
    click.echo(f"{role} : lecture et écriture des tables de {schema} (sans en être "
               "propriétaire : la sécurité par ligne s'applique)")
