"""Writing what a merge (or its undo) changed to Neo4j, in one transaction.

A push only MERGEs: it never deletes. After ``iekg resolve`` folds node B
into node A, a push would leave B (and the relationships B had) in the
database beside A, while the embedded store holds A alone, and answers from
the two stores would differ. Undoing the merge has the mirror problem: A
keeps the relationships the merge moved onto it. So a merge is written as
one transaction that deletes the folded nodes (DETACH DELETE by id, ids as a
parameter), deletes the relationships of the changed nodes, and writes those
nodes and their relationships again, exactly as the graph holds them. Either
all of it commits or none of it does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, LiteralString, cast

from graph import cypher
from graph.errors import StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.neo4j_rows import edge_rows, node_rows
from graph.schema import SCHEMA

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

    from graph.neo4j_store import Neo4jStore

__all__ = ["replace_nodes"]

_Job = tuple[str, dict[str, Any], int | None]  # query, parameters, rows it must write


def replace_nodes(
    store: Neo4jStore, kg: KnowledgeGraph, changed: Collection[str], removed: Collection[str]
) -> None:
    """Make Neo4j hold ``kg``'s ``changed`` nodes exactly and none of ``removed``.

    ``changed`` nodes get kg's labels, properties and relationships (and no
    other relationship of an iekg type); ``removed`` nodes are deleted with
    their relationships. The rest of the database is assumed to hold kg
    already, as it does when kg was read from this store and then merged.
    """
    jobs = _jobs(kg, set(changed), set(removed))  # every query built before anything is sent
    if not store._schema_ready:
        store.ensure_schema()

    def work(tx: ManagedTransaction) -> None:
        for query, params, expected in jobs:
            result = tx.run(cast(LiteralString, query), params)
            if expected is None:
                result.consume()
                continue
            written = result.single(strict=True)["written"]
            if written != expected:  # raised inside: the whole transaction rolls back
                raise StoreError(
                    f"Neo4j at {store.uri}: only {written} of {expected} rows found their "
                    "end nodes (deleted meanwhile?); nothing was changed; run the command again"
                )

    driver = store.driver
    with (
        store.errors("writing a merge"),
        driver.session(
            database=store.database,
            # so that the next read (and revision()) sees this write, on a cluster too
            bookmark_manager=driver.execute_query_bookmark_manager,
        ) as session,
    ):
        session.execute_write(work)


def _jobs(kg: KnowledgeGraph, changed: set[str], removed: set[str]) -> list[_Job]:
    missing = sorted(i for i in changed if i not in kg.graph)
    kept = sorted(i for i in removed if i in kg.graph)
    if missing or kept:
        raise StoreError(
            f"cannot write a merge: changed nodes {missing} are not in the graph, or removed "
            f"nodes {kept} still are; nothing was sent"
        )
    types = list(SCHEMA.relationships)
    jobs: list[_Job] = []
    for label, ids in _by_family(removed).items():
        jobs.append((cypher.delete_nodes_query(label), {"ids": ids}, None))
    by_label = _by_family({i: kg.label_of(i) for i in changed})
    for label, ids in by_label.items():
        jobs.append((cypher.delete_relationships_query(label), {"ids": ids, "types": types}, None))
    region = _region(kg, changed)
    for labels, rows in node_rows(region).items():
        mine = [row for row in rows if row["id"] in changed]
        if mine:
            jobs.append((cypher.merge_nodes_query(labels), {"rows": mine}, len(mine)))
    for key, rows in edge_rows(region).items():
        jobs.append((cypher.merge_edges_query(*key), {"rows": rows}, len(rows)))
    return jobs


def _by_family(ids: Collection[str] | dict[str, str]) -> dict[str, list[str]]:
    """Ids grouped by a label of their id family (known, or told by the id's prefix)."""
    label_of_prefix = {lab.id_prefix: name for name, lab in SCHEMA.labels.items()}
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(ids):
        label = ids[node_id] if isinstance(ids, dict) else None
        label = label or label_of_prefix.get(node_id.split("-", 1)[0])
        if label is None:
            raise StoreError(f"cannot delete node {node_id!r}: its id has no iekg prefix")
        groups[cypher.key_label(label)].append(node_id)
    return dict(groups)


def _region(kg: KnowledgeGraph, changed: set[str]) -> KnowledgeGraph:
    """The changed nodes, every relationship touching them, and the nodes at their far ends."""
    edges = [
        {"source": s, "target": t, "type": k, **kg.graph.edges[s, t, k]}
        for node in sorted(changed)
        for s, t, k in [
            *kg.graph.out_edges(node, keys=True),
            *kg.graph.in_edges(node, keys=True),
        ]
    ]
    unique = {(e["source"], e["target"], e["type"]): e for e in edges}
    ends = changed | {e["source"] for e in unique.values()} | {e["target"] for e in unique.values()}
    return KnowledgeGraph.from_dict(
        {"nodes": [kg.node(i) for i in sorted(ends)], "edges": list(unique.values())}
    )
