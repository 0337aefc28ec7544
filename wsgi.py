"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""
import gc

from server import create_app

app = create_app()
# The app's own objects (routes, schemas, models, SQLAlchemy's metadata) live as long as the
# process: frozen, the collector stops walking them at every full collection. A 500-row push
# makes enough objects to trigger several; they cost ~10% of its CPU (docs/benchmarks.md).
gc.collect()
gc.freeze()
