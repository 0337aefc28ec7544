"""Caseload for bench/region_bench.py, written straight into PostgreSQL with COPY.

Per 100 young people a structure holds, on average: 100 people, 80 diagnostics, 80
objectives, 150 action steps, 250 contacts, 300 attendances at 10 sessions, 30 outcomes:
1,000 rows, ten per person. Person n belongs to structure n % S, and every row about a
person to the same one; versions follow the order of writing (a person and their
records together), so every structure's rows are spread over the whole version range
as they would be after months of syncs from several structures.
"""
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

ROWS_PER_PERSON = 10
PEOPLE_PER_SESSION = 10
BOOK = ("id", "version", "created_version", "deleted", "field_versions", "field_writers",
        "tenant_id", "created_at", "updated_at")
COLUMNS = {
    "beneficiaries": ("first_name", "last_name", "birth_date", "sex", "commune", "phone",
                      "status", "consent_at", "notes"),
    "diagnostics": ("beneficiary_id", "date", "questionnaire_version", "answers", "levels",
                    "stage"),
    "objectives": ("beneficiary_id", "diagnostic_id", "stage", "label", "status"),
    "action_steps": ("beneficiary_id", "stage", "label", "due_date", "status", "carried_by"),
    "contacts": ("date", "channel", "audience", "subject", "beneficiary_id", "notes"),
    "sessions": ("kind", "title", "starts_at", "ends_at", "place", "public", "notes"),
    "attendances": ("session_id", "beneficiary_id", "present"),
    "outcomes": ("beneficiary_id", "kind", "date", "notes"),
}
FIRST = "Léa Chloé Emma Manon Camille Inès Sarah Jade Lucas Hugo Nathan Enzo Théo Noah".split()
LAST = "Martin Bernard Dubois Thomas Robert Petit Durand Leroy Moreau Simon Laurent".split()
COMMUNES = ("Saint-Claude", "Morez", "Oyonnax", "Champagnole", "Lons-le-Saunier", "Moirans")
WORDS = ("suivi entretien permis code vélo bus covoiturage atelier rendez-vous formation "
         "stage emploi démarche dossier aide transport horaires trajet").split()
STATUSES = ("cej", "scolaire", "demandeur-emploi", "salarie", "formation", "sans-activite")
STAGES = ("apprendre", "envie", "moyens", "autonomie")


@dataclass
class Person:
    id: str
    tenant: str
    version: int


@dataclass
class Caseload:
    """What the bench needs to know of the rows it wrote: people, per structure."""

    people: dict[str, list[Person]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _text(rng: random.Random, length: int) -> str:
    out = []
    while sum(len(w) + 1 for w in out) < length:
        out.append(rng.choice(WORDS))
    return " ".join(out)[:length]


class Writer:
    """Format rows as COPY text lines, one buffer per table, bookkeeping included."""

    def __init__(self, rng: random.Random, version: int, stamp: str):
        self.rng, self.version, self.stamp = rng, version, stamp
        self.lines: dict[str, list[str]] = {name: [] for name in COLUMNS}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, tenant: str, values: tuple, row_id: str | None = None) -> tuple:
        self.version += 1
        row_id = row_id or self.uuid()
        cells = (row_id, self.version, self.version, "f", "{}", "{}", tenant, self.stamp,
                 self.stamp, *values)
        self.lines[table].append("\t".join(r"\N" if v is None else str(v) for v in cells))
        return row_id, self.version


def generate(conn, people: int, structures: list[str], caseload: Caseload,
             chunk: int = 6000, seed: int = 20261204) -> Caseload:
    """Add `people` young people and their records (10 rows each) to the database.

    `people` must be a multiple of 10 × the structures' count (whole sessions)."""
    n_struct = len(structures)
    per_session = PEOPLE_PER_SESSION * n_struct
    if people % per_session or chunk % per_session or min(people, chunk) < 3 * per_session:
        # Each person attends three different sessions of the chunk.
        raise ValueError(f"people and chunk must be multiples of {per_session}, "
                         f"at least {3 * per_session}")
    rng = random.Random(seed + caseload.total)
    clock = conn.execute("SELECT value FROM sync_clock WHERE id = 1").fetchone()[0]
    start = sum(len(v) for v in caseload.people.values())
    stamp = "2026-11-30 18:00:00"
    for c0 in range(0, people, chunk):
        w = Writer(rng, clock, stamp)
        n = min(chunk, people - c0)
        # Sessions first: n / 10 per chunk, spread evenly over the structures.
        sessions = {t: [w.add("sessions", t, (
            "permanence", f"Permanence mobilité {k}", "2026-11-%02dT09:00:00" % (1 + k % 28),
            "2026-11-%02dT12:00:00" % (1 + k % 28), rng.choice(COMMUNES), "t",
            _text(rng, 80)))[0] for k in range(n // per_session)] for t in structures}
        for i in range(n):
            gi = start + c0 + i
            t = structures[gi % n_struct]
            local = i // n_struct  # this person's rank in the chunk, in its structure
            rank = gi // n_struct  # in its structure overall: every structure alike
            birth = date(2000, 1, 1) + timedelta(days=rng.randrange(3650))
            pid, pv = w.add("beneficiaries", t, (
                rng.choice(FIRST), rng.choice(LAST), birth.isoformat(), rng.choice("FM"),
                rng.choice(COMMUNES), "06%08d" % rng.randrange(10**8), rng.choice(STATUSES),
                "2025-09-15T10:00:00", _text(rng, 120)))
            caseload.people.setdefault(t, []).append(Person(pid, t, pv))
            diag = None
            if rank % 5:
                diag, _ = w.add("diagnostics", t, (
                    pid, "2025-10-01", 1, '{"permis": "non"}', '{"permis": 1}',
                    rng.choice(STAGES)))
                w.add("objectives", t, (pid, diag, rng.choice(STAGES), "Passer le code",
                                        "en-cours"))
            for _ in range(2 if rank % 2 else 1):
                w.add("action_steps", t, (pid, rng.choice(STAGES), _text(rng, 40),
                                          "2026-12-15", "a-faire", "jeune"))
            for _ in range(3 if rank % 2 else 2):
                w.add("contacts", t, ("2026-10-02T14:00:00", "telephone", "particulier",
                                      _text(rng, 30), pid, _text(rng, 100)))
            mine = sessions[t]
            for j in range(3):  # three different sessions, so (session, person) stays unique
                w.add("attendances", t, (mine[((local // 30) * 3 + j) % len(mine)], pid, "t"))
            if rank % 10 < 3:
                w.add("outcomes", t, (pid, "code-obtenu", "2026-06-01", None))
        _copy(conn, w.lines)
        clock = w.version
        conn.execute("UPDATE sync_clock SET value = %s WHERE id = 1", (clock,))
        conn.commit()
        for table, lines in w.lines.items():
            caseload.rows[table] = caseload.rows.get(table, 0) + len(lines)
    conn.execute("ANALYZE")
    conn.commit()
    return caseload


def _copy(conn, lines: dict[str, list[str]]) -> None:
    for table, rows in lines.items():
        if not rows:
            continue
        cols = ", ".join((*BOOK, *COLUMNS[table]))
        with conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for i in range(0, len(rows), 5000):
                copy.write("\n".join(rows[i:i + 5000]) + "\n")
