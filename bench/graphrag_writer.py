"""The peer: neo4j-graphrag's ``Neo4jWriter`` writing the same rows ``iekg push`` sends.

Runs in ``bench/.venv-peer`` (neo4j-graphrag and its scipy/pydantic stay out
of the project's environment) and is started by ``bench/neo4j_load.py``,
which hands it the node and relationship rows of :mod:`graph.neo4j_rows` as
JSON. Each node becomes a ``Neo4jNode`` labelled with its kind, each
relationship a ``Neo4jRelationship`` with the same properties; the writer
then runs as in a graphrag pipeline (its own index, CREATE for nodes,
``apoc.merge.relationship`` for relationships, clean-up of its temporary ids).

Building the pydantic records and running the writer are timed separately.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=Path, required=True)
    ap.add_argument("--uri", required=True)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--no-rust", action="store_true")
    args = ap.parse_args(argv)
    if args.no_rust:
        sys.modules["neo4j._rust"] = None  # type: ignore[assignment]
    import neo4j
    from neo4j._codec.packstream import RUST_AVAILABLE
    from neo4j_graphrag.components.kg_writer import Neo4jWriter
    from neo4j_graphrag.components.types import (
        Neo4jGraph,
        Neo4jNode,
        Neo4jRelationship,
    )

    data = json.loads(args.rows.read_text(encoding="utf-8"))
    started = time.perf_counter()
    nodes = [
        Neo4jNode(id=row["id"], label=group["label"], properties=row)
        for group in data["nodes"]
        for row in group["rows"]
    ]
    rels = [
        Neo4jRelationship(
            start_node_id=row["source"],
            end_node_id=row["target"],
            type=group["type"],
            properties=row["props"],
        )
        for group in data["relationships"]
        for row in group["rows"]
    ]
    graph = Neo4jGraph(nodes=nodes, relationships=rels)
    build = time.perf_counter() - started
    with neo4j.GraphDatabase.driver(args.uri, auth=None) as driver:
        writer = Neo4jWriter(driver, neo4j_database="neo4j", batch_size=args.batch)
        started = time.perf_counter()
        result = asyncio.run(writer.run(graph))
        write = time.perf_counter() - started
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r",
            database_="neo4j",
        )
    print(json.dumps({
        "status": result.status,
        "error": result.metadata.get("error") if result.status != "SUCCESS" else None,
        "rust": RUST_AVAILABLE,
        "nodes": len(nodes),
        "relationships": len(rels),
        "in_database": [records[0]["n"], records[0]["r"]],
        "seconds": {"build_records": build, "write": write},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
