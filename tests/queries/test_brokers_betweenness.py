"""The vectorised betweenness gives networkx's values, exact and sampled.

``brokers`` ranks by these values on both backends, so a mistake here would
reorder the brokers an analyst reads; networkx's own function is the
reference (same sources, same normalisation).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from queries import betweenness as vectorised


def _graph(seed: int) -> nx.Graph:
    """A random graph with string ids, a second component and an isolated node."""
    graph = nx.gnm_random_graph(60 + 5 * seed, 150 + 9 * seed, seed=seed)
    graph = nx.relabel_nodes(graph, {v: f"n{v:03d}" for v in graph})
    graph.add_edges_from([("island-a", "island-b"), ("island-b", "island-c")])
    graph.add_node("alone")
    return graph


def _assert_close(got: dict, want: dict) -> None:
    assert list(got) == list(want)
    for node, value in want.items():
        assert got[node] == pytest.approx(value, rel=1e-12, abs=1e-15), node


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [None, 12])
def test_values_are_networkx_values(seed: int, k: int | None) -> None:
    graph = _graph(seed)
    want = nx.betweenness_centrality(graph, k=k, normalized=True, seed=7)
    _assert_close(vectorised.betweenness(graph, k, 7), want)


@pytest.mark.parametrize("k", [None, 12])
def test_small_batches_and_split_levels_give_the_same_values(
    k: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of one source and levels cut into many parts (as on a large graph)."""
    graph = nx.connected_watts_strogatz_graph(120, 8, 0.2, seed=3)
    want = nx.betweenness_centrality(graph, k=k, normalized=True, seed=7)
    monkeypatch.setattr(vectorised, "PAIRS_IN_CACHE", 40)
    adj = vectorised.adjacency(graph)
    assert len(vectorised._parts(adj, np.arange(adj.n))) > 1
    _assert_close(vectorised.betweenness(graph, k, 7), want)


def test_a_node_on_every_shortest_path_gets_them_all() -> None:
    """The centre of a star lies on every path between two leaves: exactly 1 normalised."""
    star = nx.star_graph(9)
    values = vectorised.betweenness(star, None, 7)
    assert values[0] == pytest.approx(1.0)
    assert all(values[leaf] == 0 for leaf in range(1, 10))


def test_two_equal_paths_share_the_credit() -> None:
    """In a 4-cycle each node carries half of the one pair it sits between."""
    values = vectorised.betweenness(nx.cycle_graph(4), None, 7)
    assert values == pytest.approx({v: 0.5 / 3 for v in range(4)})


def test_the_estimate_is_the_same_every_time() -> None:
    graph = _graph(2)
    assert vectorised.betweenness(graph, 10, 7) == vectorised.betweenness(graph, 10, 7)
    assert vectorised.betweenness(graph, 10, 7) != vectorised.betweenness(graph, 10, 8)
