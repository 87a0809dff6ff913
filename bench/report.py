"""Render the results files as the Markdown tables of BENCHMARKS.md.

The tables in BENCHMARKS.md are pasted from this script's output, so every
figure there can be traced to a results file and regenerated from it.

Usage: ``python bench/report.py`` prints Markdown to stdout.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, SIZES


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value}×"


def _short(where: str) -> str:
    """``…/lib/python3.11/json/encoder.py:205(f)`` -> ``json/encoder.py:205(f)``."""
    return re.sub(r"^.*?/(?:site-packages|python3\.\d+)/", "", where)


def _sizes(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(k, data["sizes"][k]) for k in SIZES if k in data.get("sizes", {})]


def embedded() -> list[str]:
    data = _load("embedded")
    if not data:
        return []
    out = [
        "| size | records | nodes | rels | floor s | iekg tables→graph s | ratio | "
        "records→graph vs bare nx | save s | load s | load vs floor | "
        "records→graph→save→load vs floor | tables→graph→save→load vs floor | "
        "peak MiB iekg / floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, r in _sizes(data):
        m, q = r["medians_seconds"], r["ratios"]
        peak = max(r["iekg"]["peak_rss_mib"].values())
        floor_peak = max(r["floor"]["peak_rss_mib"].values())
        out.append(
            f"| {size} (n={r['repeats']}) | {r['records']:,} | {r['nodes']:,} | "
            f"{r['relationships']:,} | {_s(m['floor_tables_to_graph'])} | "
            f"{_s(m['iekg_tables_to_graph'])} | **{q['tables_to_graph_vs_floor']}×** | "
            f"{q['records_to_graph_vs_bare_networkx']}× | {_s(m['iekg_save'])} | "
            f"{_s(m['iekg_load'])} | {q['load_saved_graph_vs_floor']}× | "
            f"**{_x(q.get('records_path_vs_floor'))}** | {_x(q.get('whole_path_vs_floor'))} | "
            f"{peak:,.0f} / {floor_peak:,.0f} |"
        )
    return out


def neo4j_load() -> list[str]:
    data = _load("neo4j_load")
    if not data:
        return []
    out = [
        "| size | rows | push s (2000/batch) | rows/s | one row per query | graphrag writer | "
        "neo4j-admin export + import s (÷ push) | push without rust-ext (÷ with) | "
        "two in flight (÷ one) | batch 500 / 5000 / 10000 (÷ 2000) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, r in _sizes(data):
        m, q = r["medians_seconds"], r["ratios"]
        rows = r["nodes"] + r["relationships"]
        per = r["per_row"]
        per_text = f"{q['per_row_extrapolated_vs_push']}× push" + (
            f" (extrapolated from {per['rows']:,} sampled rows)" if per["sampled"] else ""
        )
        graphrag = "–"
        if "graphrag_vs_push" in q:
            graphrag = f"{_s(m['graphrag'])} s, {q['graphrag_vs_push']}× push"
        batches = " / ".join(
            f"{q[f'push_{b}_vs_2000']}×" for b in (500, 5000, 10000) if f"push_{b}_vs_2000" in q
        )
        out.append(
            f"| {size} (n={r['repeats']}) | {rows:,} | {_s(m['push_2000'])} | "
            f"{r['rows_per_second']['push_2000']:,} | {per_text} | {graphrag} | "
            f"{_s(m['admin_import'])} ({q['admin_import_vs_push']}×) | "
            f"{_x(q.get('push_without_rust_vs_with'))} | {_x(q.get('push_2_workers_vs_1'))} | "
            f"{batches or '–'} |"
        )
    return out


def questions() -> list[str]:
    data = _load("questions")
    if not data:
        return []
    sizes = _sizes(data)
    head = "| question | parameters | " + " | ".join(
        f"{s} embedded p50 / p95 | {s} Neo4j p50 / p95" for s, _ in sizes
    )
    out = [head + " |", "|---|---|" + "---|" * (2 * len(sizes))]
    first = sizes[0][1]["cases"]
    for i, case in enumerate(first):
        params = ", ".join(f"{k}={v}" for k, v in case["params"].items()) or "(defaults)"
        cells = []
        for _, r in sizes:
            c = r["cases"][i]
            for backend in ("embedded", "neo4j"):
                b = c[backend]
                if b.get("not_measured"):
                    cells.append("not measured")
                elif b["p95"] is None:
                    cells.append(f"> {b['timed_out_after']:.0f} ⚠")
                else:
                    flag = " ⚠" if b["p95"] > data["target_p95_seconds"] else ""
                    cells.append(f"{_s(b['median'])} / {_s(b['p95'])}{flag}")
        out.append(f"| {case['question']} | {params} | " + " | ".join(cells) + " |")
    return out


def first_calls() -> list[str]:
    """The first call of each whole-graph case at the largest size (``bench/questions.py``)."""
    data = _load("questions")
    if not data:
        return []
    size, found = _sizes(data)[-1]
    out = [f"| question ({size}, whole graph) | first call, embedded | first call, Neo4j | rows |",
           "|---|---|---|---|"]  # fmt: skip
    for case in found["cases"]:
        if any(k in case["params"] for k in ("name", "a", "school", "enterprise", "alliance",
                                             "organization", "region")):  # fmt: skip
            continue  # a neighbourhood: no whole-graph read
        params = ", ".join(f"{k}={v}" for k, v in case["params"].items())
        cells = [_s(case[b].get("first_call")) + " s" for b in ("embedded", "neo4j")]
        rows = case["embedded"].get("rows")
        out.append(f"| `{case['question']}` {params} | " + " | ".join(cells) + f" | {rows:,} |")
    return out


def neo4j_first_calls() -> list[str]:
    data = _load("neo4j_first_calls")
    if not data:
        return []
    keys = ("first call s", "planning s", "server s", "read s", "unplanned read s",
            "unplanned read, checked first s", "kept s")  # fmt: skip
    out = ["| question | " + " | ".join(k.removesuffix(" s") for k in keys) + " |",
           "|---|" + "---|" * len(keys)]  # fmt: skip
    for r in data["questions"]:
        out.append(f"| `{r['question']}` | " + " | ".join(_s(r[k]) for k in keys) + " |")
    return out


def profile(step: str, size: str) -> list[str]:
    data = _load(f"profile-{step}-{size}")
    if not data:
        return []
    out = [f"{data['seconds_under_profiler']} s under cProfile.", "",
           "| function | calls | own s | share |", "|---|---|---|---|"]  # fmt: skip
    for r in data["by_own_time"][:12]:
        out.append(
            f"| `{_short(r['function'])}` | {r['calls']:,} | {r['own_s']} | {r['own_share']:.0%} |"
        )
    out += ["", "| function (cumulative) | calls | s | share |", "|---|---|---|---|"]
    for r in data["by_cumulative_time"][:15]:
        out.append(
            f"| `{_short(r['function'])}` | {r['calls']:,} | {r['cumulative_s']} | "
            f"{r['cumulative_share']:.0%} |"
        )
    return out


def cli_exit() -> list[str]:
    data = _load("cli_exit")
    if not data:
        return []
    out = [
        "| command | size | ended at once | ended ordinarily | saved (median of pairs) |",
        "|---|---|---|---|---|",
    ]
    for size, found in _sizes(data):
        for name, r in found.items():
            if isinstance(r, dict) and "teardown_s" in r:
                out.append(
                    f"| `iekg {name}` | {size} | {_s(r['ended_at_once_s']['median'])} s "
                    f"| {_s(r['ended_ordinarily_s']['median'])} s "
                    f"| {_s(r['teardown_s']['median'])} s |"
                )
    return out


def main() -> int:
    for title, lines in (
        ("Embedded", embedded()),
        ("Neo4j load", neo4j_load()),
        ("Questions", questions()),
        ("First calls", first_calls()),
        ("Where a first call on Neo4j goes", neo4j_first_calls()),
        ("The iekg command's ending", cli_exit()),
        ("Profile: tables → records at 100k", profile("tables", "100k")),
        ("Profile: records → graph at 100k", profile("build", "100k")),
        ("Profile: records → graph at 1M", profile("build", "1M")),
        ("Profile: save at 100k", profile("save", "100k")),
        ("Profile: load at 100k", profile("load", "100k")),
    ):
        if lines:
            print(f"### {title}\n")
            print("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
