"""Workload and sync client for bench/sync_bench.py: the issue's contract over HTTP.

Only stdlib + requests. The rows mirror the peer's docs (../shared/bench-peer/peer_bench.js):
first_name, last_name, birth_date '2006-03-14', sex 'F', commune 'Saint-Claude', phone, and
200 chars of notes, generated from a fixed seed.
"""
import json
import random
import time
import uuid

import requests

TABLE = "beneficiaries"
FIRST = ("Léa Chloé Emma Manon Camille Inès Sarah Jade Louise Zoé "
         "Lucas Hugo Nathan Enzo Louis Théo Tom Jules Mathis Noah").split()
LAST = ("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
        "Laurent Lefebvre Michel Garcia David Bertrand").split()
WORDS = ("suivi entretien famille scolarité orientation logement santé insertion atelier "
         "rendez-vous mission locale projet formation stage emploi accompagnement éducateur "
         "référent bilan démarche dossier aide jeune situation contact partenaire").split()


class Workload:
    """Deterministic rows and mutations (same seed, same workload on every run)."""

    def __init__(self, seed: int = 20060314):
        self.rng = random.Random(seed)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def notes(self) -> str:
        words = []
        while sum(len(w) + 1 for w in words) < 200:
            words.append(self.rng.choice(WORDS))
        return " ".join(words)[:200]

    def row(self) -> dict:
        return {"first_name": self.rng.choice(FIRST), "last_name": self.rng.choice(LAST),
                "birth_date": "2006-03-14", "sex": "F", "commune": "Saint-Claude",
                "phone": "0612345678", "notes": self.notes()}

    def mutation(self, row_id: str, fields: dict, base_version: int | None = None) -> dict:
        return {"id": self.uuid(), "table": TABLE, "op": "upsert", "row_id": row_id,
                "base_version": base_version, "fields": fields,
                "client_ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    def creates(self, n: int) -> list[dict]:
        return [self.mutation(self.uuid(), self.row()) for _ in range(n)]

    def edits(self, versions: dict[str, int], n: int) -> list[dict]:
        """Edit n rows spread evenly over `versions` (row_id -> version): notes and phone."""
        ids = list(versions)
        step = max(1, len(ids) // n)
        return [self.mutation(rid, {"notes": self.notes(), "phone": "0698765432"},
                              versions[rid]) for rid in ids[::step][:n]]


def row_json_bytes(mutations: list[dict]) -> int:
    """Average size of a row as JSON ({"id", fields}), comparable to the peer's docs."""
    sample = mutations[:1000]
    return round(sum(len(json.dumps({"id": m["row_id"], **m["fields"]}, ensure_ascii=False))
                     for m in sample) / len(sample))


class Device:
    """One logged-in device: a keep-alive HTTP session, its own pull cursor."""

    def __init__(self, base: str, email: str, password: str, name: str):
        self.base, self.http, self.requests = base, requests.Session(), 0
        self.device_id = str(uuid.uuid4())
        r = self.http.post(f"{base}/api/auth/login", json={
            "email": email, "password": password, "device_id": self.device_id,
            "device_name": name}, timeout=60)
        r.raise_for_status()
        self.http.headers["Authorization"] = "Bearer " + r.json()["access_token"]
        self.cursor: str | None = None

    def _call(self, method: str, path: str, **kw) -> dict:
        self.requests += 1
        r = self.http.request(method, self.base + path, timeout=300, **kw)
        if r.status_code != 200:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json()

    def push(self, mutations: list[dict], batch: int) -> tuple[float, dict[str, int]]:
        """Push in batches; every result must be `applied`. Return (seconds, versions)."""
        versions, t0 = {}, time.perf_counter()
        for i in range(0, max(len(mutations), 1), batch):
            part = mutations[i:i + batch]
            body = {"client_id": self.device_id, "schema_version": 1, "mutations": part}
            results = self._call("POST", "/api/sync/push", json=body)["results"]
            if len(results) != len(part):
                raise RuntimeError(f"push: {len(results)} results for {len(part)} mutations")
            for res in results:
                if res["status"] != "applied":
                    raise RuntimeError(f"push: mutation not applied: {res}")
                versions[res["row_id"]] = res["version"]
        return time.perf_counter() - t0, versions

    def pull(self, limit: int, cursor: str | None = "keep") -> tuple[float, dict[str, int]]:
        """Pull until has_more is false (from `cursor`, default this device's own).

        Return (seconds, row_id -> version received) and keep the final cursor."""
        cursor = self.cursor if cursor == "keep" else cursor
        got, t0 = {}, time.perf_counter()
        while True:
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            page = self._call("GET", "/api/sync/pull", params=params)
            for change in page["changes"]:
                if change["table"] == TABLE and change["data"] is None:
                    raise RuntimeError(f"pull: row without data: {change}")
                got[change["row_id"]] = change["version"]
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        self.cursor = cursor
        return time.perf_counter() - t0, got

    def counted(self, fn, *args, **kw):
        """Run fn and return (its result, HTTP requests it made)."""
        before = self.requests
        out = fn(*args, **kw)
        return out, self.requests - before


def expect(got: dict[str, int], want: dict[str, int], what: str) -> None:
    """Check that a pull brought exactly the wanted rows at the wanted versions."""
    missing = [k for k, v in want.items() if got.get(k) != v]
    extra = len(set(got) - set(want))
    if missing or extra:
        raise RuntimeError(f"{what}: {len(missing)} rows missing or stale, {extra} unexpected")
