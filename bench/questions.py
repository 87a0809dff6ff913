"""Every catalogue question on both backends: p50 and p95 latency per size.

Each question runs with its default parameters (the whole graph) and, where
it takes a node, with the busiest node of that kind (the worst case for a
neighbourhood). The embedded backend answers on the in-memory graph (the
store is read once, as ``iekg query`` does per command; that read is the
``load`` figure of ``bench/embedded.py``); Neo4j answers on the same graph
pushed to the managed server. Latency is what the analyst waits for
``ask()``: name resolution, the query, post-processing and sorting.

Each (question, parameters, backend) runs once to warm up, then up to
``--repeats`` times, fewer when the runs would take longer than ``--budget``
seconds; a warm-up longer than the budget is reported as the only run
(the results say how many: ``n``). A run longer than ``--limit`` seconds
is interrupted (and its Cypher terminated on the server) and reported as
timed out.

Brokers approximate betweenness with 100 sampled sources above 500
nodes; on the smallest size this script also computes the exact values and
reports how close the estimate is (overlap of the top 20, their errors and
the rank correlation).

Usage::

    python bench/questions.py --sizes 10k,100k,1M --repeats 7

writes ``bench/results/questions.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    SIZES,
    bench_server,
    load_graph,
    parse_sizes,
    percentile,
    summary,
    wipe,
    write_result,
)

TARGET_P95 = 2.0


def _busiest(kg: Any, label: str) -> str:
    """The name of the node of ``label`` with most relationships (ties by id)."""
    best = max(kg.nodes(label), key=lambda n: (kg.graph.degree(n["id"]), n["id"]))
    return str(best["name"])


def cases(kg: Any) -> list[tuple[str, dict[str, Any]]]:
    """(question, parameters) pairs covering every question in the catalogue."""
    from queries import REGISTRY

    school = _busiest(kg, "School")
    firm = _busiest(kg, "Enterprise")
    alliance = _busiest(kg, "Alliance")
    city = next(n["name"] for n in kg.nodes("Region") if n["props"].get("level") == "city")
    focused: dict[str, list[dict[str, Any]]] = {
        "connections": [{}, {"school": school}, {"enterprise": firm, "kind": "project"}],
        "partners": [{"name": school}],
        "path": [{"a": firm, "b": school}],
        "ego": [{"name": school}, {"name": school, "depth": 2}],
        "alliance-composition": [{}, {"alliance": alliance}],
        "people": [{}, {"organization": school}],
        "timeline": [{}],
        "changes": [{"start": "2020", "end": "2022"}],
        "industry-coverage": [{}, {"region": city}],
        "brokers": [{}],
        "communities": [{}],
        "designations": [{}],
        "contradictions": [{}],
    }
    missing = set(REGISTRY) - set(focused)
    out = [(name, params) for name, sets in focused.items() for params in sets]
    out += [(name, {}) for name in sorted(missing)]  # a question added later still runs
    return out


class TimedOut(BaseException):
    """A question ran past the per-run limit.

    A BaseException, so that neither the question's code nor the driver's
    retry loop (which retries on errors raised while it reads the socket)
    can catch it and carry on.
    """


def _alarm(_signum: int, _frame: Any) -> None:
    raise TimedOut


def _run(
    ask: Any, name: str, source: Any, params: dict[str, Any], limit: float
) -> tuple[float, int]:
    """One timed answer, interrupted after ``limit`` seconds (SIGALRM)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit, 1.0)  # and again every second until stopped
    started = time.perf_counter()
    try:
        rows = len(ask(name, source, **params))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started, rows


