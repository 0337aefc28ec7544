"""Ratios vs the peer and the readable tables of bench/sync_bench.py."""
import statistics


def ratios(ours: dict, peer: dict) -> dict:
    """Speed-ups vs the peer (> 1: we are faster): rate / rate, or their time / our time."""
    s, n = ours["steps"], ours["noop"]
    return {"push_b500": s["push_b500"]["rows_per_s"] / peer["push"]["b500"]["docs_per_s"],
            "pull_l500": s["pull_l500"]["rows_per_s"] / peer["pull"]["b500"]["docs_per_s"],
            "pull_l1000": s["pull_l1000"]["rows_per_s"] / peer["pull"]["b500"]["docs_per_s"],
            "incremental_push": peer["incremental_push"]["ms"] / s["incremental_push"]["ms"],
            "incremental_pull": peer["incremental_pull"]["ms"] / s["incremental_pull"]["ms"],
            "noop_push": peer["noop"]["push_ms_median"] / n["push_ms_median"],
            "noop_pull": peer["noop"]["pull_ms_median"] / n["pull_ms_median"],
            "noop_sync": peer["noop"]["sync_bidir_ms_median"] / n["sync_ms_median"]}


def peer_summary(p: dict) -> dict:
    keep = ("push", "pull", "incremental_push", "incremental_pull", "noop", "server_adapter",
            "avg_doc_json_bytes", "server_cpu_s", "client_cpu_s", "foreign_cpu_s",
            "total_wall_s", "loadavg_1m_start", "versions", "http_requests")
    return {k: p.get(k) for k in keep}


def table_rows(r: dict) -> list[tuple[str, str, str | None]]:
    def k(x):
        return f"{x // 1000}k" if x % 1000 == 0 else str(x)
    n, pre, e = k(r["n"]), k(r["preload_rows"]), r["edits"]
    return [(f"push {n}, batches of 500", "push_b500", "push_b500"),
            (f"pull {n}, limit 500", "pull_l500", "pull_l500"),
            (f"pull {n}, limit 1000", "pull_l1000", "pull_l1000"),
            (f"day's work: push {e} edits", "incremental_push", "incremental_push"),
            (f"day's work: pull {e} edits", "incremental_pull", "incremental_pull"),
            (f"extra: preload push {pre} b1000", "preload_push_b1000", None),
            (f"extra: initial pull {pre} l1000", "initial_pull_100k_l1000", None),
            (f"extra: initial pull {k(r['n'] + r['preload_rows'])} l500", "full_pull_l500", None),
            (f"extra: initial pull {k(r['n'] + r['preload_rows'])} l1000", "full_pull_l1000",
             None)]


def fmt_step(st: dict) -> str:
    rate = f"{st['rows_per_s']:>7,}/s" if st["rows_per_s"] else ""
    return f"{st['s']:7.3f} s {rate:>10}"


def print_table(runs: list[dict], peer: dict | None) -> None:
    head = f"{'step':<32}" + "".join(f"{r['engine']:>22}{'vs peer':>9}" for r in runs)
    print(head + (f"{'peer':>22}" if peer else ""))
    for label, key, rkey in table_rows(runs[0]):
        line = f"{label:<32}"
        for r in runs:
            ratio = r.get("vs_peer", {}).get(rkey) if rkey else None
            line += f"{fmt_step(r['steps'][key]):>22}" + (f"{ratio:8.2f}x" if ratio else " " * 9)
        if peer and rkey:
            which = {"push_b500": ("push", "b500"), "pull_l500": ("pull", "b500"),
                     "pull_l1000": ("pull", "b500")}.get(rkey)
            p = peer[which[0]][which[1]] if which else peer[rkey]
            line += f"{p['s']:9.3f} s {p['docs_per_s']:>7,}/s"
        print(line, flush=True)
    for label, key, pkey in (("no-op push (median, ms)", "push_ms_median", "push_ms_median"),
                             ("no-op pull (median, ms)", "pull_ms_median", "pull_ms_median"),
                             ("no-op sync (median, ms)", "sync_ms_median", "sync_bidir_ms_median")):
        line = f"{label:<32}"
        for r in runs:
            ratio = r.get("vs_peer", {}).get("noop_" + key.split("_")[0])
            line += f"{r['noop'][key]:>20.1f}ms" + (f"{ratio:8.2f}x" if ratio else " " * 9)
        print(line + (f"{peer['noop'][pkey]:>20.1f}ms" if peer else ""))
    for r in runs:
        print(f"{r['engine']}: server CPU {r['server_cpu_s']} s, database CPU {r['db_cpu_s']} s, "
              f"client CPU {r['client_cpu_s']} s,"
              f" foreign CPU ~{r['foreign_cpu_s']} s, load {r['loadavg_1m_start']} -> "
              f"{r['loadavg_1m_end']}; {r['server_cmd']}")
    if peer:
        print(f"peer: server CPU {peer['server_cpu_s']} s, client CPU {peer['client_cpu_s']} s, "
              f"foreign CPU ~{peer['foreign_cpu_s']} s, load {peer['loadavg_1m_start']}")


def median_runs(rounds: list[tuple[list[dict], dict | None]]) -> tuple[list[dict], dict | None]:
    """Per engine, the median over rounds of every timing and ratio (for --rounds > 1)."""
    med = statistics.median
    runs = []
    for engine in [r["engine"] for r in rounds[0][0]]:
        mine = [r for rr, _ in rounds for r in rr if r["engine"] == engine]
        out = {**mine[-1], "steps": {}, "noop": {}}
        for key, st in mine[0]["steps"].items():
            s = med(r["steps"][key]["s"] for r in mine)
            out["steps"][key] = {**st, "s": round(s, 4), "ms": round(s * 1000, 1),
                                 "rows_per_s": round(st["rows"] / s) if st["rows"] else None}
        for key in ("push_ms_median", "pull_ms_median", "sync_ms_median"):
            out["noop"][key] = med(r["noop"][key] for r in mine)
        if all("vs_peer" in r for r in mine):
            out["vs_peer"] = {k: med(r["vs_peer"][k] for r in mine) for k in mine[0]["vs_peer"]}
        for key in ("server_cpu_s", "db_cpu_s", "client_cpu_s", "foreign_cpu_s"):
            out[key] = round(med(r[key] for r in mine), 1)
        out["loadavg_1m_start"] = min(r["loadavg_1m_start"] for r in mine)
        out["loadavg_1m_end"] = max(r["loadavg_1m_end"] for r in mine)
        runs.append(out)
    peers = [p for _, p in rounds if p]
    if not peers:
        return runs, None
    peer = {**peers[-1]}
    for step in ("push", "pull"):
        peer[step] = {b: {"s": med(p[step][b]["s"] for p in peers),
                          "docs_per_s": round(med(p[step][b]["docs_per_s"] for p in peers))}
                      for b in peers[0][step]}
    for step in ("incremental_push", "incremental_pull"):
        peer[step] = {"s": med(p[step]["s"] for p in peers), "ms": med(p[step]["ms"] for p in peers),
                      "docs_per_s": round(med(p[step]["docs_per_s"] for p in peers))}
    peer["noop"] = {k: med(p["noop"][k] for p in peers)
                    for k in ("push_ms_median", "pull_ms_median", "sync_bidir_ms_median")}
    for key in ("server_cpu_s", "client_cpu_s", "foreign_cpu_s"):
        peer[key] = round(med(p[key] for p in peers), 1)
    peer["loadavg_1m_start"] = min(p["loadavg_1m_start"] for p in peers)
    return runs, peer
