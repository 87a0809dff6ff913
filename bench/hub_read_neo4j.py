"""The national link read on Neo4j, by hub against by pair, in one run.

The graph of one size is pushed to the managed server; the Cypher of
``connections`` at ``--base`` (a git revision: one row per pair of each
hub) and the working tree's (one row per hub) are then each run with no
filter. Each text is planned alone (``EXPLAIN``, the plan cache cleared
first). The working tree's whole first ``connections`` (``ask``, no plan
kept) is timed next and checked equal to the embedded answer at the end.
Then each text runs once with no plan kept (planning, reading, and its
pair table made by its own version of ``queries/pair_table.py``; the two
tables are checked equal), and ``--repeats`` more times, interleaved,
for the server's time (the driver's ``result_available_after`` and
``result_consumed_after``) and the whole read as a question makes it
(``Neo4jStore.run_cypher``). Last, the reads filtered by school,
enterprise, both, region and industry are timed once each and their
pair tables compared.

Usage::

    python bench/hub_read_neo4j.py --size 1M --base 50c6183

writes ``bench/results/hub_read_neo4j.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, bench_server, load_graph, median, wipe, write_result
from hub_read import busiest


def _module(base: str, path: str, name: str) -> types.ModuleType:
    """``path`` as it was at git revision ``base``, imported as ``name``."""
    text = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{base}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(text, f"{base}:{path}", "exec"), module.__dict__)
    return module


def _filters(kg: Any) -> list[dict[str, str]]:
    """A read filtered each way: the busiest school and enterprise, both, a city, an industry."""
    school, firm = busiest(kg, "School"), busiest(kg, "Enterprise")
    city = next(n["id"] for n in kg.nodes("Region") if n["props"].get("level") == "city")
    return [
        {"school": school},
        {"enterprise": firm},
        {"enterprise": firm, "school": school},
        {"region": city},
        {"industry": busiest(kg, "Industry")},
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--base", default="main", help="the git revision read by pair")
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args(argv)

    import logging

    import neo4j
    from pandas.testing import assert_frame_equal

    import queries.pair_table
    from graph.bulk import collector_paused
    from graph.neo4j_store import Neo4jStore
    from queries import REGISTRY, ask
    from queries.backend import CypherBackend, cypher_values
    from queries.names import LABEL
    from queries.packed import unpacked

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    old_links = _module(args.base, "queries/links.py", "links_by_pair")
    old_table = _module(args.base, "queries/pair_table.py", "pair_table_by_pair")
    texts = {
        "by pair": old_links.link_cypher(
            f"a:{LABEL.Enterprise}",
            LABEL.School,
            "($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)",
            packed=True,
            seek=(LABEL.Organization, "enterprise"),
        ),
        "by hub": REGISTRY["connections"].cypher,
    }
    tables = {"by pair": old_table, "by hub": queries.pair_table}
    question = REGISTRY["connections"]
    values = cypher_values(question, question.bind({}))
    kg = load_graph(args.size)
    out: dict[str, Any] = {"size": args.size, "base": args.base}
    with bench_server() as conn, neo4j.GraphDatabase.driver(conn.uri, auth=None) as driver:
        wipe(driver)
        store = Neo4jStore(conn.uri, password=None, batch_size=5000)
        start = time.perf_counter()
        store.push(kg)
        out["push s"] = round(time.perf_counter() - start, 1)
        print(f"pushed in {out['push s']} s", file=sys.stderr, flush=True)
        backend = CypherBackend(store)

        def forget_plans() -> None:
            with driver.session(database=conn.database) as session:
                session.run("CALL db.clearQueryCaches()").consume()

        # The server's planner warmed on another large text, then each text planned alone.
        with driver.session(database=conn.database) as session:
            session.run("MATCH (n) RETURN count(n)").consume()
            session.run("EXPLAIN " + REGISTRY["partners"].cypher, {"name": ""}).consume()
        for name, text in texts.items():
            forget_plans()
            start = time.perf_counter()
            with driver.session(database=conn.database) as session:
                session.run("EXPLAIN " + text, values).consume()
            out[f"{name}: planning s"] = round(time.perf_counter() - start, 2)
        print(out, file=sys.stderr, flush=True)
        forget_plans()
        with collector_paused():
            start = time.perf_counter()
            answer = ask("connections", store)
            out["by hub: first connections s"] = round(time.perf_counter() - start, 2)
            print(out, file=sys.stderr, flush=True)
            frames = {}
            for name, text in texts.items():
                forget_plans()
                start = time.perf_counter()
                raw = store.run_cypher(text, values)
                read = time.perf_counter() - start
                start = time.perf_counter()
                evidence = tables[name]._evidence(unpacked(raw))
                columns = time.perf_counter() - start
                start = time.perf_counter()
                frames[name] = tables[name]._table(evidence, None, backend).frame
                table = time.perf_counter() - start
                out[f"{name}: first read (planned), evidence, table s"] = [
                    round(read, 2),
                    round(columns, 2),
                    round(table, 2),
                ]
                out[f"{name}: rows read"] = len(unpacked(raw))
                print(out, file=sys.stderr, flush=True)
                del raw, evidence
        runs: dict[str, dict[str, list[float]]] = {
            name: {"server available s": [], "server consumed s": [], "read s": []}
            for name in texts
        }
        for _ in range(args.repeats):
            for name, text in texts.items():
                with driver.session(database=conn.database) as session:
                    result = session.run(text, values)
                    result.single()
                    summary = result.consume()
                runs[name]["server available s"].append(
                    (summary.result_available_after or 0) / 1000
                )
                runs[name]["server consumed s"].append((summary.result_consumed_after or 0) / 1000)
                with collector_paused():
                    start = time.perf_counter()
                    store.run_cypher(text, values)
                    runs[name]["read s"].append(time.perf_counter() - start)
                print(name, runs[name], file=sys.stderr, flush=True)
        out["planned runs"] = {
            name: {k: round(median(v), 2) for k, v in found.items()}
            | {"runs": {k: [round(x, 2) for x in v] for k, v in found.items()}}
            for name, found in runs.items()
        }
        out["filtered reads"] = []
        for params in _filters(kg):
            found = {"params": params}
            given = cypher_values(question, question.bind(params))
            for name, text in texts.items():
                with collector_paused():
                    start = time.perf_counter()
                    raw = store.run_cypher(text, given)
                    found[f"{name} read s"] = round(time.perf_counter() - start, 2)
                    evidence = tables[name]._evidence(unpacked(raw))
                    frames[f"{name} filtered"] = tables[name]._table(evidence, None, backend).frame
            keys = ["enterpriseId", "schoolId"]
            old, new = (
                frames[f"{n} filtered"].sort_values(keys, ignore_index=True)
                for n in ("by pair", "by hub")
            )
            assert_frame_equal(new, old)
            found["pairs, equal"] = len(new)
            out["filtered reads"].append(found)
            print(found, file=sys.stderr, flush=True)
        store.close()
    keys = ["enterpriseId", "schoolId"]
    old, new = (frames[n].sort_values(keys, ignore_index=True) for n in ("by pair", "by hub"))
    assert_frame_equal(new, old)
    out["pair tables equal"] = len(new)
    assert_frame_equal(answer, ask("connections", kg))
    out["neo4j answer equals embedded"] = len(answer)
    path = write_result("hub_read_neo4j", out)
    print(out)
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
