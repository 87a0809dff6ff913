"""The organisation projection both ``brokers`` and ``communities`` stand on.

The bipartite graph joins organisations to the projects and alliances they
take part in, and people to the organisations they work at. Projected on
organisations, two organisations are adjacent when they share a project, an
alliance or a person (weight = how many they share). Neo4j Community has no
graph-algorithm library, so on Neo4j Cypher reads one list per organisation
(its hubs and its people already collected), packed into a single record
(see :mod:`queries.packed`), and the projection and the algorithms run in
networkx, exactly as on the embedded store: the graph is built from sorted
edges, so both backends hand the algorithms the same graph in the same order.

The projection, its Louvain partition and the rankings derived from it cost
seconds at scale, so they are kept (see :func:`projection`) for as long as
the rows they came from are the same: keyed on the rows themselves, which
is exact on either backend, whatever wrote to the graph in between.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from functools import cached_property
from itertools import combinations
from typing import Any, TypeVar

import networkx as nx
import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.kept import per_revision
from queries.names import LABEL, REL, rel_union
from queries.packed import collect, pack, unpack, unpacked

__all__ = ["CYPHER", "SEED", "Projection", "bipartite_rows", "community_of", "org_graph",
           "projection"]  # fmt: skip

SEED = 7
RAW_COLUMNS = ("orgId", "org", "orgLabels", "industries", "regions", "hubs", "people")
_HUB_RELS = (REL.PARTICIPATES_IN, REL.MEMBER_OF)
#: How many projections are kept: one per backend an analyst compares.
KEPT = 2
T = TypeVar("T")


@per_revision
def bipartite_rows(kg: KnowledgeGraph) -> pd.DataFrame:
    """Raw rows, packed: one per organisation with a hub or a post.

    ``hubs`` are the ids of the projects and alliances it takes part in,
    ``people`` the ``[id, name]`` of everyone working there. Read from the
    adjacency dicts directly: networkx's edge views cost a Python call per
    edge, which made this the slow part at scale.
    """
    nodes, succ, pred = kg.graph._node, kg.graph._succ, kg.graph._pred
    out: list[tuple[Any, ...]] = []
    for o, data in nodes.items():
        if LABEL.Organization not in data["labels"]:
            continue
        hubs = [v for v, keys in succ[o].items() for k in keys if k in _HUB_RELS]
        people = [[u, nodes[u]["name"]] for u, keys in pred[o].items() if REL.WORKS_AT in keys]
        if not hubs and not people:
            continue
        industries = [nodes[v]["name"] for v, keys in succ[o].items() if REL.IN_INDUSTRY in keys]
        regions = [nodes[v]["name"] for v, keys in succ[o].items() if REL.LOCATED_IN in keys]
        out.append((o, data["name"], list(data["labels"]), industries, regions, hubs, people))
    return pack(out)


CYPHER = (
    f"MATCH (o:{LABEL.Organization})\n"
    f"WITH o, [(o)-[:{rel_union(*_HUB_RELS)}]->(h) | h.id] AS hubs,\n"
    f"     [(p)-[:{REL.WORKS_AT}]->(o) | [p.id, p.name]] AS people\n"
    "WHERE size(hubs) > 0 OR size(people) > 0\n"
    "RETURN "
    + collect(
        "o.id", "o.name", "labels(o)",
        f"[(o)-[:{REL.IN_INDUSTRY}]->(i) | i.name]", f"[(o)-[:{REL.LOCATED_IN}]->(g) | g.name]",
        "hubs", "people",
    )
)  # fmt: skip


def org_graph(found: list[dict[str, Any]], people_as_nodes: bool) -> nx.Graph:
    """The weighted organisation projection, built in a fixed (sorted) order.

    With ``people_as_nodes`` a person with posts in two or more organisations
    stays a node joined to each (so a person can be a broker); otherwise a shared person
    joins the organisations like a shared project does.
    """
    posts: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for r in found:
        for person, name in r["people"] or ():
            posts[person].add(r["orgId"])
            names[person] = name
    members: dict[str, set[str]] = defaultdict(set)
    nodes: dict[str, dict[str, Any]] = {}
    person_edges: set[tuple[str, str]] = set()
    for r in found:
        org = r["orgId"]
        nodes[org] = {"name": r["org"], "labels": r["orgLabels"], "person": False}
        for hub in r["hubs"] or ():
            members[hub].add(org)
        for person, _ in r["people"] or ():
            # A person with one post bridges nothing; as a leaf they would only
            # lend their organisation betweenness.
            if people_as_nodes and len(posts[person]) > 1:
                nodes[person] = {"name": names[person], "labels": [], "person": True}
                person_edges.add((person, org))
            else:
                members[person].add(org)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for group in members.values():
        for pair in combinations(sorted(group), 2):
            weights[pair] += 1
    graph = nx.Graph()
    graph.add_nodes_from((node, nodes[node]) for node in sorted(nodes))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    graph.add_weighted_edges_from((p, o, 1) for p, o in sorted(person_edges))
    return graph


def community_of(graph: nx.Graph) -> tuple[list[list[str]], dict[str, int]]:
    """Louvain communities (seeded), largest first, and each node's community number."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    number = {n: i + 1 for i, c in enumerate(ordered) for n in c}
    return ordered, number


class Projection:
    """One set of projection rows and what is derived from them, each computed on first use."""

    def __init__(self, found: list[dict[str, Any]]) -> None:
        self.found = found
        self._derived: dict[str, Any] = {}

    @cached_property
    def orgs(self) -> nx.Graph:
        """Organisations only; a shared person joins them like a shared project."""
        return org_graph(self.found, people_as_nodes=False)

    @cached_property
    def with_people(self) -> nx.Graph:
        """People with posts in two or more organisations kept as nodes."""
        return org_graph(self.found, people_as_nodes=True)

    @cached_property
    def communities(self) -> tuple[list[list[str]], dict[str, int]]:
        """:func:`community_of` the organisations-only projection."""
        return community_of(self.orgs)

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, run once per projection (a question's own ranking, say)."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]  # type: ignore[no-any-return]


_KEPT: OrderedDict[bytes, Projection] = OrderedDict()


def projection(raw: pd.DataFrame) -> Projection:
    """The :class:`Projection` of these rows, kept while the same rows come back.

    The key is the rows' content (pickled: equal bytes mean equal rows), so a
    cached projection is only ever reused for exactly the rows it was built
    from: on Neo4j, any write that changes the projection changes the rows
    and so the key.
    """
    values = unpacked(raw)
    key = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
    found = _KEPT.get(key)
    if found is None:
        found = _KEPT[key] = Projection(unpack(raw, RAW_COLUMNS))
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    _KEPT.move_to_end(key)
    return found
