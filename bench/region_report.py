"""EXPLAIN of the pull query and the readable table of bench/region_bench.py."""
import re
import statistics

import psycopg

CASELOAD = ("beneficiaries", "diagnostics", "objectives", "action_steps", "contacts",
            "sessions", "attendances", "outcomes")
# What SqlStore.changes asks of each table for a page of 1000 + 1 (server/services/sync_store.py
# `_page`: the versions only, all tables in one UNION ALL; then the page's rows by version).
PULL = ("SELECT version FROM {table} WHERE version <= %(ceiling)s {after} "
        "AND tenant_id = %(tenant)s ORDER BY version LIMIT 1001")


def _read(plan: str) -> dict:
    """The index a plan scans first, whether it scans a table whole, and its run time."""
    index = re.search(r"Index (?:Only )?Scan(?: Backward)? (?:using|on) (\S+)", plan)
    took = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return {"index": index.group(1) if index else None, "seq_scan": "Seq Scan" in plan,
            "ms": float(took.group(1)) if took else None}


def explain(url: str, tenant: str, after: int) -> dict:
    """EXPLAIN ANALYZE the pull query as the app's role, in one structure: after `after`
    (a day's pull) and from the start (a first sync); name the index each plan scans."""
    out: dict = {"plans": {}}
    with psycopg.connect(url) as conn:
        conn.execute("SELECT set_config('mhj.tenant', %s, false)", (tenant,))
        ceiling = conn.execute("SELECT value FROM sync_clock").fetchone()[0]
        for table in CASELOAD:
            for kind, cond in (("day", "AND version > %(after)s"), ("first", "")):
                sql = "EXPLAIN (ANALYZE, BUFFERS) " + PULL.format(table=table, after=cond)
                plan = [r[0] for r in conn.execute(sql, {"ceiling": ceiling, "after": after,
                                                         "tenant": tenant})]
                out["plans"][f"{table}/{kind}"] = _read("\n".join(plan))
                if table in ("beneficiaries", "contacts"):
                    out[f"{table}_{kind}_plan"] = plan
    plans = out["plans"].values()
    out["all_use_tenant_version_index"] = all(
        (p["index"] or "").endswith("_tenant_version") for p in plans)
    out["any_seq_scan"] = any(p["seq_scan"] for p in plans)
    return out


def explain_both(url: str, admin_url: str, tenant: str, after: int) -> dict:
    """The plans with the statistics the storm left, after an ANALYZE, and the biggest
    tables' day pull on the (tenant_id, version) index alone."""
    stale = explain(url, tenant, after)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return {"after_storm": stale, "after_analyze": explain(url, tenant, after),
            "without_version_index": _without_version_index(admin_url, tenant, after)}


def _without_version_index(admin_url: str, tenant: str, after: int) -> dict:
    """A day's pull of the biggest tables when only (tenant_id, version) can serve it: the
    version-only index is dropped inside a transaction that is rolled back."""
    out = {}
    with psycopg.connect(admin_url) as conn:
        ceiling = conn.execute("SELECT value FROM sync_clock").fetchone()[0]
        for table in ("contacts", "attendances"):
            conn.execute(f"DROP INDEX ix_{table}_version")
            sql = "EXPLAIN (ANALYZE, BUFFERS) " + PULL.format(
                table=table, after="AND version > %(after)s")
            out[f"{table}/day"] = _read("\n".join(r[0] for r in conn.execute(
                sql, {"ceiling": ceiling, "after": after, "tenant": tenant})))
        conn.rollback()
    return out


def _pcts(st: dict | None) -> str:
    if not st:
        return "-"
    return f"{st['p50_ms']:.0f}/{st['p95_ms']:.0f}/{st['p99_ms']:.0f}"


def print_table(results: list[dict]) -> None:
    """One column per caseload size."""
    def first(r):
        fs = r["first_sync"]
        if not fs:
            return "-"
        return (f"{statistics.median(x['rows'] for x in fs):,.0f} rows "
                f"{statistics.median(x['s'] for x in fs):.1f} s (n={len(fs)})")

    lines = [
        ("caseload rows", lambda r: f"{r['caseload_rows']:,}"),
        ("generated in (COPY)", lambda r: f"{r.get('generate_s', 0):.0f} s"),
        ("first sync, one device", first),
        ("storm: wall", lambda r: f"{r['storm']['wall_s']:.1f} s"),
        ("storm: requests/s", lambda r: f"{r['storm']['requests_per_s']:.1f}"),
        ("storm: rows/s (pushed+pulled)", lambda r: f"{r['storm']['rows_per_s']:,}"),
        ("storm: push p50/p95/p99 ms", lambda r: _pcts(r["storm"].get("push"))),
        ("storm: pull p50/p95/p99 ms", lambda r: _pcts(r["storm"].get("pull"))),
        ("storm: device's sync p50/max ms", lambda r: "{p50}/{max}".format(
            **r["storm"]["device_sync_ms"])),
        ("storm: errors", lambda r: f"{r['storm']['errors']} {r['storm']['error_kinds'] or ''}"),
        ("storm: CPU s server/db/client/other", lambda r: "{server_cpu_s}/{db_cpu_s}/"
         "{client_cpu_s}/{foreign_cpu_s}".format(**r["storm"])),
        ("alone: push 300 ms", lambda r: f"{r['alone']['push_300_ms']:.0f}"),
        ("alone: pull a day's changes ms", lambda r: f"{r['alone']['pull_day_ms']:.0f} "
         f"({r['alone']['pull_day_rows']} rows)"),
        ("alone: a day's sync ms", lambda r: f"{r['alone']['day_sync_ms']:.0f}"),
        ("alone: server+db CPU ms push/pull/sync", lambda r: "{push_cpu_ms}/{pull_cpu_ms}/"
         "{sync_cpu_ms}".format(**r["alone"]) if "push_cpu_ms" in r["alone"] else "-"),
        ("(tenant_id, version) index: storm/ANALYZE", lambda r: "/".join(
            "all tables" if r["explain"][k]["all_use_tenant_version_index"] else "NOT all"
            for k in ("after_storm", "after_analyze"))),
        ("pull query, contacts (day) ms", lambda r: "/".join(
            str(r["explain"][k]["plans"]["contacts/day"]["ms"])
            for k in ("after_storm", "after_analyze"))),
        ("contacts (day) on (tenant_id, version) ms", lambda r: str(
            r["explain"].get("without_version_index", {}).get("contacts/day", {}).get("ms"))),
        ("storm: pushes waiting on a lock", lambda r: "max {max}, mean {mean}".format(
            **r["storm"]["lock_waits"])),
        ("load average start/end", lambda r: f"{r['loadavg_1m_start']}/{r['loadavg_1m_end']}"),
    ]
    print()
    print(f"{'':<36}" + "".join(f"{r['size']:>34,}" for r in results))
    for label, fn in lines:
        print(f"{label:<36}" + "".join(f"{fn(r):>34}" for r in results))
