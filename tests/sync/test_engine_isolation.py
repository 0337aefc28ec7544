"""The sync engine stays framework-free: importing it must not pull in Flask."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sync_package_imports_no_flask():
    modules = sorted(p.stem for p in (ROOT / "sync").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        "import sync\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('sync.' + name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'werkzeug', 'flask_sqlalchemy', 'sqlalchemy', 'server'))\n"
        "print(','.join(bad))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert modules, "no sync modules found"
    assert done.stdout.strip() == "", f"sync/ imported: {done.stdout.strip()}"
