"""Views: a question's answer or a subgraph turned into a :class:`MapView`."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from viz.html_map import MapView
from viz.style import KIND_COLOURS, legend, node_style

__all__ = ["connections_view"]


def _node(kg: KnowledgeGraph, node_id: str, degree: float) -> dict[str, Any]:
    data = kg.graph.nodes[node_id]
    lab = SCHEMA.label(data["label"])
    lines = [data["name"], f"{lab.zh} {lab.en}"]
    if data["aliases"]:
        lines.append("别名 aliases: " + "、".join(data["aliases"]))
    lines += [f"{k}: {v}" for k, v in sorted(data["props"].items())]
    lines.append("来源 sources: " + "；".join(_source_titles(kg, data["sources"])))
    return {
        "id": node_id,
        "label": data["name"],
        "name": data["name"],
        "aliases": list(data["aliases"]),
        "group": data["label"],
        "title": "\n".join(lines),
        "value": degree,
        **node_style(data["label"]),
    }


def _source_titles(kg: KnowledgeGraph, source_ids: list[str]) -> list[str]:
    titles = []
    for sid in source_ids:
        if sid in kg.graph:
            node = kg.graph.nodes[sid]
            url = node["props"].get("url")
            titles.append(f"{node['name']} {url}" if url else node["name"])
        else:
            titles.append(sid)
    return titles


def connections_view(
    kg: KnowledgeGraph, frame: pd.DataFrame, *, query: str, params: dict[str, Any]
) -> MapView:
    """Schools and enterprises, one line per connected pair (width = strength)."""
    strength: dict[str, float] = {}
    edges = []
    for row in frame.itertuples(index=False):
        for node_id in (row.enterpriseId, row.schoolId):
            strength[node_id] = strength.get(node_id, 0.0) + float(row.strength)
        strongest = row.kinds.split("、")[0]
        edges.append(
            {
                "from": row.enterpriseId,
                "to": row.schoolId,
                "width": 1 + 1.5 * float(row.strength),
                "color": KIND_COLOURS[strongest],
                "title": f"{row.enterprise} ↔ {row.school}\n强度 strength {row.strength:g}\n"
                f"{row.via}\n来源 sources: {row.sources}",
                "kinds": row.kinds.split("、"),
            }
        )
    nodes = [_node(kg, n, s) for n, s in strength.items()]
    shown = ", ".join(f"{k}={v}" for k, v in params.items() if v) or "all pairs"
    return MapView(
        title="企业—学校联系 Enterprise–school connections",
        subtitle=f"{len(nodes)} 个单位 organisations, {len(edges)} 对联系 connected pairs "
        f"({shown}); 线宽 = 强度 line width = strength, 颜色 = 最强联系 colour = strongest kind",
        nodes=nodes,
        edges=edges,
        legend=legend(n["group"] for n in nodes),
        edge_legend=[{"text": k, "colour": c} for k, c in KIND_COLOURS.items()],
        query=f"{query} {json.dumps(params, ensure_ascii=False)}",
    )
