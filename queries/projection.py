"""The organisation projection both ``brokers`` and ``communities`` stand on.

The bipartite graph joins organisations to the projects and alliances they
take part in, and people to the organisations they work at. Projected on
organisations, two organisations are adjacent when they share a project, an
alliance or a person (weight = how many they share). Neo4j Community has no
graph-algorithm library, so on Neo4j the *bipartite edges* are read with
Cypher and the projection and the algorithms run in networkx, exactly as on
the embedded store: the graph is built from sorted edges, so both backends
hand the algorithms the same graph in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.names import LABEL, REL, rel_union

__all__ = ["CYPHER", "SEED", "bipartite_rows", "community_of", "org_graph"]

SEED = 7
RAW_COLUMNS = (
    "orgId", "org", "orgLabels", "hubId", "hub", "link", "industries", "regions",
)  # fmt: skip
_HUB_RELS = (REL.PARTICIPATES_IN, REL.MEMBER_OF)


def bipartite_rows(kg: KnowledgeGraph, **_: Any) -> pd.DataFrame:
    """Raw rows: (organisation, hub, how) with the organisation's industries and regions."""
    # Adjacency dicts read directly, each organisation's attributes once.
    g = kg.graph
    nodes, succ = g._node, g._succ
    out: list[tuple[Any, ...]] = []
    known: dict[str, tuple[list[str], list[str]]] = {}

    def attrs(o: str) -> tuple[list[str], list[str]]:
        found = known.get(o)
        if found is None:
            arcs = [(v, k) for v, keys in succ[o].items() for k in keys]
            found = known[o] = (
                [nodes[v]["name"] for v, k in arcs if k == REL.IN_INDUSTRY],
                [nodes[v]["name"] for v, k in arcs if k == REL.LOCATED_IN],
            )
        return list(found[0]), list(found[1])

    for u, nbrs in succ.items():
        for v, keys in nbrs.items():
            for key in keys:
                if key in _HUB_RELS or key == REL.WORKS_AT:
                    org, hub = (v, u) if key == REL.WORKS_AT else (u, v)
                    o = nodes[org]
                    if LABEL.Organization not in o["labels"]:
                        continue
                    out.append((org, o["name"], list(o["labels"]), hub, nodes[hub]["name"], key,
                                *attrs(org)))  # fmt: skip
    return pd.DataFrame(out, columns=list(RAW_COLUMNS))


_ATTRS = (
    f"[(o)-[:{REL.IN_INDUSTRY}]->(i) | i.name] AS industries, "
    f"[(o)-[:{REL.LOCATED_IN}]->(g) | g.name] AS regions"
)
CYPHER = (
    f"MATCH (o:{LABEL.Organization})-[r:{rel_union(*_HUB_RELS)}]->(h)\n"
    "RETURN o.id AS orgId, o.name AS org, labels(o) AS orgLabels, h.id AS hubId, "
    f"h.name AS hub, type(r) AS link,\n       {_ATTRS}\n"
    "UNION ALL\n"
    f"MATCH (h)-[r:{REL.WORKS_AT}]->(o:{LABEL.Organization})\n"
    "RETURN o.id AS orgId, o.name AS org, labels(o) AS orgLabels, h.id AS hubId, "
    f"h.name AS hub, type(r) AS link,\n       {_ATTRS}"
)


def org_graph(found: list[dict[str, Any]], people_as_nodes: bool) -> nx.Graph:
    """The weighted organisation projection, built in a fixed (sorted) order.

    With ``people_as_nodes`` a person with posts in two or more organisations
    stays a node joined to each (so a person can be a broker); otherwise a shared person
    joins the organisations like a shared project does.
    """
    members: dict[str, set[str]] = defaultdict(set)
    nodes: dict[str, dict[str, Any]] = {}
    person_edges: set[tuple[str, str]] = set()
    posts: dict[str, set[str]] = defaultdict(set)
    for r in found:
        if r["link"] == REL.WORKS_AT:
            posts[r["hubId"]].add(r["orgId"])
    for r in found:
        nodes.setdefault(r["orgId"], {"name": r["org"], "labels": r["orgLabels"], "person": False})
        # A person with one post bridges nothing; as a leaf they would only
        # lend their organisation betweenness.
        if r["link"] == REL.WORKS_AT and people_as_nodes and len(posts[r["hubId"]]) > 1:
            nodes.setdefault(r["hubId"], {"name": r["hub"], "labels": [], "person": True})
            person_edges.add((r["hubId"], r["orgId"]))
        else:
            members[r["hubId"]].add(r["orgId"])
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for hub in sorted(members):
        group = sorted(members[hub])
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                weights[(a, b)] += 1
    graph = nx.Graph()
    for node in sorted(nodes):
        graph.add_node(node, **nodes[node])
    for (a, b), w in sorted(weights.items()):
        graph.add_edge(a, b, weight=w)
    for p, o in sorted(person_edges):
        graph.add_edge(p, o, weight=1)
    return graph


def community_of(graph: nx.Graph) -> tuple[list[list[str]], dict[str, int]]:
    """Louvain communities (seeded), largest first, and each node's community number."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    number = {n: i + 1 for i, c in enumerate(ordered) for n in c}
    return ordered, number
