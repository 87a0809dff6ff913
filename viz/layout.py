"""Positions for big maps, computed in Python so the browser does no physics.

vis-network's physics stalls the page for minutes above about a thousand
nodes, so a big view arrives with every node already placed. Each connected
component is laid out on its own and the components are packed in rows,
largest first, the way an analyst scans a page. Components under 500 nodes
use :func:`networkx.spring_layout` (its dense Fruchterman–Reingold solver);
bigger ones use :func:`force_layout`, the same forces with the repulsion of
far nodes summed per grid cell, because networkx's own solver for big graphs
needs scipy and takes about a minute for 5,000 nodes on two cores.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np

__all__ = ["SPACING", "force_layout", "positions"]

#: Typical distance in pixels between two linked nodes on the page.
SPACING = 140.0
_DENSE_LIMIT = 500


def positions(
    nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]], seed: int = 7
) -> dict[Hashable, tuple[float, float]]:
    """Page coordinates (pixels) for every node, components packed in rows.

    >>> pos = positions(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos) == ["a", "b", "c"] and pos["a"] != pos["b"]
    True
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(map(str, c))))
    placed = [_component(g.subgraph(part), seed) for part in parts]
    return _pack(placed)


def _component(g: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    """One component in pixels, with its bounding box starting at (0, 0)."""
    n = len(g)
    if n == 1:
        return {next(iter(g)): np.zeros(2)}
    if n < _DENSE_LIMIT:
        raw = nx.spring_layout(g, seed=seed, iterations=80)
    else:
        raw = force_layout(g, seed=seed)
    pos = np.array([raw[v] for v in g], dtype=float)
    # Scale so linked nodes sit about SPACING apart whatever the solver's unit.
    lengths = [np.linalg.norm(raw[a] - raw[b]) for a, b in g.edges()]
    typical = float(np.median(lengths)) if lengths else 1.0
    pos = (pos - pos.min(axis=0)) * (SPACING / max(typical, 1e-9))
    return dict(zip(g, pos, strict=True))


def _pack(parts: list[dict[Hashable, np.ndarray]]) -> dict[Hashable, tuple[float, float]]:
    """Shelf packing: fill rows about as wide as the whole drawing is tall."""
    sizes = [np.max(np.array(list(p.values())), axis=0) + SPACING for p in parts]
    area = sum(float(w * h) for w, h in sizes)
    row_width = max(math.sqrt(area), max((float(w) for w, _ in sizes), default=0.0))
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, (w, h) in zip(parts, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            out[node] = (round(float(px + x), 1), round(float(py + y), 1))
        x += float(w)
        row_height = max(row_height, float(h))
    return out


def force_layout(g: nx.Graph, seed: int = 7, iterations: int = 80) -> dict[Hashable, np.ndarray]:
    """Fruchterman–Reingold in the unit square with grid-cell repulsion.

    Every node is pushed away from the centre of mass of each occupied grid
    cell (about eight nodes a cell) instead of from every other node, which
    turns the O(n²) step into O(n·n/8) array arithmetic: about a second for
    5,000 nodes. Pulls along edges are exact.

    >>> pos = force_layout(nx.path_graph(600), seed=1)
    >>> len(pos), bool(np.linalg.norm(pos[0] - pos[599]) > np.linalg.norm(pos[0] - pos[1]))
    (600, True)
    """
    nodes = list(g)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([(index[a], index[b]) for a, b in g.edges() if a != b], dtype=int)
    ends = ends.reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k2 = 1.0 / n  # the ideal distance k = 1/sqrt(n), squared
    k = math.sqrt(k2)
    cells = max(1, int(math.sqrt(n / 8)))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, cells, k2)
        if len(ends):
            delta = pos[ends[:, 0]] - pos[ends[:, 1]]
            pull = delta * np.sqrt((delta * delta).sum(axis=1))[:, None] / k
            np.add.at(disp, ends[:, 0], -pull)
            np.add.at(disp, ends[:, 1], pull)
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-12
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return {v: pos[i] for v, i in index.items()}


def _repulsion(pos: np.ndarray, cells: int, k2: float) -> np.ndarray:
    """Push of every grid cell's mass on every node; a node's own cell excludes itself."""
    low = pos.min(axis=0)
    span = pos.max(axis=0) - low + 1e-9
    cell_xy = np.minimum(((pos - low) / span * cells).astype(int), cells - 1)
    cell = cell_xy[:, 0] * cells + cell_xy[:, 1]
    count = np.bincount(cell, minlength=cells * cells).astype(float)
    occupied = np.flatnonzero(count)
    slot = np.full(cells * cells, -1)
    slot[occupied] = np.arange(len(occupied))
    mass = count[occupied]
    sums = np.stack(
        [np.bincount(cell, weights=pos[:, d], minlength=cells * cells)[occupied] for d in (0, 1)],
        axis=1,
    )
    centre = sums / mass[:, None]
    own = slot[cell]
    # float32 halves the memory traffic of the n × cells arrays, the cost here.
    p32, c32 = pos.astype(np.float32), centre.astype(np.float32)
    dx = p32[:, 0, None] - c32[None, :, 0]
    dy = p32[:, 1, None] - c32[None, :, 1]
    weight = mass.astype(np.float32)[None, :] * np.float32(k2) / (dx * dx + dy * dy + 1e-12)
    weight[np.arange(len(pos)), own] = 0.0
    disp = np.stack([(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)], axis=1)
    disp = disp.astype(float)
    # The node's own cell, seen from the node: the centre of its cell-mates.
    mates = mass[own] - 1
    has = mates > 0
    centre_mates = (sums[own] - pos) / np.where(has, mates, 1.0)[:, None]
    away = pos - centre_mates
    dist2 = (away * away).sum(axis=1) + 1e-12
    disp += np.where(has, mates * k2 / dist2, 0.0)[:, None] * away
    return disp
