"""Processes for bench/sync_bench.py: our gunicorn server, a scratch database, the peer."""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
# A git worktree elsewhere than beside shared/ names the peer with BENCH_PEER_DIR.
PEER_SRC = Path(os.environ.get("BENCH_PEER_DIR") or ROOT.parent / "shared" / "bench-peer")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def gunicorn_options() -> list[str]:
    """Worker settings of scripts/run (what the README serves with), read from the script."""
    text = (ROOT / "scripts" / "run").read_text()
    workers = re.search(r"--workers (\d+)", text)
    threads = re.search(r"--threads (\d+)", text)
    keep_alive = re.search(r"--keep-alive (\d+)", text)
    opts = ["--workers", workers.group(1) if workers else "2"]
    if threads:
        opts += ["--threads", threads.group(1)]
    if keep_alive:
        opts += ["--keep-alive", keep_alive.group(1)]
    if "--access-logfile -" in text:
        opts += ["--access-logfile", "-"]
    return opts


def flask(env: dict, *args: str) -> None:
    out = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"flask {' '.join(args[:2])} failed:\n{out.stdout}{out.stderr}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children, from /proc."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def pids_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) of these processes, from /proc."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def machine_busy_s() -> float:
    """Busy CPU seconds of the whole machine so far (/proc/stat), to estimate foreign load."""
    f = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    return (sum(f) - f[3] - f[4]) / CLK_TCK


@contextmanager
def server(env: dict, workdir: Path, opts: list[str] | None = None):
    """Run `gunicorn wsgi:app` with the README's settings (or `opts`); yield (base URL, pid)."""
    port = free_port()
    opts = list(opts) if opts is not None else gunicorn_options()
    help_text = subprocess.run([str(VENV_BIN / "gunicorn"), "--help"], capture_output=True,
                               text=True).stdout
    if "--no-control-socket" in help_text:  # as scripts/run does
        opts.append("--no-control-socket")
    cmd = [str(VENV_BIN / "gunicorn"), *opts, "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    log = open(workdir / "gunicorn.log", "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded 2-core box can take a while to boot
        while True:
            try:
                if requests.get(base + "/api/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or the worker is booting
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /api/health within 120 s")
            time.sleep(0.1)
        yield base, proc.pid, " ".join(cmd[1:]).replace(str(port), "PORT")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def app_role(url: str, env: dict):
    """Yield the URL of the database reached as a new login role that does not own the tables
    (`flask structures grant-app-role`): row-level security binds it, as in docs/structures.md."""
    import psycopg

    role = f"bench_app_{uuid.uuid4().hex[:8]}"
    admin = re.sub(r"^postgresql\+\w+://", "postgresql://", url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
    try:
        flask(env, "structures", "grant-app-role", role)
        yield re.sub(r"://[^@/]*@", f"://{role}@", url, count=1)
    finally:  # the role's grants live in the database, the role in the cluster
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


@contextmanager
def database(engine: str, pg_url: str | None, workdir: Path):
    """Yield (DATABASE_URL, backends) of a fresh database: a SQLite file, or a new PostgreSQL
    database; backends() lists the pids of the PostgreSQL backends connected to it."""
    if engine == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}", list
        return
    import psycopg  # a dependency of the project; only needed for --pg-url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = re.sub(r"^postgresql\+\w+://", "postgresql://", pg_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    watch = psycopg.connect(admin, autocommit=True)

    def backends() -> list[int]:
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        return [pid for (pid,) in watch.execute(query, (name,))]

    try:
        yield re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", pg_url, count=1), backends
    finally:
        watch.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Peer:
    """The reference PouchDB <-> express-pouchdb stack, installed once in a temp copy."""

    def __init__(self, src: Path = PEER_SRC):
        self.dir = Path(tempfile.mkdtemp(prefix="mhj-peer-"))
        shutil.copytree(src, self.dir, dirs_exist_ok=True)
        for p in [self.dir, *self.dir.rglob("*")]:  # shared/ is read-only in CI
            p.chmod(p.stat().st_mode | 0o200)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=self.dir, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def run(self, n: int) -> dict:
        out = subprocess.run(["node", "peer_bench.js", str(n)], cwd=self.dir,
                             capture_output=True, text=True, check=False)
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        if not lines:
            sys.stderr.write(out.stderr[-2000:])
            raise RuntimeError("peer_bench.js printed no JSON line")
        result = json.loads(lines[-1])
        if not result.get("ok"):
            raise RuntimeError(f"peer run failed: {result.get('error')}")
        return result

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
