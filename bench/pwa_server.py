"""Server side of bench/pwa_bench.py: gunicorn on a fresh SQLite file, seeded accounts and rows,
a second "device" that writes through the HTTP sync API, and the shell weight (gzip)."""
import gzip
import json
import os
import random
import re
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import requests

from bench_server import flask, server
from server.territory import territory

PASSWORD = "bench-password-123"
EMAILS = {"referent": "referente.bench@example.org",
          "coordinator": "coordination.bench@example.org"}
FIRST = ["Léa", "Inès", "Chloé", "Manon", "Jade", "Lucas", "Hugo", "Nathan", "Enzo", "Yanis",
         "Camille", "Sacha", "Noah", "Lina", "Emma", "Théo", "Mathis", "Zoé", "Rayan", "Maël"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent"]
# The official communes of two Haut-Jura communities (Saint-Claude's, and Morez's and Les
# Rousses'), from the territory file (docs/reference-data.md).
COMMUNES = sorted((c for c in territory().communes.values()
                   if c.epci in ("200026573", "243900479")), key=lambda c: c.code)
STATUSES = ["cej", "scolaire", "etudiant", "demandeur-emploi", "salarie", "formation",
            "sans-activite"]


def _home(commune) -> dict:
    return {"commune": commune.nom, "commune_code": commune.code}


@contextmanager
def live_server(workdir: Path):
    """`flask db upgrade`, one referent and one coordinator account, `flask seed-demo`, then
    gunicorn wsgi:app (scripts/run's worker settings) on 127.0.0.1; yields (url, pid, cmd)."""
    env = {"DATABASE_URL": f"sqlite:///{workdir / 'pwa-bench.sqlite3'}",
           "SECRET_KEY": "pwa-bench-secret", "ACCESS_TOKEN_MINUTES": "240",
           "JWT_SECRET_KEY": "pwa-bench-jwt-secret-of-at-least-32-bytes"}
    env = {**os.environ, **env}
    env.pop("PWA_DIR", None)  # the repository's pwa/, as deployed
    flask(env, "db", "upgrade")
    for role, email in EMAILS.items():
        flask(env, "users", "create", email, "--role", role, "--name", f"Bench {role}",
              "--password", PASSWORD)
    flask(env, "seed-demo", "--no-history")  # the bench adds its own rows
    with server(env, workdir) as started:
        yield started


def beneficiary(rng: random.Random, i: int) -> dict:
    """A realistic young person's row (about the size of the demo rows)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    born = date(2000, 1, 1) + timedelta(days=rng.randrange(3650))
    ascii_name = re.sub(r"[^a-z]", "", f"{first}.{last}".lower().replace("é", "e")
                        .replace("è", "e").replace("ë", "e").replace("ï", "i"))
    return {"first_name": first, "last_name": f"{last}-{i}", "birth_date": born.isoformat(),
            "sex": rng.choice("FMX"), **_home(rng.choice(COMMUNES)),
            "phone": f"06 {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                     f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            "email": f"{ascii_name}{i}@example.org", "status": rng.choice(STATUSES),
            "qpv": rng.random() < .1, "frr": rng.random() < .6, "education_level": "IV",
            "consent_at": "2025-01-15T09:30:00Z", "consent_scope": "accompagnement-mobilite",
            "notes": "Personne fictive (banc d'essai). Suivi permis B et aide au transport."}


class Device:
    """Another device (the coordination's desk) writing through the HTTP sync API."""

    def __init__(self, base: str, role: str = "coordinator"):
        self.base, self.http = base, requests.Session()
        self.device_id = f"pwa-bench-{uuid.uuid4()}"
        answer = self.http.post(f"{base}/api/auth/login", json={
            "email": EMAILS[role], "password": PASSWORD, "device_id": self.device_id,
            "device_name": "Banc d'essai"}, timeout=30)
        answer.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        self.versions: dict[str, int] = {}

    def push(self, mutations: list[dict]) -> list[dict]:
        results = []
        for i in range(0, len(mutations), 1000):
            answer = self.http.post(f"{self.base}/api/sync/push", json={
                "client_id": self.device_id, "schema_version": 1,
                "mutations": mutations[i:i + 1000]}, timeout=120)
            answer.raise_for_status()
            results += answer.json()["results"]
        bad = [r for r in results if r["status"] not in ("applied", "duplicate")]
        if bad:
            raise RuntimeError(f"{len(bad)} mutations refused, first: {bad[0]}")
        for r in results:
            self.versions[r["row_id"]] = r["version"]
        return results

    def upsert(self, table: str, row_id: str, fields: dict) -> dict:
        return {"id": str(uuid.uuid4()), "table": table, "op": "upsert", "row_id": row_id,
                "base_version": self.versions.get(row_id), "fields": fields}

    def cursor(self) -> str | None:
        """The server's current cursor (pulls everything once; fine for a bench)."""
        return self.pull_from(None)[1]

    def pull_from(self, cursor: str | None) -> tuple[dict, str | None]:
        """Count the changes after `cursor` by table; return (counts, last cursor)."""
        counts: dict[str, int] = {}
        while True:
            params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            page = self.http.get(f"{self.base}/api/sync/pull", params=params, timeout=120).json()
            for change in page["changes"]:
                counts[change["table"]] = counts.get(change["table"], 0) + 1
            cursor = page["cursor"]
            if not page["has_more"]:
                return counts, cursor


    def pull_bytes(self, cursor: str | None, limit: int = 500) -> dict:
        """What a device pulls after `cursor` in pages of `limit`: JSON bytes raw and gzip -6."""
        raw = packed = pages = 0
        while True:
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            body = self.http.get(f"{self.base}/api/sync/pull", params=params, timeout=120).content
            raw, packed, pages = raw + len(body), packed + len(gzip.compress(body, 6)), pages + 1
            page = json.loads(body)
            cursor = page["cursor"]
            if not page["has_more"]:
                return {"raw": raw, "gzip6": packed, "pages": pages}


def seed_beneficiaries(dev: Device, n: int, seed: int = 42) -> list[str]:
    """Create n young people through the sync API (batches of 1000); return their ids."""
    rng = random.Random(seed)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n)]
    dev.push([dev.upsert("beneficiaries", rid, beneficiary(rng, i)) for i, rid in enumerate(ids)])
    return ids


