"""The organisation projection both ``brokers`` and ``communities`` stand on.

The bipartite graph joins organisations to the projects and alliances they
take part in, and people to the organisations they work at. Projected on
organisations, two organisations are adjacent when they share a project, an
alliance or a person (weight = how many they share). Neo4j Community has no
graph-algorithm library, so on Neo4j Cypher reads one list per organisation
(its hubs and its people already collected), packed into a single record
(see :mod:`queries.packed`), and the projection and the algorithms run in
Python, exactly as on the embedded store: the edges are counted and sorted
with numpy, so both backends hand the algorithms the same graph in the same
order. The algorithms take it as arrays (:meth:`Projection.people_adjacency`
for betweenness, :attr:`_Parts.org_pairs` for Leiden) rather than as
networkx graphs, which at 136,000 organisations took longer to build than
the algorithms took to run; the networkx graphs are still there on demand.

The projection, its Leiden partition and the rankings derived from it cost
seconds at scale, so they are kept (see :func:`projection`) for as long as
the rows they came from are the same: compared with the rows themselves,
which is exact on either backend, whatever wrote to the graph in between.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import chain
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from queries.betweenness import Adjacency
from queries.kept import per_revision
from queries.leiden import leiden_communities
from queries.names import LABEL, REL, rel_union
from queries.packed import collect, pack, unpack, unpacked

__all__ = ["CYPHER", "SEED", "Projection", "bipartite_rows", "org_graph", "projection"]

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
    return _Parts(found).graph(people_as_nodes)


class _Parts:
    """What both projections are made of, computed once from the rows.

    Organisations are numbered in id order, so that a pair of numbers sorts
    like the pair of ids: the pairs sharing a hub are then counted with numpy
    (a clique per hub is a million pairs at scale) and come out in the sorted
    order the graphs are built in, which keeps both backends' graphs identical.
    """

    def __init__(self, found: list[dict[str, Any]]) -> None:
        self.orgs = sorted({r["orgId"] for r in found})
        rank = {org: i for i, org in enumerate(self.orgs)}
        self.data: dict[str, dict[str, Any]] = {}
        self.names: dict[str, str] = {}
        posts: dict[str, list[int]] = defaultdict(list)
        for r in found:
            org = r["orgId"]
            self.data[org] = {"name": r["org"], "labels": r["orgLabels"], "person": False}
            for person, name in r["people"] or ():
                posts[person].append(rank[org])
                self.names[person] = name
        # Each (hub, member) as numbers, by C loops: 400,000 of them at 136,000 organisations
        hub_lists = [r["hubs"] or () for r in found]
        hub_of, _ = pd.factorize(np.fromiter(chain.from_iterable(hub_lists), object))
        member = np.repeat(
            np.fromiter(map(rank.__getitem__, (r["orgId"] for r in found)), np.int64, len(found)),
            np.fromiter(map(len, hub_lists), np.int64, len(found)),
        )
        named = hub_of >= 0  # a hub without an id (None) is no hub anyone can be shown to share
        self.hub_pairs = _pairs(hub_of[named], member[named], len(self.orgs))
        shared = {p: sorted(set(orgs)) for p, orgs in posts.items() if len(set(orgs)) > 1}
        self.shared = dict(sorted(shared.items()))
        groups = list(self.shared.values())
        self.person_pairs = _pairs(
            [i for i, g in enumerate(groups) for _ in g], [o for g in groups for o in g],
            len(self.orgs),
        )  # fmt: skip

    def graph(self, people_as_nodes: bool) -> nx.Graph:
        """One projection: people with two posts as nodes, or as shared hubs."""
        nodes = dict(self.data)
        if people_as_nodes:
            nodes.update(
                (p, {"name": self.names[p], "labels": [], "person": True}) for p in self.shared
            )
            pairs, weights = _counted(self.hub_pairs)
        else:
            pairs, weights = self.org_pairs
        first, second = np.divmod(pairs, len(self.orgs))
        ids = np.array(self.orgs, dtype=object)
        edges = list(zip(ids[first].tolist(), ids[second].tolist(), weights.tolist(), strict=True))
        if people_as_nodes:
            orgs = self.orgs
            edges += [(p, orgs[o], 1) for p, posts in self.shared.items() for o in posts]
        return _build(nodes, edges)

    @cached_property
    def org_pairs(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The organisations-only projection's edges (``a * n + b``, sorted) and weights."""
        return _counted(np.concatenate([self.hub_pairs, self.person_pairs]))

    def org_strength(self) -> dict[str, int]:
        """Each organisation's weighted degree in the organisations-only projection."""
        pairs, weights = self.org_pairs
        n = len(self.orgs)
        ends = np.concatenate(np.divmod(pairs, max(1, n)))
        strength = np.bincount(ends, weights=np.concatenate([weights, weights]), minlength=n)
        return dict(zip(self.orgs, strength.astype(np.int64).tolist(), strict=True))

    def people_adjacency(self) -> tuple[Adjacency, dict[str, dict[str, Any]]]:
        """The with-people projection as unweighted CSR arrays, and each node's data.

        Betweenness and the brokers' neighbours need no weights and no
        networkx graph: these arrays come straight from the counted pairs, in
        the networkx graph's node order (sorted ids), without building it.
        """
        nodes = sorted([*self.orgs, *self.shared])
        index = {node: i for i, node in enumerate(nodes)}
        org_index = np.array([index[o] for o in self.orgs], dtype=np.int64)
        first, second = np.divmod(_counted(self.hub_pairs)[0], max(1, len(self.orgs)))
        person = [index[p] for p, posts in self.shared.items() for _ in posts]
        post = [o for posts in self.shared.values() for o in posts]
        one = np.concatenate([org_index[first], np.asarray(person, dtype=np.int64)])
        two = np.concatenate([org_index[second], org_index[np.asarray(post, dtype=np.int64)]])
        source, target = np.concatenate([one, two]), np.concatenate([two, one])
        order = np.lexsort((target, source))  # each node's neighbours in node order
        indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum(np.bincount(source, minlength=len(nodes)), out=indptr[1:])
        data = dict(self.data)
        data.update((p, {"name": self.names[p], "labels": [], "person": True}) for p in self.shared)
        return Adjacency(nodes, indptr, target[order]), data


