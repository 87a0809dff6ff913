"""Which nodes a subgraph view shows: around a name, an alliance, a path, an industry.

These read the graph directly. When the question catalogue answers the same
thing (ego, path, alliance composition, industry coverage) the view should
take the question's rows instead, so map and table cannot disagree.
"""

from __future__ import annotations

from itertools import islice, pairwise

import networkx as nx

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from viz.filters import resolve_name

__all__ = ["alliance_nodes", "ego_nodes", "industry_nodes", "overview_nodes", "path_nodes"]

SOURCE = SCHEMA.label("Source").name
ALLIANCE = SCHEMA.label("Alliance").name
INDUSTRY = SCHEMA.label("Industry").name
_AIMED_AT = SCHEMA.rel("TARGETS_INDUSTRY").name
_IN = SCHEMA.rel("IN_INDUSTRY").name
_JOINS = (SCHEMA.rel("PARTICIPATES_IN").name, SCHEMA.rel("MEMBER_OF").name)
#: A path view draws at most this many shortest paths; more is a hairball.
MAX_PATHS = 30


def _undirected(kg: KnowledgeGraph) -> nx.Graph:
    return nx.Graph(kg.graph.to_undirected(as_view=True))


def ego_nodes(kg: KnowledgeGraph, name: str, depth: int = 1) -> set[str]:
    """The node called ``name`` and everything within ``depth`` relationships of it.

    >>> len(ego_nodes(shaoxing, "绍兴中专", 1)) > 1
    True
    """
    if depth < 1:
        raise QueryError(f"--depth {depth}: give 1 or more relationships")
    centre = resolve_name(kg, name)
    return set(nx.single_source_shortest_path_length(_undirected(kg), centre, cutoff=depth))


def alliance_nodes(kg: KnowledgeGraph, name: str) -> set[str]:
    """The alliance, its members, who guides or supports it, its founding events and industries."""
    alliance = resolve_name(kg, name, ALLIANCE)
    g = kg.graph
    return {alliance, *g.predecessors(alliance), *g.successors(alliance)}


def path_nodes(kg: KnowledgeGraph, a: str, b: str) -> tuple[set[str], set[frozenset[str]]]:
    """The nodes and links on the shortest chains of relationships between two names."""
    start, end = resolve_name(kg, a), resolve_name(kg, b)
    if start == end:
        raise QueryError(f"{a!r} and {b!r} are the same node; give two different names")
    try:
        paths = list(islice(nx.all_shortest_paths(_undirected(kg), start, end), MAX_PATHS))
    except nx.NetworkXNoPath:
        raise QueryError(
            f"no chain of relationships links {a!r} and {b!r} in this graph"
            " (or in what the filters left of it)"
        ) from None
    nodes = {n for path in paths for n in path}
    pairs = {frozenset(p) for path in paths for p in pairwise(path)}
    return nodes, pairs


def industry_nodes(kg: KnowledgeGraph, name: str) -> set[str]:
    """The industry, the projects and alliances aimed at it, and who takes part or is in it."""
    industry = resolve_name(kg, name, INDUSTRY)
    g = kg.graph
    aimed = {u for u, _, k in g.in_edges(industry, keys=True) if k == _AIMED_AT}
    inside = {u for u, _, k in g.in_edges(industry, keys=True) if k == _IN}
    joined = {u for u, v, k in g.edges(keys=True) if k in _JOINS and v in aimed}
    return {industry} | aimed | inside | joined


def overview_nodes(kg: KnowledgeGraph) -> set[str]:
    """Every node but the sources (they are cited in the tooltips instead)."""
    return {n for n, d in kg.graph.nodes(data=True) if d["label"] != SOURCE}
