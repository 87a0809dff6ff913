"""How long ``iekg push`` takes: the sample, a generated graph, batches against one row each.

Measures :meth:`graph.neo4j_store.Neo4jStore.push` on

* the Shaoxing sample (first push into an empty database, then a second,
  idempotent one);
* a generated graph of ``--nodes`` nodes and ``--edges`` relationships
  (default 50,000 and 100,000), written through the same code;
* a small generated graph pushed in batches and then one row per
  transaction (the same MERGE queries with one-row lists), to show what
  batching buys.

The server is ``NEO4J_URI`` if set (its database must be empty: it is wiped
between runs), else a managed server started in a temporary state folder and
stopped at the end. Prints one JSON object; nothing is written to the repository.

Usage::

    .venv/bin/python bench/neo4j_push.py [--nodes 50000 --edges 100000 --small 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import cypher  # noqa: E402
from graph.ids import make_id  # noqa: E402
from graph.knowledge_graph import KnowledgeGraph  # noqa: E402
from graph.merge import new_item  # noqa: E402
from graph.neo4j_rows import edge_rows, node_rows  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.schema import SCHEMA  # noqa: E402

# (label, share of nodes) and (type, source label, target label, share of edges)
NODE_MIX = [
    ("Enterprise", 0.40),
    ("SecondaryVocationalSchool", 0.05),
    ("HigherEducationInstitution", 0.05),
    ("Person", 0.30),
    ("Project", 0.10),
    ("Event", 0.07),
    ("Alliance", 0.02),
    ("Industry", 0.005),
    ("Region", 0.005),
]
EDGE_MIX = [
    ("WORKS_AT", "Person", "Enterprise", 0.15),
    ("MEMBER_OF", "Enterprise", "Alliance", 0.20),
    ("PARTICIPATES_IN", "Enterprise", "Project", 0.25),
    ("PARTICIPATES_IN", "SecondaryVocationalSchool", "Project", 0.10),
    ("ATTENDED", "Enterprise", "Event", 0.15),
    ("IN_INDUSTRY", "Enterprise", "Industry", 0.10),
    ("LOCATED_IN", "Enterprise", "Region", 0.05),
]
SOURCE = "source-bench"


def generate(nodes: int, edges: int, seed: int = 1) -> KnowledgeGraph:
    """A schema-valid graph of about ``nodes`` nodes and ``edges`` relationships."""
    rng = random.Random(seed)
    evidence = json.dumps({"path": "bench.csv", "row": 1, "source": SOURCE}, sort_keys=True)
    ids: dict[str, list[str]] = {}
    node_list = []
    for label, share in NODE_MIX:
        for i in range(max(1, int(nodes * share))):
            name = f"{SCHEMA.labels[label].zh}{i:06d}"
            node_id = make_id(label, name)
            assert node_id is not None
            ids.setdefault(label, []).append(node_id)
            item = new_item()
            item.update(
                id=node_id,
                label=label,
                labels=list(SCHEMA.labels[label].labels),
                name=name,
                aliases=[],
                sources=[SOURCE],
                evidence=[evidence],
            )
            node_list.append(item)
    seen = set()
    edge_list = []
    for rel, src, tgt, share in EDGE_MIX:
        wanted = int(edges * share)
        while wanted:
            key = (rng.choice(ids[src]), rng.choice(ids[tgt]), rel)
            if key in seen:
                continue
            seen.add(key)
            wanted -= 1
            item = new_item()
            item.update(source=key[0], target=key[1], type=rel, sources=[SOURCE])
            item["props"] = {"since": f"20{rng.randint(10, 24)}"}
            item["propSources"] = {"since": SOURCE}
            item["evidence"] = [evidence]
            edge_list.append(item)
    return KnowledgeGraph.from_dict({"nodes": node_list, "edges": edge_list})


def wipe(store: Neo4jStore) -> None:
    """Empty the database in chunks (a managed transaction cannot CALL … IN TRANSACTIONS)."""
    query = "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c"
    while store.execute(query, write=True)[0]["c"]:
        pass


def push_per_row(store: Neo4jStore, kg: KnowledgeGraph) -> float:
    """The same MERGE queries, one row per transaction; seconds taken."""
    started = time.perf_counter()
    for labels, rows in node_rows(kg).items():
        query = cypher.merge_nodes_query(labels)
        for row in rows:
            store.execute(query, {"rows": [row]}, write=True)
    for key, rows in edge_rows(kg).items():
        query = cypher.merge_edges_query(*key)
        for row in rows:
            store.execute(query, {"rows": [row]}, write=True)
    return time.perf_counter() - started


def measure(store: Neo4jStore, args: argparse.Namespace) -> dict[str, Any]:
    from conftest import load_sample

    out: dict[str, Any] = {}
    store.ensure_schema()
    sample = load_sample()
    wipe(store)
    first = store.push(sample)
    second = store.push(sample)
    out["sample"] = {
        "nodes": first.nodes,
        "relationships": first.relationships,
        "first_push_s": round(first.seconds, 2),
        "second_push_s": round(second.seconds, 2),
        "counts_after_two_pushes": store.counts(),
    }
    small = generate(args.small, args.small * 2)
    wipe(store)
    batched = store.push(small)
    wipe(store)
    per_row = push_per_row(store, small)
    rows = batched.nodes + batched.relationships
    out["small"] = {
        "nodes": batched.nodes,
        "relationships": batched.relationships,
        "batched_s": round(batched.seconds, 2),
        "per_row_s": round(per_row, 2),
        "batched_rows_per_s": round(rows / batched.seconds),
        "per_row_rows_per_s": round(rows / per_row),
        "speedup": round(per_row / batched.seconds, 1),
    }
    big = generate(args.nodes, args.edges)
    wipe(store)
    report = store.push(big)
    again = store.push(big)
    started = time.perf_counter()
    back = store.read_graph()
    read_s = time.perf_counter() - started
    out["big"] = {
        "nodes": report.nodes,
        "relationships": report.relationships,
        "batch_size": store.batch_size,
        "transactions": report.batches,
        "push_s": round(report.seconds, 1),
        "rows_per_s": round((report.nodes + report.relationships) / report.seconds),
        "second_push_s": round(again.seconds, 1),
        "read_graph_s": round(read_s, 1),
        "read_back_equal": back == big,
    }
    wipe(store)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="nodes of the per-row graph")
    parser.add_argument("--batch-size", type=int, default=2_000)
    args = parser.parse_args()
    os.chdir(ROOT)
    if os.environ.get("NEO4J_URI"):
        with Neo4jStore.from_environment(batch_size=args.batch_size) as store:
            result = measure(store, args)
    else:
        from graph.neo4j_server import connection_from_environment, start, stop

        with tempfile.TemporaryDirectory(prefix="iekg-bench-neo4j-") as state:
            start(Path(state), auth=False)
            try:
                conn = connection_from_environment(Path(state))
                with Neo4jStore(
                    conn.uri, conn.user, conn.password, conn.database, batch_size=args.batch_size
                ) as store:
                    result = measure(store, args)
            finally:
                stop(Path(state))
    result["load_average"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
