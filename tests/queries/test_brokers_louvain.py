"""The list-based Louvain finds networkx's partition, seed for seed.

``communities`` lists these groups and ``brokers`` names the groups each
broker bridges, on both backends; a different partition would renumber
and regroup what an analyst reads, so networkx's own function is the reference.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from queries.louvain import louvain_communities


def _same(graph: nx.Graph, seed: int) -> None:
    want = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    got = louvain_communities(graph, seed)
    assert sorted(sorted(map(str, c)) for c in got) == sorted(sorted(map(str, c)) for c in want)


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_karate_club(seed: int) -> None:
    _same(nx.karate_club_graph(), seed)  # weighted, many near ties


@pytest.mark.parametrize("seed", range(8))
def test_weighted_cliques_in_shuffled_node_order(seed: int) -> None:
    """Overlapping hubs give integer weights; nodes are added out of order, with a self-loop."""
    rng = random.Random(seed)
    graph = nx.Graph()
    names = [f"org{i:03d}" for i in range(150)]
    rng.shuffle(names)
    graph.add_nodes_from(names)
    for _ in range(90):
        members = rng.sample(names, rng.randint(2, 6))
        for a in members:
            for b in members:
                if a < b:
                    w = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                    graph.add_edge(a, b, weight=w + 1)
    graph.add_edge(names[0], names[0], weight=2)
    graph.add_node("alone")
    _same(graph, 7)


def test_unweighted_ring_of_cliques() -> None:
    """Every gain ties between equal cliques: the tie-breaking must be networkx's."""
    _same(nx.ring_of_cliques(12, 5), 7)


def test_no_edges_gives_one_community_per_node() -> None:
    graph = nx.empty_graph(["b", "a", "c"])
    assert louvain_communities(graph, 7) == [{"b"}, {"a"}, {"c"}]