def _terminate_queries(uri: str) -> None:
    """Stop what an interrupted question left running on the server."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery AS q "
            "WHERE NOT q STARTS WITH 'SHOW TRANSACTIONS' RETURN collect(id) AS ids",
            database_="neo4j",
        )
        if records[0]["ids"]:
            driver.execute_query("TERMINATE TRANSACTIONS $ids", {"ids": records[0]["ids"]},
                                 database_="neo4j")  # fmt: skip


def _time(ask: Any, name: str, source: Any, params: dict[str, Any], repeats: int,
          budget: float, limit: float) -> tuple[list[float], int | None, float | None]:  # fmt: skip
    """Timed runs after a warm-up, and the warm-up's own time (the first call's:
    query plans, and what a question keeps between calls, such as the brokers'
    betweenness); no runs if the warm-up itself ran past ``limit``."""
    runs: list[float] = []
    rows = None
    warm = None
    try:
        warm, rows = _run(ask, name, source, params, limit)  # warm-up (caches, query plans)
        if warm > budget:  # one run is all the budget allows: report it, cold as it was
            return [warm], rows, warm
        n = repeats if warm * repeats <= budget else max(2, int(budget // max(warm, 1e-9)))
        for _ in range(n):
            runs.append(_run(ask, name, source, params, limit)[0])
    except TimedOut:
        if getattr(source, "backend", None) == "neo4j":
            _terminate_queries(source.uri)
        if runs:  # a repeat ran past the limit: count it at the limit
            runs.append(limit)
    return runs, rows, warm


def measure(
    size: str,
    conn: Any,
    repeats: int,
    budget: float,
    limit: float,
    backends: list[str],
    only: set[str] | None = None,
) -> dict[str, Any]:
    import logging

    import neo4j

    from graph.neo4j_store import Neo4jStore

    # The catalogue's Cypher names types a synthetic graph may lack; the
    # server's notes about that are not what is measured here.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    from queries import ask

    kg = load_graph(size)
    sources: dict[str, Any] = {"embedded": kg}
    if "neo4j" in backends:
        with neo4j.GraphDatabase.driver(conn.uri, auth=None) as driver:
            wipe(driver)
        sources["neo4j"] = Neo4jStore(conn.uri, password=None, batch_size=5000)
        sources["neo4j"].push(kg)
    results = []
    for name, params in cases(kg):
        if only and name not in only:
            continue
        row: dict[str, Any] = {"question": name, "params": params}
        for backend in ("embedded", "neo4j"):
            if backend not in sources:
                row[backend] = {"not_measured": True, "median": None, "p95": None, "n": 0}
                continue
            source = sources[backend]
            runs, n_rows, first = _time(ask, name, source, params, repeats, budget, limit)
            row[backend] = (
                {**summary(runs), "rows": n_rows, "first_call": first}
                if runs
                else {"timed_out_after": limit, "median": None, "p95": None, "n": 0}
            )
        row["slowest_p95"] = max(row[b]["p95"] or float(limit) for b in sources)
        print(f"  {size} {name} {params}: embedded p95 {row['embedded']['p95']}s, "
              f"neo4j p95 {row['neo4j']['p95']}s", file=sys.stderr, flush=True)  # fmt: skip
        results.append(row)
    if "neo4j" in sources:
        sources["neo4j"].close()
    out: dict[str, Any] = {
        "backends": sorted(sources),
        "organizations": sum(1 for _ in kg.nodes("Organization")),
        "nodes": kg.graph.number_of_nodes(),
        "relationships": kg.graph.number_of_edges(),
        "cases": results,
        "over_target": [
            {"question": r["question"], "params": r["params"], "p95": r["slowest_p95"]}
            for r in results
            if r["slowest_p95"] > TARGET_P95
        ],
    }
    return out


def betweenness_accuracy(size: str, reference: int | None = None) -> dict[str, Any]:
    """The brokers' estimate against a reference on the brokers projection.

    The reference is exact betweenness (``reference=None``) or, where that is
    too slow, an estimate from ``reference`` sources. Reported: agreement of
    the top 20 and top 10, the top 20's relative errors, and the Spearman rank
    correlation over every node and over the reference's top 100.
    """
    import pandas as pd

    from queries import brokers
    from queries.backend import GraphBackend
    from queries.betweenness import betweenness
    from queries.projection import SEED, projection

    kg = load_graph(size)
    raw = GraphBackend(kg).raw(brokers.QUESTION, {"top": 20, "kind": None})
    adj, _ = projection(raw).people_adjacency
    started = time.perf_counter()
    exact = betweenness(adj, reference, SEED)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    approx = betweenness(adj, brokers.SAMPLES, SEED)
    approx_s = time.perf_counter() - started
    ranked = sorted(exact, key=lambda n: (-exact[n], n))
    top_exact = ranked[:20]
    top_approx = sorted(approx, key=lambda n: (-approx[n], n))[:20]
    errors = [abs(approx[n] - exact[n]) / exact[n] for n in top_exact if exact[n] > 0]

    def spearman(nodes: list[Any]) -> float:
        a = pd.Series([exact[n] for n in nodes]).rank()
        b = pd.Series([approx[n] for n in nodes]).rank()
        return round(float(a.corr(b)), 3)

    return {
        "size": size,
        "reference": "exact" if reference is None else f"{reference} sampled sources",
        "projection_nodes": adj.n,
        "projection_edges": len(adj.indices) // 2,
        "samples": brokers.SAMPLES,
        "exact_seconds": round(exact_s, 3),
        "sampled_seconds": round(approx_s, 3),
        "top20_overlap": len(set(top_exact) & set(top_approx)),
        "top10_overlap": len(set(top_exact[:10]) & set(top_approx[:10])),
        "top1_same": top_exact[0] == top_approx[0],
        "top20_relative_error_median": round(percentile(errors, 50), 3),
        "top20_relative_error_max": round(max(errors), 3),
        "rank_correlation": spearman(ranked),
        "top100_rank_correlation": spearman(ranked[:100]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds one (question, backend) may take before fewer runs are made",
    )
    ap.add_argument(
        "--limit",
        type=float,
        default=60.0,
        help="seconds after which one run is stopped and reported as timed out",
    )
    ap.add_argument("--backends", default="embedded,neo4j")
    ap.add_argument(
        "--questions",
        default="",
        help="comma-separated question names to measure (default: all); with this, "
        "the figures are printed and the results file is left alone",
    )
    args = ap.parse_args(argv)
    only = {q.strip() for q in args.questions.split(",") if q.strip()} or None
    sizes = parse_sizes(args.sizes)
    accuracy = betweenness_accuracy(sizes[0]) if "10k" in sizes and not only else None
    backends = [b.strip() for b in args.backends.split(",")]
    with bench_server() if "neo4j" in backends else contextlib.nullcontext() as conn:
        for size in sizes:
            result = measure(size, conn, args.repeats, args.budget, args.limit, backends, only)
            if only:  # a partial run: shown, not written over the full results
                print(json.dumps(result["cases"], ensure_ascii=False, indent=1))
                continue
            result["organizations_requested"] = SIZES[size]
            result["repeats"] = args.repeats
            data = {
                "command": f"python bench/questions.py --sizes {size} --repeats {args.repeats} "
                f"--budget {args.budget} --limit {args.limit} --backends {args.backends}",
                "target_p95_seconds": TARGET_P95,
                "sizes": {size: result},
            }
            if accuracy is not None:
                data["betweenness_accuracy"] = accuracy
            else:  # keep the accuracy measured by an earlier run
                from common import RESULTS

                old = RESULTS / "questions.json"
                if old.exists():
                    data["betweenness_accuracy"] = json.loads(old.read_text()).get(
                        "betweenness_accuracy"
                    )
            path = write_result("questions", data)  # after each size
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