def _pairs(
    group: Sequence[int] | npt.NDArray[np.int64],
    member: Sequence[int] | npt.NDArray[np.int64],
    n: int,
) -> npt.NDArray[np.int64]:
    """``a * n + b`` for every pair a < b of members sharing a group (a clique per group).

    A member listed twice in a group counts once (an organisation can both
    take part in a project and be a member of it).
    """
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    both = np.unique(np.asarray(group, dtype=np.int64) * n + np.asarray(member, dtype=np.int64))
    owner, who = np.divmod(both, n)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    sizes = np.diff(np.r_[starts, len(both)])
    out = []
    for size in np.unique(sizes[sizes > 1]).tolist():
        rows = who[starts[sizes == size][:, None] + np.arange(size)]  # one row per group
        first, second = np.triu_indices(size, 1)
        out.append((rows[:, first] * n + rows[:, second]).ravel())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _counted(keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct keys, sorted, and how often each occurs."""
    keys = np.sort(keys)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def _build(nodes: dict[str, dict[str, Any]], edges: list[tuple[str, str, int]]) -> nx.Graph:
    """``add_nodes_from(sorted nodes)`` then ``add_weighted_edges_from(edges)``, faster.

    The edges are new and distinct, so each gets its own data dict, shared by
    both directions as networkx shares it; writing the adjacency dicts
    directly skips networkx's per-edge checks, half the build time at scale.
    """
    graph = nx.Graph()
    graph.add_nodes_from((node, nodes[node]) for node in sorted(nodes))
    adj = graph._adj
    for a, b, w in edges:
        data = {"weight": w}
        adj[a][b] = data
        adj[b][a] = data
    return graph


def _numbered(found: list[set[str]]) -> tuple[list[list[str]], dict[str, int]]:
    """Communities largest first (ties by first member), and each node's number."""
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    number = {n: i + 1 for i, c in enumerate(ordered) for n in c}
    return ordered, number


class Projection:
    """One set of projection rows and what is derived from them, each computed on first use."""

    def __init__(self, found: list[dict[str, Any]]) -> None:
        self.found = found
        self._derived: dict[str, Any] = {}

    @cached_property
    def _parts(self) -> _Parts:
        """The pairs both graphs below are made of, counted once."""
        return _Parts(self.found)

    @cached_property
    def orgs(self) -> nx.Graph:
        """Organisations only; a shared person joins them like a shared project."""
        return self._parts.graph(people_as_nodes=False)

    @cached_property
    def with_people(self) -> nx.Graph:
        """People with posts in two or more organisations kept as nodes."""
        return self._parts.graph(people_as_nodes=True)

    @cached_property
    def people_adjacency(self) -> tuple[Adjacency, dict[str, dict[str, Any]]]:
        """:attr:`with_people` as CSR arrays and node data, without building the graph."""
        return self._parts.people_adjacency()

    @cached_property
    def communities(self) -> tuple[list[list[str]], dict[str, int]]:
        """Leiden communities (:mod:`queries.leiden`, seeded) of the organisations-only
        projection, largest first, and each organisation's community number."""
        parts = self._parts
        found = leiden_communities(len(parts.orgs), *parts.org_pairs, SEED)
        return _numbered([{parts.orgs[i] for i in members} for members in found])

    @cached_property
    def strength(self) -> dict[str, int]:
        """Each organisation's weighted degree in :attr:`orgs` (without building it)."""
        return self._parts.org_strength()

    @property
    def org_data(self) -> dict[str, dict[str, Any]]:
        """Each organisation's name, labels and ``person`` (False)."""
        return self._parts.data

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, run once per projection (a question's own ranking, say)."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]  # type: ignore[no-any-return]


#: The rows each kept projection was built from, and the projection; most recent last.
_KEPT: list[tuple[list[list[Any]], Projection]] = []


def projection(raw: pd.DataFrame) -> Projection:
    """The :class:`Projection` of these rows, kept while the same rows come back.

    Reuse needs the rows to be equal, value for value, to those the
    projection was built from, so a kept projection is only ever reused for
    exactly its rows: on Neo4j, any write that changes the projection
    changes the rows. Comparing lists stops at the first difference and
    skips values that are the very same objects (the embedded store hands
    back the rows it keeps per revision), so it costs milliseconds where
    pickling them as a key cost seconds at 136,000 organisations.
    """
    values = unpacked(raw)
    for i, (rows, found) in enumerate(_KEPT):
        if len(rows) == len(values) and rows == values:
            _KEPT.append(_KEPT.pop(i))
            return found
    found = Projection(unpack(raw, RAW_COLUMNS))
    _KEPT.append((values, found))
    del _KEPT[:-KEPT]
    return found
