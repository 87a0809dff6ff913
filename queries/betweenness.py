"""Betweenness centrality (Brandes) from a set of sources, vectorised with numpy.

``brokers`` estimates betweenness on projections of 100,000 nodes and a
million edges. Brandes' algorithm in pure Python visits every edge once per
source in the interpreter (over a minute at that size); here a batch of
sources is processed together, one breadth-first level at a time, so each
level is a handful of array operations over all the (source, node) pairs it
touches. The result is networkx's ``betweenness_centrality(graph, k,
normalized=True, seed=seed)`` (unweighted, endpoints excluded) from the same
sampled sources, equal up to floating-point rounding (path counts are exact
integers; only the order of the dependency sums differs).
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from functools import cached_property

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["Adjacency", "adjacency", "betweenness", "sampled_sources"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: How many (source, node) pairs one batch holds, and one step expands at
#: most: about 20 bytes each, so that a batch's arrays fit the processor's cache.
PAIRS_IN_CACHE = 400_000


class Adjacency:
    """A graph in CSR form: ``indices[indptr[i]:indptr[i + 1]]`` are node i's neighbours.

    Built once per projection, it is what the vectorised passes index into.
    """

    def __init__(self, nodes: Sequence[Hashable], indptr: IntArray, indices: IntArray) -> None:
        self.nodes = list(nodes)
        self.indptr = indptr
        self.indices = indices

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @cached_property
    def degree(self) -> IntArray:
        """Each node's number of neighbours."""
        return np.diff(self.indptr)


def adjacency(graph: nx.Graph) -> Adjacency:
    """The CSR form of ``graph``, nodes in the graph's own order."""
    order = list(graph)
    index = {node: i for i, node in enumerate(order)}
    adj = graph._adj  # the dict of dicts itself: the views cost a call per edge
    counts = np.fromiter((len(adj[v]) for v in order), dtype=np.int64, count=len(order))
    indptr = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.fromiter(
        (index[w] for v in order for w in adj[v]), dtype=np.int64, count=int(indptr[-1])
    )
    return Adjacency(order, indptr, indices)


def sampled_sources(nodes: Sequence[Hashable], k: int | None, seed: int) -> list[Hashable]:
    """The sources networkx would sample: ``random.Random(seed).sample(nodes, k)``, or all."""
    if k is None or k == len(nodes):
        return list(nodes)
    return random.Random(seed).sample(list(nodes), k)


def betweenness(graph: nx.Graph | Adjacency, k: int | None, seed: int) -> dict[Hashable, float]:
    """Normalised betweenness, exact (``k=None``) or estimated from ``k`` seeded sources.

    Values and normalisation are networkx's (``betweenness_centrality`` with
    ``normalized=True``, ``weight=None``, ``endpoints=False``), sources drawn
    exactly as networkx draws them, so the estimate is the one networkx gives.
    """
    adj = graph if isinstance(graph, Adjacency) else adjacency(graph)
    n = adj.n
    sources = sampled_sources(adj.nodes, k, seed)
    exact = len(sources) == n
    index = {node: i for i, node in enumerate(adj.nodes)}
    picked = np.array([index[s] for s in sources], dtype=np.int64)
    between = np.zeros(n, dtype=np.float64)
    for batch in _batches(picked, adj):
        between += _dependencies(adj, batch)
    _normalise(between, picked, n, exact)
    return dict(zip(adj.nodes, between.tolist(), strict=True))


def _batches(picked: IntArray, adj: Adjacency) -> list[IntArray]:
    """Sources split so that a batch's per-pair arrays stay in the processor's cache.

    Every step reads and writes those arrays at random positions, so a batch
    of :data:`PAIRS_IN_CACHE` (source, node) pairs runs several times faster
    than all sources at once, and the pairs of one level take less memory.
    """
    size = max(1, min(len(picked), PAIRS_IN_CACHE // max(1, adj.n)))
    return [picked[i : i + size] for i in range(0, len(picked), size)]


def _dependencies(adj: Adjacency, sources: IntArray) -> FloatArray:
    """Sum over ``sources`` of each node's dependency (Brandes' delta), sources excluded.

    Pairs (source b, node v) are flattened to ``b * n + v``. Forward: each
    level's frontier expands to its neighbours; the pairs not reached yet
    form the next level, and each such step is an edge of b's shortest-path
    DAG, kept for the backward pass, which accumulates dependencies level by
    level from the deepest one.
    """
    n, b = adj.n, len(sources)
    size = b * n
    dist = np.full(size, -1, dtype=np.int32)
    sigma = np.zeros(size, dtype=np.float64)
    frontier = np.arange(b, dtype=np.int64) * n + sources
    dist[frontier] = 0
    sigma[frontier] = 1.0
    levels: list[list[tuple[IntArray, IntArray]]] = []  # DAG edges (child, parent) by level
    level = 0
    while len(frontier):
        steps = []
        for part in _parts(adj, frontier):
            parent, child = _expand(adj, part, n)
            found = dist[child]
            fresh = (found < 0) | (found == level + 1)  # or reached by an earlier part
            parent, child = parent[fresh], child[fresh]
            dist[child] = level + 1
            np.add.at(sigma, child, sigma[parent])
            steps.append((child, parent))
        level += 1
        levels.append(steps)
        frontier = np.flatnonzero(dist == level)
    delta = np.zeros(size, dtype=np.float64)
    for steps in reversed(levels):
        for child, parent in steps:
            np.add.at(delta, parent, sigma[parent] * ((1.0 + delta[child]) / sigma[child]))
    delta[np.arange(b, dtype=np.int64) * n + sources] = 0.0
    return delta.reshape(b, n).sum(axis=0)


def _parts(adj: Adjacency, frontier: IntArray) -> list[IntArray]:
    """The frontier cut into pieces of about :data:`PAIRS_IN_CACHE` neighbour pairs each."""
    reach = np.cumsum(adj.degree[frontier % adj.n])
    if not len(reach) or reach[-1] <= PAIRS_IN_CACHE:
        return [frontier]
    cuts = np.searchsorted(reach, np.arange(PAIRS_IN_CACHE, reach[-1], PAIRS_IN_CACHE))
    return [p for p in np.split(frontier, np.unique(cuts)) if len(p)]


def _expand(adj: Adjacency, frontier: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Every (frontier pair, neighbour pair) as two parallel arrays of flat pair ids."""
    row, node = np.divmod(frontier, n)
    counts = adj.degree[node]
    starts = adj.indptr[node] - (np.cumsum(counts) - counts)
    positions = np.repeat(starts, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    return np.repeat(frontier, counts), np.repeat(row * n, counts) + adj.indices[positions]


def _normalise(between: FloatArray, picked: IntArray, n: int, exact: bool) -> None:
    """networkx's rescaling, in place: by the pairs of other nodes, and by k for an estimate.

    networkx scales a sampled source's own value by ``1/((k-1)(n-2))`` and every
    other node's by ``1/(k(n-2))`` (a source is never counted as its own
    intermediate), so those are the factors here too.
    """
    pairs = n - 1
    if pairs < 2:
        return
    if exact:
        between *= 1 / (pairs * (pairs - 1))
        return
    k = len(picked)
    scale = np.full(n, 1 / (k * (pairs - 1)))
    scale[picked] = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    between *= scale
