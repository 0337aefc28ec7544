"""Devices of bench/region_bench.py: a day's 300 changes, push, pull, every request timed."""
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

PUSH_MAX = 1000  # pwa/js/sync.js: a day's 300 changes leave in one batch
PULL_LIMIT = 1000  # the most GET /api/sync/pull gives in one page
# A day's 300 changes of a referent: 2 sessions, 60 attendances, 80 contacts, 20
# diagnostics, 38 action steps, and 100 edits of existing people (notes and phone).
DAY = {"sessions": 2, "attendances": 60, "contacts": 80, "diagnostics": 20,
       "action_steps": 38, "edits": 100}
NOW = "2026-12-04T17:30:00Z"


def percentile(values: list[float], p: float) -> float | None:
    """Return the p-th percentile (nearest rank) of values, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return ordered[int(rank) - 1]


@dataclass
class Recorder:
    """Every request of a run: kind, milliseconds, rows, and what went wrong."""

    calls: list[tuple[str, float, int]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, kind: str, ms: float, rows: int) -> None:
        with self.lock:
            self.calls.append((kind, ms, rows))

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1

    def summary(self, wall_s: float) -> dict:
        out = {"wall_s": round(wall_s, 2), "requests": len(self.calls),
               "requests_per_s": round(len(self.calls) / wall_s, 1),
               "rows": sum(r for _, _, r in self.calls),
               "rows_per_s": round(sum(r for _, _, r in self.calls) / wall_s),
               "errors": sum(self.errors.values()), "error_kinds": dict(self.errors)}
        for kind in sorted({k for k, _, _ in self.calls}):
            ms = [m for k, m, _ in self.calls if k == kind]
            out[kind] = {"requests": len(ms), "rows": sum(r for k, _, r in self.calls
                                                          if k == kind),
                         **{f"p{p}_ms": round(percentile(ms, p), 1) for p in (50, 95, 99)},
                         "max_ms": round(max(ms), 1)}
        return out


class RegionDevice:
    """One referent's tablet: its account, its structure, its cursor, its share of people."""

    def __init__(self, base: str, email: str, password: str, tenant: str, people: list,
                 seed: int):
        self.base, self.email, self.password, self.tenant = base, email, password, tenant
        self.people = people  # Person records of its structure it edits (its own share)
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.device_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.cursor: str | None = None
        self.next_edit = 0

    def login(self) -> None:
        r = self.http.post(f"{self.base}/api/auth/login", json={
            "email": self.email, "password": self.password, "device_id": self.device_id,
            "device_name": f"Tablette {self.email}"}, timeout=120)
        r.raise_for_status()
        self.http.headers["Authorization"] = "Bearer " + r.json()["access_token"]

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def mutation(self, table: str, fields: dict, row_id: str | None = None,
                 base: int | None = None) -> dict:
        return {"id": self.uuid(), "table": table, "op": "upsert",
                "row_id": row_id or self.uuid(), "base_version": base, "fields": fields,
                "client_ts": NOW}

    def day(self, everyone: list) -> list[dict]:
        """A day's 300 changes: what was done today, and edits of this device's people."""
        out, m = [], self.mutation
        seen = self.rng.sample(everyone, DAY["attendances"] // DAY["sessions"])
        for k in range(DAY["sessions"]):
            s = m("sessions", {"kind": "permanence", "title": f"Permanence du jour {k}",
                               "starts_at": "2026-12-04T09:00:00Z",
                               "ends_at": "2026-12-04T12:00:00Z", "place": "Saint-Claude"})
            out.append(s)
            out += [m("attendances", {"session_id": s["row_id"], "beneficiary_id": p.id,
                                      "present": True}) for p in seen]
        for _ in range(DAY["contacts"]):
            out.append(m("contacts", {"date": NOW, "channel": "telephone",
                                      "audience": "particulier", "subject": "Rendez-vous code",
                                      "beneficiary_id": self.rng.choice(everyone).id,
                                      "notes": "Rappel demain pour l'inscription au code."}))
        for _ in range(DAY["diagnostics"]):
            out.append(m("diagnostics", {"beneficiary_id": self.rng.choice(everyone).id,
                                         "date": "2026-12-04", "questionnaire_version": 1}))
        for _ in range(DAY["action_steps"]):
            out.append(m("action_steps", {"beneficiary_id": self.rng.choice(everyone).id,
                                          "label": "S'inscrire à l'auto-école sociale",
                                          "stage": "moyens", "status": "a-faire"}))
        for _ in range(DAY["edits"]):
            p = self.people[self.next_edit % len(self.people)]
            self.next_edit += 1
            out.append(m("beneficiaries", {"phone": "07%08d" % self.rng.randrange(10**8),
                                           "notes": "Suivi du jour : dossier code déposé."},
                         row_id=p.id, base=p.version))
        return out

    def _send(self, rec: Recorder, kind: str, method: str, path: str, **kw) -> dict | None:
        t0 = time.perf_counter()
        try:
            r = self.http.request(method, self.base + path, timeout=300, **kw)
        except requests.RequestException as exc:
            rec.error(f"{kind}: {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            rec.error(f"{kind}: HTTP {r.status_code}")
            return None
        body = r.json()
        rows = len(body.get("results") or body.get("changes") or [])
        rec.call(kind, ms, rows)
        return body

    def push(self, rec: Recorder, mutations: list[dict], by_id: dict) -> float:
        """Push in the app's batches; results not `applied` count as errors. Return seconds."""
        t0 = time.perf_counter()
        for i in range(0, len(mutations), PUSH_MAX):
            part = mutations[i:i + PUSH_MAX]
            body = self._send(rec, "push", "POST", "/api/sync/push", json={
                "client_id": self.device_id, "schema_version": 1, "mutations": part})
            for res in (body or {}).get("results", []):
                if res["status"] != "applied":
                    rec.error(f"push: {res['status']}")
                elif res["row_id"] in by_id:  # the device now knows the person's version
                    by_id[res["row_id"]].version = res["version"]
        return time.perf_counter() - t0

    def pull(self, rec: Recorder, kind: str = "pull") -> tuple[float, int]:
        """Pull from this device's cursor until has_more is false. Return (seconds, rows)."""
        t0, rows = time.perf_counter(), 0
        while True:
            params = {"limit": PULL_LIMIT, **({"cursor": self.cursor} if self.cursor else {})}
            page = self._send(rec, kind, "GET", "/api/sync/pull", params=params)
            if page is None:
                break
            rows += len(page["changes"])
            self.cursor = page["cursor"]
            if not page["has_more"]:
                break
        return time.perf_counter() - t0, rows
