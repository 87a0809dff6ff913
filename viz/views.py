"""Views: a question's answer or a subgraph turned into a :class:`MapView`.

Two shapes cover every map: the connections view (one line per
enterprise–school pair from the ``connections`` question) and the subgraph
view (the graph's own nodes and relationships around a name, an alliance, a
path or an industry). Both describe themselves: what is shown, how it was
filtered, and how to ask for it again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from viz.elements import edge_tip, node_item, sources_of, year_of
from viz.html_map import MapView
from viz.style import DEPTH_COLOURS, KIND_COLOURS, KIND_NAMES, LINE_COLOUR, legend

__all__ = ["connections_view", "short_via", "subgraph_view"]

#: The connections question's depth rung (0–6) and its name in words.
DEPTH_LEVEL, DEPTH_TEXT = "depthLevel", "depth"
SOURCE = SCHEMA.label("Source").name


def connections_view(
    kg: KnowledgeGraph, frame: pd.DataFrame, *, query: str, params: dict[str, Any]
) -> MapView:
    """Schools and enterprises, one line per connected pair.

    Line width is the pair's strength; colour is its depth level when the
    question gives one, else the strongest kind of link.
    """
    depth = DEPTH_LEVEL if DEPTH_LEVEL in frame.columns else None
    top = float(frame["strength"].max()) if len(frame) else 1.0
    strength: dict[str, float] = defaultdict(float)
    source_ids = _source_ids(kg)
    edges = []
    for i, row in enumerate(frame.to_dict("records")):
        strength[row["enterpriseId"]] += float(row["strength"])
        strength[row["schoolId"]] += float(row["strength"])
        kinds = [k for k in str(row["kinds"]).split("、") if k]
        colour = (
            DEPTH_COLOURS[min(int(row[depth]), len(DEPTH_COLOURS) - 1)]
            if depth
            else KIND_COLOURS.get(kinds[0], LINE_COLOUR)
        )
        edges.append(
            {
                "id": f"pair-{i}",
                "from": row["enterpriseId"],
                "to": row["schoolId"],
                "width": 1 + 7 * float(row["strength"]) / (top or 1.0),
                "color": colour,
                "kinds": kinds,
                "year": int(str(row["since"])[:4]) if str(row["since"])[:4].isdigit() else None,
                "tip": _pair_tip(kg, row, depth, source_ids),
            }
        )
    nodes = [node_item(kg, n, s) for n, s in strength.items()]
    if depth:
        colour_legend = _depth_legend(frame)
    else:
        colour_legend = [{"text": KIND_NAMES[k], "colour": c} for k, c in KIND_COLOURS.items()]
    coloured_by = (
        "颜色 = 深度 colour = depth level" if depth else "颜色 = 最强联系 colour = strongest kind"
    )
    return MapView(
        title="企业—学校联系 Enterprise–school connections",
        subtitle=f"{len(nodes)} 个单位 {_count_word(len(nodes), 'organisation')}, "
        f"{len(edges)} 对联系 {_count_word(len(edges), 'connected pair')}; "
        f"线宽 = 强度 line width = strength, {coloured_by}",
        nodes=nodes,
        edges=edges,
        legend=legend(n["group"] for n in nodes),
        edge_legend=colour_legend,
        edge_filters=_kind_filters(edges, KIND_NAMES),
        query=query,
        params=params,
    )


def short_via(via: str, keep: int = 6) -> str:
    """The intermediaries of each kind, at most ``keep`` named (a tooltip, not a report).

    >>> short_via("alliance: 甲、乙、丙；event: 丁", keep=2)
    'alliance: 甲、乙 …(共 3 in all)；event: 丁'
    """
    parts = []
    for part in via.split("；"):
        kind, sep, names = part.partition(": ")
        items = names.split("、") if sep else []
        if len(items) > keep:
            part = f"{kind}: {'、'.join(items[:keep])} …(共 {len(items)} in all)"
        parts.append(part)
    return "；".join(parts)


def _depth_legend(frame: pd.DataFrame) -> list[dict[str, str]]:
    """One row per rung present, deepest first, with its words and pair count."""
    counts = frame.groupby(DEPTH_LEVEL).size()
    words = frame.groupby(DEPTH_LEVEL)[DEPTH_TEXT].first() if DEPTH_TEXT in frame else {}
    return [
        {
            "text": f"{words.get(level, level) if len(words) else level} ({counts[level]})",
            "colour": DEPTH_COLOURS[min(int(level), len(DEPTH_COLOURS) - 1)],
        }
        for level in sorted(counts.index, reverse=True)
    ]


def _pair_tip(
    kg: KnowledgeGraph, row: dict[str, Any], depth: str | None, source_ids: dict[str, str]
) -> dict[str, Any]:
    rows = [
        ["强度 strength", f"{float(row['strength']):g}"],
        ["方式 kinds", "、".join(KIND_NAMES.get(k, k) for k in str(row["kinds"]).split("、"))],
        ["经由 via", short_via(str(row["via"]))],
    ]
    if depth:
        rows.insert(0, ["深度 depth", str(row.get(DEPTH_TEXT) or row[depth])])
    if row.get("since"):
        rows.append(["始于 since", str(row["since"])])
    titles = [t for t in str(row["sources"]).split("；") if t]
    sources = sources_of(kg, {"sources": [source_ids.get(t, t) for t in titles]})
    return {
        "heading": f"{row['enterprise']} ↔ {row['school']}",
        "kind": "",
        "rows": rows,
        "sources": sources,
    }


def _source_ids(kg: KnowledgeGraph) -> dict[str, str]:
    """Source node ids by title: the question names sources, the tooltip cites them."""
    return {d["name"]: n for n, d in kg.graph.nodes(data=True) if d["label"] == SOURCE}


def subgraph_view(
    kg: KnowledgeGraph,
    node_ids: set[str],
    *,
    title: str,
    subtitle: str,
    query: str,
    params: dict[str, Any],
    edge_pairs: set[frozenset[str]] | None = None,
) -> MapView:
    """The graph's own nodes and relationships among ``node_ids``, one line per pair.

    Several relationships between the same two nodes share one line whose
    tooltip lists them all; ``edge_pairs`` keeps only the given pairs (a path).
    """
    arcs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in kg.edges():
        a, b = edge["source"], edge["target"]
        inside = a in node_ids and b in node_ids and a != b
        if inside and (edge_pairs is None or frozenset((a, b)) in edge_pairs):
            arcs[(min(a, b), max(a, b))].append(edge)
    degree: Counter[str] = Counter()
    edges = []
    for i, ((a, b), group) in enumerate(sorted(arcs.items())):
        degree.update((a, b))
        kinds = sorted({e["type"] for e in group})
        years = [y for y in (year_of(e["props"]) for e in group) if y]
        edges.append(
            {
                "id": f"rel-{i}",
                "from": a,
                "to": b,
                "width": 1 + 0.8 * (len(group) - 1),
                "color": LINE_COLOUR,
                "kinds": kinds,
                "year": min(years) if years else None,
                "tip": edge_tip(kg, a, b, group),
            }
        )
    nodes = [node_item(kg, n, degree[n]) for n in sorted(node_ids)]
    return MapView(
        title=title,
        subtitle=f"{subtitle}; 节点大小 = 连线数 node size = links",
        nodes=nodes,
        edges=edges,
        legend=legend(n["group"] for n in nodes),
        edge_filters=_kind_filters(
            edges, {name: f"{rel.zh} {rel.en}" for name, rel in SCHEMA.relationships.items()}
        ),
        query=query,
        params=params,
    )


def _kind_filters(edges: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    counts = Counter(k for e in edges for k in e["kinds"])
    return [{"key": k, "text": names.get(k, k), "count": counts[k]} for k in names if counts[k]]


def _count_word(n: int, one: str) -> str:
    """``one`` for one thing, its plural (with an s) otherwise."""
    return one if n == 1 else one + "s"
