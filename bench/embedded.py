"""Embedded path against its floor: tables → records → KnowledgeGraph → save → load.

The floor is what no graph tool can beat on the same input: pandas reading
the same CSV sheets and a bare ``networkx.MultiDiGraph`` built from the rows
(names as node keys, row values as attributes, no validation, no ids, no
provenance). The iekg path does all of that work and more, so the ratio says
what the schema checks, name resolution and provenance cost.

Each step runs in a fresh interpreter so its peak resident memory
(``ru_maxrss``) is its own; floor, pipeline and load alternate repeat by
repeat so that drift on a shared machine hits all three alike.

Usage::

    python bench/embedded.py --sizes 10k,100k,1M --repeats 3

writes ``bench/results/embedded.json``. For a trial run that must not
replace it, point ``IEKG_BENCH_RESULTS`` at another folder::

    IEKG_BENCH_RESULTS=/tmp/trial python bench/embedded.py --sizes 10k,100k
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    WORK,
    dataset,
    emit,
    median,
    parse_sizes,
    peak_rss_mib,
    ratio,
    run_child,
    summary,
    timed,
    write_result,
)

SHEETS = ("sources", "regions", "organizations", "people", "projects", "events", "relationships")


# -- the steps, each run in its own process ----------------------------------------
def step_pipeline(size: str, out: Path) -> dict[str, Any]:
    """Tables → records → KnowledgeGraph → graph.json, timed step by step."""
    from graph.embedded_store import EmbeddedStore
    from graph.knowledge_graph import KnowledgeGraph
    from loaders.tables import read_table_folder

    folder = dataset(size)
    t_read, batch = timed(lambda: read_table_folder(folder))
    if batch.errors:  # a refused dataset would be timed on a path no build takes
        raise SystemExit(f"{folder}: {len(batch.errors)} errors, first: {batch.errors[0]}")
    rss_read = peak_rss_mib()
    kg = KnowledgeGraph()
    started = time.perf_counter()
    kg.add(batch.records)
    t_build = time.perf_counter() - started
    rss_build = peak_rss_mib()
    records = len(batch.records)
    del batch
    store = EmbeddedStore(out)
    t_save, _ = timed(lambda: store.write_graph(kg))
    return {
        "records": records,
        "nodes": kg.graph.number_of_nodes(),
        "relationships": kg.graph.number_of_edges(),
        "seconds": {"read_tables": t_read, "build_graph": t_build, "save": t_save},
        "peak_rss_mib": {"read_tables": rss_read, "build_graph": rss_build, "save": peak_rss_mib()},
        "file_mib": round(store.file.stat().st_size / 2**20, 1),
    }


def step_load(out: Path) -> dict[str, Any]:
    """graph.json → KnowledgeGraph, as every command that reads the store does."""
    from graph.embedded_store import EmbeddedStore

    t_load, kg = timed(lambda: EmbeddedStore(out).read_graph())
    return {
        "seconds": {"load": t_load},
        "peak_rss_mib": {"load": peak_rss_mib()},
        "nodes": kg.graph.number_of_nodes(),
    }


def step_floor(size: str) -> dict[str, Any]:
    """pandas reads the same sheets; a bare MultiDiGraph holds the same facts."""
    import networkx as nx
    import pandas as pd

    folder = dataset(size)

    def read() -> dict[str, pd.DataFrame]:
        return {
            s: pd.read_csv(folder / f"{s}.csv", dtype=str, keep_default_na=False) for s in SHEETS
        }

    t_read, frames = timed(read)
    rss_read = peak_rss_mib()

    def build() -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for sheet in ("regions", "organizations", "projects", "events"):
            g.add_nodes_from((r["name"], r) for r in frames[sheet].to_dict("records"))
        g.add_nodes_from((r["key"], r) for r in frames["sources"].to_dict("records"))
        for r in frames["regions"].to_dict("records"):
            if r["parent"]:
                g.add_edge(r["name"], r["parent"], key="PART_OF")
        for r in frames["organizations"].to_dict("records"):
            g.add_edge(r["name"], r["region"], key="LOCATED_IN")
            for industry in filter(None, r["industries"].split(";")):
                g.add_edge(r["name"], industry, key="IN_INDUSTRY")
        for r in frames["projects"].to_dict("records"):
            if r["industries"]:
                g.add_edge(r["name"], r["industries"], key="TARGETS_INDUSTRY")
        for r in frames["people"].to_dict("records"):
            g.add_edge(r["name"], r["organization"], key="WORKS_AT", **r)
        g.add_edges_from(
            (r["from"], r["to"], r["type"], r) for r in frames["relationships"].to_dict("records")
        )
        return g

    t_build, g = timed(build)
    return {
        "nodes": g.number_of_nodes(),
        "relationships": g.number_of_edges(),
        "seconds": {"read_tables": t_read, "build_graph": t_build},
        "peak_rss_mib": {"read_tables": rss_read, "build_graph": peak_rss_mib()},
    }


# -- the driver -------------------------------------------------------------------
def _collect(runs: list[dict[str, Any]]) -> dict[str, Any]:
    steps = runs[0]["seconds"].keys()
    return {
        "seconds": {s: summary([r["seconds"][s] for r in runs]) for s in steps},
        "peak_rss_mib": {s: max(r["peak_rss_mib"][s] for r in runs) for s in steps},
    }


def measure(size: str, repeats: int) -> dict[str, Any]:
    dataset(size)  # generate outside the clock
    out = WORK / f"embedded-{size}"
    me = str(Path(__file__).resolve())
    floors, pipes, loads = [], [], []
    for i in range(repeats):
        print(f"  {size}: repeat {i + 1}/{repeats}", file=sys.stderr, flush=True)
        floors.append(run_child([me, "--child", "floor", "--size", size]))
        shutil.rmtree(out, ignore_errors=True)  # each repeat saves a new store, as a first build
        pipes.append(run_child([me, "--child", "pipeline", "--size", size, "--out", str(out)]))
        loads.append(run_child([me, "--child", "load", "--size", size, "--out", str(out)]))
    floor, pipe, load = _collect(floors), _collect(pipes), _collect(loads)

    def med(part: dict[str, Any], step: str) -> float:
        return float(part["seconds"][step]["median"])

    def totals(runs: list[dict[str, Any]], steps: tuple[str, ...]) -> list[float]:
        return [sum(r["seconds"][s] for s in steps) for r in runs]

    floor_total = median(totals(floors, ("read_tables", "build_graph")))
    tables_to_graph = median(totals(pipes, ("read_tables", "build_graph")))
    first = pipes[0]
    return {
        "organizations_requested": None,
        "records": first["records"],
        "nodes": first["nodes"],
        "relationships": first["relationships"],
        "floor_nodes": floors[0]["nodes"],
        "floor_relationships": floors[0]["relationships"],
        "graph_json_mib": first["file_mib"],
        "floor": floor,
        "iekg": {
            "seconds": {**pipe["seconds"], **load["seconds"]},
            "peak_rss_mib": {**pipe["peak_rss_mib"], **load["peak_rss_mib"]},
        },
        "medians_seconds": {
            "floor_tables_to_graph": round(floor_total, 3),
            "iekg_tables_to_graph": round(tables_to_graph, 3),
            "iekg_records_to_graph": round(med(pipe, "build_graph"), 3),
            "iekg_save": round(med(pipe, "save"), 3),
            "iekg_load": round(med(load, "load"), 3),
        },
        "ratios": {
            "tables_to_graph_vs_floor": ratio(tables_to_graph, floor_total),
            "read_tables_vs_pandas": ratio(med(pipe, "read_tables"), med(floor, "read_tables")),
            "records_to_graph_vs_bare_networkx": ratio(
                med(pipe, "build_graph"), med(floor, "build_graph")
            ),
            "load_saved_graph_vs_floor": ratio(med(load, "load"), floor_total),
            # The "embedded path": records → KnowledgeGraph → save → load.
            "records_path_vs_floor": ratio(
                med(pipe, "build_graph") + med(pipe, "save") + med(load, "load"), floor_total
            ),
            "whole_path_vs_floor": ratio(
                tables_to_graph + med(pipe, "save") + med(load, "load"), floor_total
            ),
            "peak_memory_vs_floor": ratio(
                max(pipe["peak_rss_mib"].values()), max(floor["peak_rss_mib"].values())
            ),
        },
        "peak_rss_mib_whole_path": max(
            max(pipe["peak_rss_mib"].values()), max(load["peak_rss_mib"].values())
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--child", choices=("pipeline", "load", "floor"), help=argparse.SUPPRESS)
    ap.add_argument("--size", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child == "pipeline":
        emit(step_pipeline(args.size, args.out))
        return 0
    if args.child == "load":
        emit(step_load(args.out))
        return 0
    if args.child == "floor":
        emit(step_floor(args.size))
        return 0
    from common import SIZES

    for size in parse_sizes(args.sizes):
        result = measure(size, args.repeats)
        result["organizations_requested"] = SIZES[size]
        result["repeats"] = args.repeats
        print(f"  {size}: {result['ratios']}", file=sys.stderr, flush=True)
        path = write_result(  # after each size: the largest takes longest
            "embedded",
            {
                "command": f"python bench/embedded.py --sizes {size} --repeats {args.repeats}",
                "sizes": {size: result},
            },
        )
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
