"""Where the first call of each whole-graph question on Neo4j goes, and what bounds it.

On Neo4j a first call plans the question's Cypher (once per server), runs
it on the server, carries its rows over Bolt into Python and works the
answer out of them; the read is then kept until the database changes
(:mod:`queries.kept`). This script pushes the cached graph of ``--size`` to
the managed server and, for every question that needs no node (the list of
``bench/first_calls.py``), measures in this order:

* ``first call``: ``ask()`` with an empty plan cache and nothing kept, as
  an analyst's first question after the server starts;
* ``planning``: ``EXPLAIN`` of the text after clearing the plan cache
  (``db.clearQueryCaches()``), less an ``EXPLAIN`` answered from the cache;
* ``server``: the time the server reports for the text, its plan cached
  (``result_available_after`` + ``result_consumed_after``): its own work,
  which no change on the client can take away;
* ``read``: the text run and its rows carried into the packed frame iekg
  reads (``Neo4jStore.run_cypher``), its plan cached; less ``server``, it
  is Bolt's transfer and the driver's decoding;
* ``unplanned read``: ``read`` from an empty plan cache, against the same
  with the ``EXPLAIN`` check analysts' own Cypher gets first
  (``run_cypher``), the two in turn (ABBA): what running a question's text
  without that check saves;
* ``kept``: ``ask()`` again, the read kept.

A question that shares another's read (``changes`` after ``connections``)
finds it kept at its first call, so its first call can be shorter than its
read. Each figure but the first call is the median of ``--repeats``. The
machine must be quiet: the figures are seconds of one process each.

Usage::

    python bench/neo4j_first_calls.py --size 1M --repeats 3

writes ``bench/results/neo4j_first_calls.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_server, load_graph, median, wipe, write_result
from first_calls import PARAMS


def _timed(func: Any) -> float:
    """Seconds ``func()`` takes, with Python's cycle collector paused as ``ask`` pauses it
    (otherwise a read beside the kept answers of the questions before it pays for
    collections that walk them all)."""
    from graph.bulk import collector_paused

    with collector_paused():
        start = time.perf_counter()
        func()
        return time.perf_counter() - start


def measure(store: Any, repeats: int) -> list[dict[str, Any]]:
    """The figures of every whole-graph question (see the module's docstring)."""
    from graph.neo4j_cypher import query_kind
    from queries import REGISTRY, ask
    from queries.backend import CypherBackend, cypher_values

    backend = CypherBackend(store)
    driver = store.driver

    def clear_plans() -> None:
        driver.execute_query("CALL db.clearQueryCaches()", database_=store.database)

    out = []
    for name, question in REGISTRY.items():
        params = PARAMS.get(name, {})
        if any(p.required and p.name not in params for p in question.params):
            continue
        clear_plans()
        first = _timed(lambda: ask(name, store, **params))  # noqa: B023
        bound = backend.resolve_params(question, question.bind(params))
        values = cypher_values(question, bound)
        text = question.cypher
        reads = {
            "own": lambda: store.run_own_read(text, values),  # noqa: B023
            "checked": lambda: store.run_cypher(text, values),  # noqa: B023
        }
        cold, warm, server, read = [], [], [], []
        unplanned: dict[str, list[float]] = {way: [] for way in reads}
        for i in range(repeats):
            clear_plans()
            cold.append(_timed(lambda: query_kind(store, text, values)))  # noqa: B023
            warm.append(_timed(lambda: query_kind(store, text, values)))  # noqa: B023
            summary = driver.execute_query(
                text, values, database_=store.database,
                result_transformer_=lambda result: result.consume(),
            )  # fmt: skip
            server.append((summary.result_available_after + summary.result_consumed_after) / 1000)
            read.append(_timed(reads["own"]))
            # the read as questions run it and as analysts' Cypher runs it (planned by
            # EXPLAIN first), each from an empty plan cache, in turn (ABBA)
            for way in reads if i % 2 == 0 else reversed(reads):
                clear_plans()
                unplanned[way].append(_timed(reads[way]))
        kept = [_timed(lambda: ask(name, store, **params)) for _ in range(repeats)]  # noqa: B023
        planning = max(median(cold) - median(warm), 0.0)
        row = {
            "question": name,
            "first call s": round(first, 3),
            "planning s": round(planning, 3),
            "server s": round(median(server), 3),
            "read s": round(median(read), 3),
            "unplanned read s": round(median(unplanned["own"]), 3),
            "unplanned read, checked first s": round(median(unplanned["checked"]), 3),
            "kept s": round(median(kept), 3),
        }
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    import neo4j

    from graph.neo4j_store import Neo4jStore

    # The catalogue's Cypher names types a synthetic graph may lack; the
    # server's notes about that are not what is measured here.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    kg = load_graph(args.size)
    with bench_server() as conn:
        with neo4j.GraphDatabase.driver(conn.uri, auth=None) as driver:
            wipe(driver)
        store = Neo4jStore(conn.uri, password=None, batch_size=5000)
        store.push(kg)
        del kg
        try:
            rows = measure(store, args.repeats)
        finally:
            store.close()
    path = write_result("neo4j_first_calls", {"size": args.size, "repeats": args.repeats,
                                              "questions": rows})  # fmt: skip
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
