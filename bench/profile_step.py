"""Profile one step at one size with cProfile and summarise where the time goes.

Steps: ``tables`` (CSV sheets → records), ``build`` (records →
KnowledgeGraph), ``save`` and ``load`` (the embedded store), ``push`` (the
graph → Neo4j, on the managed server). The summary lists the functions with
the most own time and the most cumulative time, with their share of the
step, and the full profile is saved beside it for ``python -m pstats``.

Usage::

    python bench/profile_step.py --step tables --size 1M

writes ``bench/results/profile-<step>-<size>.json`` (and a ``.prof`` file in
``bench/work``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, bench_server, dataset, load_graph, store_folder, write_result

TOP = 20


def _where(func: tuple[str, int, str]) -> str:
    path, line, name = func
    root = str(Path(__file__).resolve().parent.parent) + "/"
    return f"{path.replace(root, '')}:{line}({name})"


def summarise(stats: pstats.Stats, total: float) -> dict[str, Any]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = [
        {"function": _where(func), "calls": nc, "own_s": round(tt, 3), "cumulative_s": round(ct, 3),
         "own_share": round(tt / total, 3), "cumulative_share": round(ct / total, 3)}
        for func, (_cc, nc, tt, ct, _callers) in raw.items()
    ]  # fmt: skip
    return {
        "by_own_time": sorted(rows, key=lambda r: -r["own_s"])[:TOP],
        "by_cumulative_time": sorted(rows, key=lambda r: -r["cumulative_s"])[:TOP],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--step", choices=("tables", "build", "save", "load", "push"), required=True)
    ap.add_argument("--size", default="1M")
    args = ap.parse_args(argv)
    from graph.embedded_store import EmbeddedStore
    from graph.knowledge_graph import KnowledgeGraph
    from loaders.tables import read_table_folder

    folder = dataset(args.size)
    profiler = cProfile.Profile()
    context: Any = None
    if args.step == "tables":
        work = lambda: read_table_folder(folder)  # noqa: E731
    elif args.step == "build":
        records = read_table_folder(folder).records
        work = lambda: KnowledgeGraph().add(records)  # noqa: E731
    elif args.step == "save":
        kg = load_graph(args.size)
        work = lambda: EmbeddedStore(WORK / "profile-save").write_graph(kg)  # noqa: E731
    elif args.step == "load":
        store = EmbeddedStore(store_folder(args.size))
        work = store.read_graph
    else:
        from graph.neo4j_store import Neo4jStore

        kg = load_graph(args.size)
        context = bench_server()
        conn = context.__enter__()
        target = Neo4jStore(conn.uri, password=None)
        target.ensure_schema()
        work = lambda: target.push(kg)  # noqa: E731
    started = time.perf_counter()
    try:
        profiler.runcall(work)
    finally:
        if context is not None:
            context.__exit__(None, None, None)
    total = time.perf_counter() - started
    name = f"profile-{args.step}-{args.size}"
    prof = WORK / f"{name}.prof"
    profiler.dump_stats(str(prof))
    stats = pstats.Stats(str(prof))
    path = write_result(name, {
        "command": f"python bench/profile_step.py --step {args.step} --size {args.size}",
        "step": args.step,
        "size": args.size,
        "seconds_under_profiler": round(total, 2),
        "profile_file": str(prof),
        **summarise(stats, total),
    })  # fmt: skip
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