def server_day(dev: Device, edit_ids: list[str], contact_ids: list[str], tag: str) -> int:
    """The office's share of a day: edits of young people's files and new contact notes."""
    muts = [dev.upsert("beneficiaries", rid, {"notes": f"Mis à jour au bureau ({tag}).",
                                              "phone": "06 11 22 33 44"}) for rid in edit_ids]
    for i, rid in enumerate(contact_ids):
        muts.append(dev.upsert("contacts", str(uuid.uuid4()), {
            "date": "2025-06-02T10:00:00Z", "channel": "telephone", "audience": "particulier",
            "subject": f"Appel du bureau {tag} n°{i}", "beneficiary_id": rid,
            "notes": "Rappel pour le dossier d'aide au permis."}))
    dev.push(muts)
    return len(muts)


def shell_weight(base: str, urls: list[str]) -> dict:
    """Fetch every precached URL from the server; sizes raw and gzip (levels 9 and 6)."""
    files, http = [], requests.Session()
    for url in urls:
        r = http.get(base + url, timeout=30, headers={"Accept-Encoding": "gzip"})
        r.raise_for_status()
        body = r.content
        files.append({"url": url, "raw": len(body), "gzip9": len(gzip.compress(body, 9)),
                      "gzip6": len(gzip.compress(body, 6)),
                      "served_encoding": r.headers.get("Content-Encoding", "identity"),
                      "kind": kind_of(url)})
    total = {k: sum(f[k] for f in files) for k in ("raw", "gzip9", "gzip6")}
    code = [f for f in files if f["kind"] != "icon"]
    total_code = {k: sum(f[k] for f in code) for k in ("raw", "gzip9", "gzip6")}
    return {"files": files, "total": total, "code": total_code, "n_files": len(files)}


def kind_of(url: str) -> str:
    if url == "/" or url.endswith(".html"):
        return "html"
    ext = url.rsplit(".", 1)[-1]
    return {"js": "js", "css": "css", "png": "icon", "webmanifest": "manifest",
            "woff2": "font", "woff": "font"}.get(ext, ext)


def precache_list(base: str) -> list[str]:
    """The SHELL list of the served sw.js (cross-checked against Cache Storage by the bench)."""
    sw = requests.get(base + "/sw.js", timeout=30).text
    block = re.search(r"const SHELL = \[([\s\S]*?)\];", sw).group(1)
    return re.findall(r"'([^']+)'", block)
