"""Loading Neo4j: ``iekg push`` against one row per query, graphrag's writer, the bulk importer.

All four write the same graph (the rows of :mod:`graph.neo4j_rows`) into
the same empty database on the project's managed server:

* ``push``: :meth:`Neo4jStore.push`, the code behind ``iekg push``
  (``UNWIND $rows … MERGE`` in batches, one transaction per batch, one at a
  time), at batch sizes 500/2000/5000/10000, with two transactions in
  flight, with and without neo4j-rust-ext, and a second
  push onto the full database (idempotence: the counts must not change);
* ``per_row``: the same MERGE queries sent one row per transaction, the
  way a naive loader writes. On graphs where that would take too long it
  runs on a random sample of relationships and their end nodes, and the
  full time is extrapolated linearly from its rate (said so in the results);
* ``graphrag``: neo4j-graphrag's ``Neo4jWriter`` on the same rows (see
  ``bench/graphrag_writer.py``; it needs APOC, fetched by ``bench/peer_setup.py``);
* ``admin_import``: ``iekg export --format neo4j-admin`` and
  ``neo4j-admin database import full`` into a new database (server stopped):
  the practical limit for a first load.

Without neo4j-rust-ext means: the driver's PackStream in pure Python. The
driver has no switch for it; it imports ``neo4j._rust`` if it can, so the
child process blocks that import (``sys.modules['neo4j._rust'] = None``),
which is what uninstalling the extension does.

Usage::

    python bench/neo4j_load.py --sizes 10k,100k,1M --repeats 3

writes ``bench/results/neo4j_load.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PEER_PYTHON,
    SIZES,
    WORK,
    bench_server,
    emit,
    load_graph,
    median,
    parse_sizes,
    peak_rss_mib,
    ratio,
    run_child,
    store_folder,
    summary,
    wipe,
    write_result,
)

BATCH_SIZES = (500, 2000, 5000, 10000)
DEFAULT_BATCH = 2000
#: one-query-per-row runs on the whole graph up to this many rows, else on a sample
PER_ROW_LIMIT = 5_000
PER_ROW_SAMPLE_EDGES = 1_500


# -- children ---------------------------------------------------------------------------
def _block_rust(no_rust: bool) -> bool:
    if no_rust:
        sys.modules["neo4j._rust"] = None  # type: ignore[assignment]
    from neo4j._codec.packstream import RUST_AVAILABLE

    return bool(RUST_AVAILABLE)


def child_push(
    size: str, uri: str, batch: int, no_rust: bool, again: bool, workers: int | None = None
) -> dict[str, Any]:
    rust = _block_rust(no_rust)
    from graph.neo4j_store import DEFAULT_WORKERS, Neo4jStore

    kg = load_graph(size)
    workers = workers or DEFAULT_WORKERS
    with Neo4jStore(uri, password=None, batch_size=batch, workers=workers) as store:
        store.ensure_schema()
        started = time.perf_counter()
        report = store.push(kg)
        seconds = time.perf_counter() - started
        out: dict[str, Any] = {
            "rust": rust,
            "batch": batch,
            "workers": workers,
            "rows": report.nodes + report.relationships,
            "transactions": report.batches,
            "retried_after_deadlock": report.retried,
            "seconds": seconds,
            "counts": list(store.counts()),
            "peak_rss_mib": peak_rss_mib(),
        }
        if again:
            started = time.perf_counter()
            store.push(kg)
            out["again_seconds"] = time.perf_counter() - started
            out["counts_after_again"] = list(store.counts())
    return out


def _subset(kg: Any, sample_edges: int | None) -> tuple[dict[Any, list[Any]], dict[Any, list[Any]]]:
    from graph.neo4j_rows import edge_rows, node_rows

    nodes, edges = node_rows(kg), edge_rows(kg)
    if sample_edges is None:
        return nodes, edges
    flat = [(key, row) for key, rows in edges.items() for row in rows]
    picked = random.Random(1).sample(flat, min(sample_edges, len(flat)))
    ends = {r["source"] for _, r in picked} | {r["target"] for _, r in picked}
    sub_edges: dict[Any, list[Any]] = {}
    for key, row in picked:
        sub_edges.setdefault(key, []).append(row)
    sub_nodes = {k: [r for r in rows if r["id"] in ends] for k, rows in nodes.items()}
    return {k: v for k, v in sub_nodes.items() if v}, sub_edges


def child_per_row(size: str, uri: str, sample_edges: int | None) -> dict[str, Any]:
    """One MERGE per transaction, then the batched push of the same rows, both timed."""
    rust = _block_rust(False)
    from graph import cypher
    from graph.neo4j_store import Neo4jStore

    kg = load_graph(size)
    nodes, edges = _subset(kg, sample_edges)
    jobs = [(cypher.merge_nodes_query(k), rows) for k, rows in nodes.items()]
    jobs += [(cypher.merge_edges_query(*k), rows) for k, rows in edges.items()]
    rows_total = sum(len(rows) for _, rows in jobs)
    with Neo4jStore(uri, password=None, batch_size=DEFAULT_BATCH) as store:
        store.ensure_schema()
        started = time.perf_counter()
        for query, rows in jobs:
            for row in rows:
                store.execute(query, {"rows": [row]}, write=True)
        per_row = time.perf_counter() - started
        counts = list(store.counts())
        wipe(store.driver)
        started = time.perf_counter()
        with store.errors("pushing"):
            for query, rows in jobs:
                for i in range(0, len(rows), DEFAULT_BATCH):
                    store.execute(query, {"rows": rows[i : i + DEFAULT_BATCH]}, write=True)
        batched = time.perf_counter() - started
    full_rows = kg.graph.number_of_nodes() + kg.graph.number_of_edges()
    return {
        "rust": rust,
        "sampled": sample_edges is not None,
        "rows": rows_total,
        "full_rows": full_rows,
        "counts": counts,
        "seconds": per_row,
        "rows_per_second": rows_total / per_row,
        "batched_same_rows_seconds": batched,
        "extrapolated_full_seconds": per_row * full_rows / rows_total,
    }


def child_rows(size: str, out: Path) -> dict[str, Any]:
    """Write the push rows as JSON for the graphrag child (which has no iekg)."""
    from graph.neo4j_rows import edge_rows, node_rows
    from graph.schema import SCHEMA

    kg = load_graph(size)
    concrete = {SCHEMA.labels[n].labels: n for n in SCHEMA.concrete_labels}
    data = {
        "nodes": [{"label": concrete[k], "rows": rows} for k, rows in node_rows(kg).items()],
        "relationships": [{"type": k[0], "rows": rows} for k, rows in edge_rows(kg).items()],
    }
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return {"file": str(out)}


def child_admin(size: str, folder: Path) -> dict[str, Any]:
    """Export for neo4j-admin, then import into a new database; both timed."""
    from graph.neo4j_admin_export import export_neo4j_admin, import_into

    kg = load_graph(size)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    export = export_neo4j_admin(kg, folder / "export")
    export_s = time.perf_counter() - started
    report = import_into(export, folder / "state", max_memory="2g")
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "export_seconds": export_s,
        "import_seconds": report.seconds,
        "import_tool_seconds": report.tool_seconds,
        "seconds": export_s + report.seconds,
        "counts": [report.nodes, report.relationships],
        "peak_rss_mib": peak_rss_mib(),
    }


# -- the driver ---------------------------------------------------------------------------
def _me() -> str:
    return str(Path(__file__).resolve())


def _push(
    size: str,
    uri: str,
    batch: int,
    *,
    rust: bool = True,
    again: bool = False,
    workers: int | None = None,
) -> Any:
    argv = [_me(), "--child", "push", "--size", size, "--uri", uri, "--batch", str(batch)]
    argv += ["--workers", str(workers)] if workers else []
    return run_child(argv + ([] if rust else ["--no-rust"]) + (["--again"] if again else []))


def measure(
    size: str, uri: str, repeats: int, sweep: bool, peer: bool, skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    import neo4j

    stored = store_folder(size) / "graph.json"  # build the graph outside the clock
    kg = load_graph(size)
    n_nodes, n_rels = kg.graph.number_of_nodes(), kg.graph.number_of_edges()
    del kg
    rows_file = WORK / f"rows-{size}.json"
    # the peer's rows are made from the store: made again when the store was
    stale = not rows_file.exists() or rows_file.stat().st_mtime < stored.stat().st_mtime
    if peer and stale:
        run_child([_me(), "--child", "rows", "--size", size, "--out", str(rows_file)])
    runs: dict[str, list[dict[str, Any]]] = {}
    driver = neo4j.GraphDatabase.driver(uri, auth=None)

    def record(name: str, result: dict[str, Any]) -> None:
        runs.setdefault(name, []).append(result)
        print(f"    {name}: {result.get('seconds', result.get('seconds'))}", file=sys.stderr)
        wipe(driver)

    wipe(driver)
    # A fresh server compiles each query and its JIT warms up on first use;
    # measured here, the first 100k push took four times as long as the
    # next. So an untimed push and graphrag write of the 100k graph first,
    # at every size, so no contender pays the warm-up alone. The first 10k
    # push measured after a 10k warm-up took 2.4 s against 0.8 s for the
    # third; after this one it still took 3.7 s against 1.4-1.6 s (load
    # average 5), so something besides the JIT slows it, not yet found.
    warm = "100k"
    _push(warm, uri, DEFAULT_BATCH)
    wipe(driver)
    if peer:
        warm_rows = WORK / f"rows-{warm}.json"
        if not warm_rows.exists():
            run_child([_me(), "--child", "rows", "--size", warm, "--out", str(warm_rows)])
        run_child([str(Path(__file__).with_name("graphrag_writer.py")), "--rows", str(warm_rows),
                   "--uri", uri, "--batch", str(DEFAULT_BATCH)], python=PEER_PYTHON)  # fmt: skip
        wipe(driver)
    for i in range(repeats):
        print(f"  {size}: repeat {i + 1}/{repeats}", file=sys.stderr, flush=True)
        again = i == 0 and "again" not in skip
        record(f"push_{DEFAULT_BATCH}", _push(size, uri, DEFAULT_BATCH, again=again))
        if "two_workers" not in skip:  # the same push with two transactions in flight
            record(f"push_{DEFAULT_BATCH}_2_workers", _push(size, uri, DEFAULT_BATCH, workers=2))
        if "no_rust" not in skip:
            record(f"push_{DEFAULT_BATCH}_no_rust", _push(size, uri, DEFAULT_BATCH, rust=False))
        if peer:
            for name, extra in (("graphrag", []), ("graphrag_no_rust", ["--no-rust"])):
                result = run_child(
                    [str(Path(__file__).with_name("graphrag_writer.py")), "--rows",
                     str(rows_file), "--uri", uri, "--batch", str(DEFAULT_BATCH), *extra],
                    python=PEER_PYTHON,
                )  # fmt: skip
                result["seconds_total"] = sum(result["seconds"].values())
                result["seconds"] = result["seconds"]["write"]
                record(name, result)
        if sweep:
            for batch in BATCH_SIZES:
                if batch != DEFAULT_BATCH:
                    record(f"push_{batch}", _push(size, uri, batch))
        record("admin_import", run_child(
            [_me(), "--child", "admin", "--size", size, "--out", str(WORK / f"admin-{size}")]
        ))  # fmt: skip
    sample = None if n_nodes + n_rels <= PER_ROW_LIMIT else PER_ROW_SAMPLE_EDGES
    argv = [_me(), "--child", "per-row", "--size", size, "--uri", uri]
    record("per_row", run_child(argv + ([] if sample is None else ["--sample", str(sample)])))
    driver.close()
    return _report(size, n_nodes, n_rels, runs)


def _report(
    size: str, nodes: int, rels: int, runs: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    med = {name: median([r["seconds"] for r in rs]) for name, rs in runs.items()}
    push = med[f"push_{DEFAULT_BATCH}"]
    per_row = runs["per_row"][0]
    first = runs[f"push_{DEFAULT_BATCH}"][0]
    out: dict[str, Any] = {
        "organizations_requested": SIZES[size],
        "nodes": nodes,
        "relationships": rels,
        "runs": {
            name: {"seconds": summary([r["seconds"] for r in rs]), "raw": rs}
            for name, rs in runs.items()
        },
        "idempotent": {
            "counts_after_first_push": first["counts"],
            "counts_after_second_push": first.get("counts_after_again"),
            "second_push_seconds": first.get("again_seconds"),
        },
        "per_row": per_row,
        "medians_seconds": {k: round(v, 3) for k, v in med.items()},
        "rows_per_second": {k: round((nodes + rels) / v) for k, v in med.items() if k != "per_row"},
    }
    ratios = {
        "per_row_extrapolated_vs_push": ratio(per_row["extrapolated_full_seconds"], push),
        "per_row_vs_batched_on_same_rows": ratio(
            per_row["seconds"], per_row["batched_same_rows_seconds"]
        ),
        "admin_import_vs_push": ratio(med["admin_import"], push),
        "push_vs_admin_import": ratio(push, med["admin_import"]),
    }
    if f"push_{DEFAULT_BATCH}_no_rust" in med:
        ratios["push_without_rust_vs_with"] = ratio(med[f"push_{DEFAULT_BATCH}_no_rust"], push)
    if f"push_{DEFAULT_BATCH}_2_workers" in med:
        ratios["push_2_workers_vs_1"] = ratio(med[f"push_{DEFAULT_BATCH}_2_workers"], push)
    if "graphrag" in med:
        ratios["graphrag_vs_push"] = ratio(med["graphrag"], push)
        ratios["graphrag_without_rust_vs_with"] = ratio(med["graphrag_no_rust"], med["graphrag"])
    for batch in BATCH_SIZES:
        if f"push_{batch}" in med:
            ratios[f"push_{batch}_vs_{DEFAULT_BATCH}"] = ratio(med[f"push_{batch}"], push)
    out["ratios"] = ratios
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--largest-repeats", type=int, default=1,
                    help="repeats at 1M (each run there takes minutes)")  # fmt: skip
    ap.add_argument("--no-peer", action="store_true", help="skip the neo4j-graphrag writer")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated: again, no_rust, two_workers (runs to leave out at a size)",
    )
    ap.add_argument("--sweep-sizes", default="10k,100k",
                    help="sizes at which batch sizes 500/5000/10000 are tried too")  # fmt: skip
    ap.add_argument("--child", choices=("push", "per-row", "rows", "admin"), help=argparse.SUPPRESS)
    ap.add_argument("--size", help=argparse.SUPPRESS)
    ap.add_argument("--uri", help=argparse.SUPPRESS)
    ap.add_argument("--batch", type=int, default=DEFAULT_BATCH, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-rust", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--again", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child == "push":
        emit(child_push(args.size, args.uri, args.batch, args.no_rust, args.again, args.workers))
        return 0
    if args.child == "per-row":
        emit(child_per_row(args.size, args.uri, args.sample))
        return 0
    if args.child == "rows":
        emit(child_rows(args.size, args.out))
        return 0
    if args.child == "admin":
        emit(child_admin(args.size, args.out))
        return 0
    peer = not args.no_peer and PEER_PYTHON.exists()
    plugins: list[Path] = []
    if peer:
        from peer_setup import apoc_plugins

        plugins = apoc_plugins()
    with bench_server(plugins=plugins) as conn:
        for size in parse_sizes(args.sizes):
            repeats = args.largest_repeats if size == "1M" else args.repeats
            sweep = size in parse_sizes(args.sweep_sizes)
            skip = frozenset(x for x in args.skip.split(",") if x)
            result = measure(size, conn.uri, repeats, sweep=sweep, peer=peer, skip=skip)
            result["repeats"] = repeats
            print(f"  {size}: {result['ratios']}", file=sys.stderr, flush=True)
            path = write_result("neo4j_load", {  # after each size: the largest takes longest
                "command": f"python bench/neo4j_load.py --sizes {size} --repeats {repeats}"
                + (" --no-peer" if not peer else "")
                + f" --sweep-sizes {size if sweep else 'none'}"
                + (f" --skip {args.skip}" if args.skip else ""),
                "server": {"heap": "2g", "pagecache": "1g"},
                "peer": {"neo4j-graphrag": "1.22.0", "apoc-core": "5.26.19"} if peer else None,
                "default_batch": DEFAULT_BATCH,
                "sizes": {size: result},
            })  # fmt: skip
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
