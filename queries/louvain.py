"""Louvain communities: networkx's algorithm, step for step, on plain lists.

``communities`` and ``brokers`` both need the Louvain partition of the
organisation projection, and at 136,000 organisations networkx took minutes
for it, most of them in its graph objects (copying the graph, edge views,
building each level's graph) rather than in the algorithm. This is the same
algorithm (``nx.community.louvain_communities(graph, weight="weight",
seed=seed)``, resolution 1, threshold 1e-7): the same random order of
nodes, the same gains computed by the same expressions in the same order,
the same tie-breaking and the same stopping rule, so it finds the same
partition; only the bookkeeping uses lists indexed by node number.

Edge weights must be integers (the projection's counts of shared hubs): their
sums are then exact whatever order they are added in.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx

__all__ = ["louvain_communities", "louvain_on"]

THRESHOLD = 1e-07
Adjacency = list[dict[int, int]]


def louvain_communities(graph: nx.Graph, seed: int) -> list[set[Hashable]]:
    """The communities networkx's ``louvain_communities`` finds with this seed."""
    nodes = list(graph)
    return louvain_on(nodes, _copy(graph, {u: i for i, u in enumerate(nodes)}), seed)


def louvain_on(nodes: list[Hashable], adj: Adjacency, seed: int) -> list[set[Hashable]]:
    """The same, on the graph networkx's Louvain works on: ``adj[i]`` maps neighbour to weight.

    ``adj`` must list each node's neighbours in the order networkx's copy of
    the graph has them (see :func:`_copy`); for a graph built from sorted
    edges over sorted nodes that is ascending node order, which lets the
    projection hand its counted pairs over without building a graph.
    """
    if not any(adj):
        return [{u} for u in nodes]
    rng = random.Random(seed)
    members = [[i] for i in range(len(nodes))]  # original nodes under each level node
    mod = _modularity(adj, [[i] for i in range(len(nodes))])
    inner, improvement = _one_level(adj, rng)
    members = [[u for level_node in c for u in members[level_node]] for c in inner]
    improvement, found = True, members
    while improvement:
        found = members
        new_mod = _modularity(adj, inner)
        if new_mod - mod <= THRESHOLD:
            break
        mod = new_mod
        adj = _aggregate(adj, inner)
        inner, improvement = _one_level(adj, rng)
        members = [[u for level_node in c for u in found[level_node]] for c in inner]
    return [{nodes[i] for i in c} for c in found]


def _copy(graph: nx.Graph, index: dict[Hashable, int]) -> Adjacency:
    """The graph as networkx's Louvain copies it: neighbours in the copy's order.

    networkx rebuilds the graph from its edge list (each edge once, from the
    first endpoint in node order), which can reorder neighbours; that order
    decides ties, so it is reproduced here.
    """
    adj: Adjacency = [{} for _ in index]
    seen: set[Hashable] = set()
    for u, around in graph._adj.items():  # the dicts themselves: views cost a call per edge
        i = index[u]
        for v, data in around.items():
            if v not in seen:
                j = index[v]
                adj[i][j] = adj[j][i] = data.get("weight", 1)
        seen.add(u)
    return adj


def _degrees(adj: Adjacency) -> list[int]:
    """Weighted degrees, a self-loop counted twice (as networkx counts it)."""
    return [sum(around.values()) + around.get(i, 0) for i, around in enumerate(adj)]


def _modularity(adj: Adjacency, communities: list[list[int]]) -> float:
    """``nx.community.modularity`` (resolution 1): the same terms summed in the same order."""
    degree = _degrees(adj)
    deg_sum = sum(degree)
    m = deg_sum / 2
    norm = 1 / deg_sum**2

    def contribution(community: list[int]) -> float:
        inside = set(community)
        links = sum(w for u in community for v, w in adj[u].items() if v in inside and v >= u)
        total = sum(degree[u] for u in community)
        return links / m - 1 * total * total * norm

    return sum(map(contribution, communities))


def _one_level(adj: Adjacency, rng: random.Random) -> tuple[list[list[int]], bool]:
    """One pass of local moves: the non-empty communities in index order, and whether any moved."""
    degrees = _degrees(adj)
    m = sum(degrees) / 2
    twice_m_squared = 2 * m**2
    stot = list(degrees)
    nbrs = [{v: w for v, w in around.items() if v != u} for u, around in enumerate(adj)]
    node2com = list(range(len(adj)))
    order = list(range(len(adj)))
    rng.shuffle(order)
    moves, improvement = 1, False
    while moves > 0:
        moves = 0
        for u in order:
            best_mod: float = 0
            best_com = node2com[u]
            weights: defaultdict[int, float] = defaultdict(float)
            for v, w in nbrs[u].items():
                weights[node2com[v]] += w
            degree = degrees[u]
            stot[best_com] -= degree
            remove_cost = -weights[best_com] / m + 1 * (stot[best_com] * degree) / twice_m_squared
            for com, w in weights.items():
                gain = remove_cost + w / m - 1 * (stot[com] * degree) / twice_m_squared
                if gain > best_mod:
                    best_mod = gain
                    best_com = com
            stot[best_com] += degree
            if best_com != node2com[u]:
                improvement = True
                moves += 1
                node2com[u] = best_com
    grouped: dict[int, list[int]] = defaultdict(list)
    for u, com in enumerate(node2com):
        grouped[com].append(u)
    return [grouped[c] for c in sorted(grouped)], improvement


def _aggregate(adj: Adjacency, communities: list[list[int]]) -> Adjacency:
    """The next level's graph: one node per community, edges summed, in networkx's order."""
    com_of = [0] * len(adj)
    for i, community in enumerate(communities):
        for u in community:
            com_of[u] = i
    out: Adjacency = [{} for _ in communities]
    for u, around in enumerate(adj):
        cu = com_of[u]
        for v, w in around.items():
            if v >= u:  # each edge once, from its first endpoint, as networkx walks edges
                cv = com_of[v]
                out[cu][cv] = out[cv][cu] = w + out[cu].get(cv, 0)
    return out
