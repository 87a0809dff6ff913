"""How two named nodes are connected: the best explained paths, hop by hop.

Paths run through organisations, projects, alliances, events and people,
never through context nodes (regions, industries, sources: "both are in
Zhejiang" explains nothing), and by default not through supernodes (nodes
with more than ``max_degree`` relationships, such as a ministry that guides
everything) unless ``hubs=true``. Among the simple paths of at most ``k``
hops, the ``n`` best are kept: cheapest first, where a hop costs 1 when it is
working together (signed, partners, project, membership, employment, parent
body) and 2 when it only shows presence (attended, hosted, guided, supported,
established at an event); then fewest hops, then by name.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from typing import Any

import pandas as pd

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries.backend import (
    Backend,
    Run,
    any_node_by_id,
    citations,
    cite,
    cypher_runner,
    rows,
)
from queries.explain import Hop, describe_rel, paragraphs
from queries.names import LABEL, REL
from queries.question import Param, Question

__all__ = ["CONTEXT_LABELS", "MAX_HOPS", "QUESTION", "passable", "path_rows"]

MAX_HOPS = 5
CONTEXT_LABELS = (LABEL.Region, LABEL.Industry, LABEL.Source)
WEAK = (REL.ATTENDED, REL.HOSTED, REL.GUIDES, REL.SUPPORTS, REL.ESTABLISHED)
CONTEXT_RELS = (REL.LOCATED_IN, REL.IN_INDUSTRY, REL.TARGETS_INDUSTRY)
DETAIL = ("agreement", "role", "title")
RAW_COLUMNS = (
    "pathIds", "pathNames", "step", "startId", "start", "type", "endId", "end",
    "agreement", "role", "title", "sources", "since",
)  # fmt: skip


HOP_COST_MAX = 3


def hop_cost(rel_type: str) -> int:
    """1 for working together, 2 for presence, 3 for context."""
    return HOP_COST_MAX if rel_type in CONTEXT_RELS else 2 if rel_type in WEAK else 1


def passable(kg: KnowledgeGraph, node: str, hubs: bool, max_degree: int) -> bool:
    """Whether a path or a neighbourhood may go *through* ``node``."""
    data = kg.graph.nodes[node]
    if data["label"] in CONTEXT_LABELS:
        return False
    return hubs or kg.graph.degree(node) <= max_degree


def path_rows(kg: KnowledgeGraph, node_paths: list[list[str]]) -> pd.DataFrame:
    """Raw rows: one per (path, step, relationship joining the step's two nodes)."""
    g = kg.graph
    out = []
    for ids in node_paths:
        names = [g.nodes[n]["name"] for n in ids]
        for step, (u, v) in enumerate(itertools.pairwise(ids)):
            for s, t in ((u, v), (v, u)):
                for key, data in (g.get_edge_data(s, t) or {}).items():
                    props = data["props"]
                    out.append(
                        (list(ids), names, step, s, g.nodes[s]["name"], key, t,
                         g.nodes[t]["name"], *(props.get(k) for k in DETAIL),
                         list(data["sources"]), props.get("since") or props.get("date"))
                    )  # fmt: skip
    return pd.DataFrame(out, columns=list(RAW_COLUMNS))


def path(
    kg: KnowledgeGraph,
    a: str,
    b: str,
    k: int = 4,
    n: int = 3,
    hubs: bool = False,
    max_degree: int = 50,
    **_: Any,
) -> pd.DataFrame:
    """Raw hops of the cheapest simple paths of at most ``k`` hops from ``a`` to ``b`` (ids).

    Listing every simple path is exponential in ``k`` (hours between two
    busy nodes of a 14,000-organisation graph), so only the paths that can
    rank among the ``n`` best are listed: all paths costing at most ``C``,
    for the least ``C`` that gives ``n`` of them (or every path, when there
    are fewer). Ties at ``C`` are all kept, so the ranking in the answer is
    the one every path would give. Paths of 1, 2, … hops are tried in turn,
    as on Neo4j (see ``_cypher_raw``): between busy nodes the answer
    usually settles at two or three hops, near the ends.

    Examples
    --------
    >>> from queries import ask
    >>> df = ask("path", shaoxing, a="绍兴中科通信设备有限公司", b="浙江工业职业技术学院")
    >>> df[df.path == 1][["from", "to"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['绍兴中科通信设备有限公司', '绍兴中专'], ['绍兴中专', '绍兴数字工匠“中高政园企”共育联盟'],
     ['绍兴数字工匠“中高政园企”共育联盟', '浙江工业职业技术学院']]
    """
    _check(a, b)
    search = _Search(kg, a, b, hubs, max_degree)
    want = max(n, 1)
    # As on Neo4j: 1, 2, … hops until no longer path can rank among the best.
    for hops in range(1, k + 1):
        search.limit(hops)
        found = search.best(want)
        costs = sorted(search.cost_of(p) for p in found)
        if len(costs) >= want and costs[want - 1] <= hops + 1:
            break
    return path_rows(kg, [list(p) for p in sorted(found)])


class _Search:
    """Cost-bounded listing of simple paths, pruned by distances to the target."""

    def __init__(self, kg: KnowledgeGraph, a: str, b: str, hubs: bool, max_degree: int) -> None:
        self.kg, self.a, self.b, self.k = kg, a, b, 0
        self.hubs, self.max_degree = hubs, max_degree
        self._through: dict[str, bool] = {}
        self._steps: dict[str, dict[str, int]] = {}
        self.hops: dict[str, int] = {}
        self.cost: dict[str, int] = {}

    def limit(self, k: int) -> None:
        """Search paths of at most ``k`` hops from now on."""
        if k != self.k:
            self.k = k
            self.hops, self.cost = self._distances()

    def cost_of(self, path: tuple[str, ...]) -> int:
        """A path's cost: the cheapest relationship of each hop, added up."""
        return sum(self.steps(u)[v] for u, v in itertools.pairwise(path))

    def through(self, node: str) -> bool:
        """Whether a path may pass through ``node`` (remembered per node)."""
        ok = self._through.get(node)
        if ok is None:
            ok = self._through[node] = passable(self.kg, node, self.hubs, self.max_degree)
        return ok

    def steps(self, node: str) -> dict[str, int]:
        """Neighbour → cost of the cheapest relationship joining it to ``node``, either way."""
        found = self._steps.get(node)
        if found is None:
            g = self.kg.graph
            found = {}
            for adj in (g._succ[node], g._pred[node]):
                for nb, keys in adj.items():
                    cost = min(hop_cost(key) for key in keys)
                    found[nb] = min(cost, found.get(nb, cost))
            self._steps[node] = found
        return found

    def _distances(self) -> tuple[dict[str, int], dict[str, int]]:
        """Fewest hops and least cost from each node near ``b`` to ``b``.

        Only nodes within ``k - 1`` hops of ``b`` through passable nodes
        can start the rest of a path; the least cost is taken over paths
        among those nodes, which every path short enough to count uses.
        """
        hops = {self.b: 0}
        frontier = [self.b]
        for depth in range(1, self.k):
            nxt = []
            for node in frontier:
                if node != self.b and (node == self.a or not self.through(node)):
                    continue
                for nb in self.steps(node):
                    if nb not in hops:
                        hops[nb] = depth
                        nxt.append(nb)
            frontier = nxt
        cost = {self.b: 0}
        heap = [(0, self.b)]
        while heap:
            c, node = heapq.heappop(heap)
            if c > cost[node] or (node != self.b and (node == self.a or not self.through(node))):
                continue
            for nb, step in self.steps(node).items():
                if nb in hops and c + step < cost.get(nb, c + step + 1):
                    cost[nb] = c + step
                    heapq.heappush(heap, (c + step, nb))
        return hops, cost

    def best(self, n: int) -> set[tuple[str, ...]]:
        """Every path costing at most ``C``, for the least ``C`` giving ``n`` paths."""
        first = self._start_cost()
        if first is None:
            return set()
        found: set[tuple[str, ...]] = set()
        for bound in range(first, HOP_COST_MAX * self.k + 1):
            found = self.within(bound)
            if len(found) >= n:
                break
        return found

    def _start_cost(self) -> int | None:
        """The least cost any path from ``a`` can have, or None when none can exist."""
        costs = [
            step + self.cost[nb]
            for nb, step in self.steps(self.a).items()
            if nb in self.cost and self.hops[nb] < self.k
        ]
        return min(costs) if costs else None

    def within(self, bound: int) -> set[tuple[str, ...]]:
        """All simple paths from ``a`` to ``b`` of at most ``k`` hops costing ≤ ``bound``."""
        out: set[tuple[str, ...]] = set()
        trail = [self.a]
        on_trail = {self.a}

        def extend(node: str, spent: int) -> None:
            for nb, step in self.steps(node).items():
                if nb in on_trail or nb not in self.cost:
                    continue
                total = spent + step
                if total + self.cost[nb] > bound or len(trail) + self.hops[nb] > self.k:
                    continue
                if nb == self.b:
                    out.add((*trail, nb))
                    continue
                if not self.through(nb):
                    continue
                trail.append(nb)
                on_trail.add(nb)
                extend(nb, total)
                trail.pop()
                on_trail.discard(nb)

        extend(self.a, 0)
        return out


def _check(a: str, b: str) -> None:
    if a == b:
        raise QueryError("path: a and b name the same node; give two different names")


def cypher_for(k: int) -> str:
    """The Cypher text listing paths of at most ``k`` hops (ends sought by id)."""
    return f"""{any_node_by_id("a", "a")}
{any_node_by_id("b", "b")}
MATCH p = (a)-[*1..{k}]-(b)
WHERE length(p) <= $k
  AND all(x IN nodes(p)[1..-1]
          WHERE NOT (x:{LABEL.Region} OR x:{LABEL.Industry} OR x:{LABEL.Source})
      AND ($hubs OR COUNT {{ (x)--() }} <= $max_degree))
WITH p, [x IN nodes(p) | x.id] AS ids
WHERE all(i IN range(0, size(ids) - 2) WHERE NOT ids[i] IN ids[i + 1..])
UNWIND range(0, length(p) - 1) AS step
WITH p, ids, step, relationships(p)[step] AS r
RETURN ids AS pathIds, [x IN nodes(p) | x.name] AS pathNames, step,
       startNode(r).id AS startId, startNode(r).name AS start, type(r) AS type,
       endNode(r).id AS endId, endNode(r).name AS end,
       r.agreement AS agreement, r.role AS role, r.title AS title,
       coalesce(r.sources, []) AS sources, coalesce(r.since, r.date) AS since"""


CYPHER = cypher_for(MAX_HOPS)


def _cypher_raw(run: Run, params: dict[str, Any]) -> pd.DataFrame:
    """Paths of at most 1, 2, … hops, until no longer path can rank among the ``n`` best.

    A hop costs at least 1, so a path of more than ``h`` hops costs more
    than ``h``; once the ``n``-th cheapest path of at most ``h`` hops costs
    at most ``h + 1``, every longer path ranks after it (on cost, then on
    hops). Between two busy nodes most answers settle at two or three hops,
    where listing every path of ``k`` hops takes minutes.
    """
    _check(params["a"], params["b"])
    for hops in range(1, params["k"] + 1):
        raw = run(cypher_for(hops))
        costs = sorted(_cost(s) for s in _steps(rows(raw))[0].values())
        if params["n"] <= 0 or (len(costs) >= params["n"] and costs[params["n"] - 1] <= hops + 1):
            break
    return raw


cypher_runner("path", _cypher_raw)


def _post(raw: pd.DataFrame, params: dict[str, Any], backend: Backend) -> pd.DataFrame:
    _check(params["a"], params["b"])
    steps, names = _steps(rows(raw))
    ranked = sorted(
        steps,
        key=lambda p: (_cost(steps[p]), len(p), names[p], p),
    )[: params["n"]]
    titles = cite(backend, (s for p in ranked for st in steps[p].values()
                            for r in st.values() for s in r["sources"] or ()))  # fmt: skip
    out = []
    for number, key in enumerate(ranked, start=1):
        out.extend(_path_rows(number, key, names[key], steps[key], titles))
    return pd.DataFrame(out, columns=list(QUESTION.columns))


Steps = dict[int, dict[tuple[Any, ...], dict[str, Any]]]


def _steps(
    found: list[dict[str, Any]],
) -> tuple[dict[tuple[str, ...], Steps], dict[tuple[str, ...], list[str]]]:
    """Raw rows grouped: path ids → step → relationship → row, and path ids → names."""
    steps: dict[tuple[str, ...], Steps] = defaultdict(lambda: defaultdict(dict))
    names: dict[tuple[str, ...], list[str]] = {}
    for row in found:
        key = tuple(row["pathIds"])
        names[key] = list(row["pathNames"])
        rel_key = (row["startId"], row["type"], row["endId"])
        steps[key][int(row["step"])][rel_key] = row
    return steps, names


def _cost(step_rels: dict[int, dict[tuple[Any, ...], dict[str, Any]]]) -> int:
    return sum(min(hop_cost(r["type"]) for r in rels.values()) for rels in step_rels.values())


def _hop(row: dict[str, Any], path_start: str) -> Hop:
    """A hop in its stored direction; symmetric types read in path order."""
    start, end = row["start"], row["end"]
    if SCHEMA.rel(row["type"]).symmetric and row["startId"] != path_start:
        start, end = end, start
    props = {k: row[k] for k in DETAIL if row[k]}
    return Hop(start, row["type"], end, props, tuple(row["sources"] or ()))


def _path_rows(
    number: int,
    ids: tuple[str, ...],
    names: list[str],
    step_rels: dict[int, dict[tuple[Any, ...], dict[str, Any]]],
    titles: dict[str, str],
) -> list[dict[str, Any]]:
    hops_per_step, out = [], []
    all_sources: set[str] = set()
    for step in range(len(ids) - 1):
        rels = [step_rels[step][k] for k in sorted(step_rels[step])]
        hops = [_hop(r, ids[step]) for r in rels]  # fmt: skip
        hops_per_step.append(hops)
        sources = sorted({s for h in hops for s in h.sources})
        all_sources.update(sources)
        dates = [str(r["since"]) for r in rels if r["since"]]
        out.append(
            {
                "path": number,
                "step": step + 1,
                "from": names[step],
                "relation": "；".join(
                    describe_rel(h, r["startId"] == ids[step])
                    for h, r in zip(hops, rels, strict=True)
                ),
                "to": names[step + 1],
                "since": min(dates) if dates else "",
                "sources": citations(sources, titles),
                "cost": _cost(step_rels),
                "fromId": ids[step],
                "toId": ids[step + 1],
            }
        )
    zh, en = paragraphs(names[0], names[-1], hops_per_step, sorted(titles[s] for s in all_sources))
    for row in out:
        row["explanationZh"], row["explanationEn"] = zh, en
    return out


QUESTION = Question(
    name="path",
    zh="两个节点如何相连：逐步说明并注明来源的最短路径",
    en="How two named nodes are connected: the best explained paths, each hop with its sources",
    params=(
        Param("a", node="*", required=True, help="one end: a name, alias or unique part"),
        Param("b", node="*", required=True, help="the other end"),
        Param("k", int, 4, help=f"at most this many hops (1–{MAX_HOPS})", low=1, high=MAX_HOPS),
        Param("n", int, 3, help="how many paths to show", low=1),
        Param("hubs", bool, False, help="allow paths through supernodes"),
        Param("max_degree", int, 50, help="a node with more relationships is a supernode", low=0),
    ),
    columns={
        "path": "path number, best first",
        "step": "hop number along the path",
        "from": "node at the start of the hop (in path order)",
        "relation": "relationship(s) joining the two nodes: direction, 中文, TYPE, detail",
        "to": "node at the end of the hop",
        "since": "earliest date on the hop's relationships",
        "sources": "citations of the hop's sources",
        "cost": "path cost: 1 per working-together hop, 2 per presence-only hop",
        "explanationZh": "the whole path in one Chinese paragraph, citing its sources",
        "explanationEn": "the same in English",
        "fromId": "node id at the start of the hop",
        "toId": "node id at the end of the hop",
    },
    networkx=path,
    cypher=CYPHER,
    post=_post,
    sort=("path", "step"),
    examples=(
        {"a": "绍兴中科通信设备有限公司", "b": "浙江工业职业技术学院"},
        {"a": "时立态合", "b": "绍兴中专", "k": 2},
        {"a": "绍兴市教育局", "b": "绍兴中科通信设备有限公司", "n": 5, "hubs": True},
    ),
)
