"""`flask --app wsgi transit-import`: import GTFS feeds and publish the timetable (cron-safe)."""
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from . import store
from .gtfs import FeedError
from .service import feed_meta, import_feed, publish


@click.command("transit-import")
@click.argument("sources", nargs=-1)
@click.option("--name", "names", multiple=True,
              help="Name of each feed, in the order of the sources (default: the file's name).")
@click.option("--licence", "licences", multiple=True,
              help="Licence of each feed, in order (e.g. « ODbL », « Licence Ouverte 2.0 »).")
@click.option("--licence-url", "licence_urls", multiple=True, help="Link to each licence.")
@click.option("--only", is_flag=True, help="Forget the feeds not named in this run.")
@click.option("--remove", "removed", multiple=True, help="Forget a feed by its name.")
@click.option("--today", default=None, help="First day of the timetable (YYYY-MM-DD).")
@with_appcontext
def transit_import_command(sources, names, licences, licence_urls, only, removed, today):
    """Import GTFS zips (files or URLs), then publish the territory's timetable."""
    instance = current_app.instance_path
    try:
        first_day = date.fromisoformat(today) if today else None
    except ValueError:
        raise click.BadParameter("date AAAA-MM-JJ attendue", param_hint="--today") from None
    kept = []
    try:
        for i, source in enumerate(sources):
            name = names[i] if i < len(names) else source.rstrip("/").rsplit("/", 1)[-1]
            meta = feed_meta(name, licences[i] if i < len(licences) else None,
                             licence_urls[i] if i < len(licence_urls) else None, source)
            import_feed(source, meta, instance)
            kept.append(store.slug(meta["name"]))
            click.echo(f"Réseau importé : {meta['name']} ({meta['licence']})")
        for name in removed:
            if store.remove_feed(instance, name):
                click.echo(f"Réseau retiré : {name}")
        if only:
            for meta, _ in store.stored_feeds(instance):
                if store.slug(meta["name"]) not in kept:
                    store.remove_feed(instance, meta["name"])
                    click.echo(f"Réseau retiré : {meta['name']}")
        summary = publish(first_day)
    except (FeedError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for report in summary["feeds"]:
        click.echo(f"{report['name']} : {report['trips']} course(s), {report['stops']} arrêt(s)")
        for warning in report["warnings"]:
            click.echo(f"  attention : {warning}")
    click.echo(f"Horaires publiés : version {summary['version']}, du {summary['valid_from']} au "
               f"{summary['valid_to']}, {summary['gzip_size'] // 1024} Ko compressés")
