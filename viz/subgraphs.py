"""Which nodes the alliance, industry and overview views show.

The ego and path views take the rows of the ``ego`` and ``path`` questions
(see :mod:`viz.catalogue`), so map and table cannot disagree. These three
read the graph directly: the alliance view draws the members themselves
(``alliance-composition`` counts them), and the industry view adds the
schools ``industry-coverage`` finds to what is aimed at or in the industry.
"""

from __future__ import annotations

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from viz.filters import resolve_name

__all__ = ["alliance_nodes", "industry_nodes", "overview_nodes"]

SOURCE = SCHEMA.label("Source").name
ALLIANCE = SCHEMA.label("Alliance").name
INDUSTRY = SCHEMA.label("Industry").name
_AIMED_AT = SCHEMA.rel("TARGETS_INDUSTRY").name
_IN = SCHEMA.rel("IN_INDUSTRY").name
_JOINS = (SCHEMA.rel("PARTICIPATES_IN").name, SCHEMA.rel("MEMBER_OF").name)


def alliance_nodes(kg: KnowledgeGraph, name: str) -> set[str]:
    """The alliance, its members, who guides or supports it, its founding events and industries."""
    alliance = resolve_name(kg, name, ALLIANCE)
    g = kg.graph
    return {alliance, *g.predecessors(alliance), *g.successors(alliance)}


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
