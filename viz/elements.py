"""Map items (nodes and lines) built from the graph, with their tooltips.

A tooltip is structured data (heading, kind, property rows, sources), never
markup: the page builds it with ``textContent``, so a name or a link taken
from a news page is shown as text and cannot run. Sources are listed by
title with their address as plain text, and each statement's evidence (file
and row, or the sentence) so the reader can check who says so.
"""

from __future__ import annotations

from typing import Any

from graph.knowledge_graph import KnowledgeGraph
from graph.records import Provenance
from graph.schema import SCHEMA

__all__ = ["edge_tip", "node_item", "sources_of", "year_of"]

_DATE_KEYS = ("since", "date", "founded")
_MAX_EVIDENCE = 3


def year_of(props: dict[str, Any]) -> int | None:
    """The year an item starts (since, date or founded), when it has one.

    >>> year_of({"since": "2023-11-10"}), year_of({"kind": "共育项目"})
    (2023, None)
    """
    for key in _DATE_KEYS:
        value = str(props.get(key) or "")
        if len(value) >= 4 and value[:4].isdigit():
            return int(value[:4])
    return None


def sources_of(kg: KnowledgeGraph, item: dict[str, Any]) -> list[dict[str, str]]:
    """Each source of a node or edge: its title, address and where it says so."""
    out = []
    for sid in item.get("sources", []):
        node = kg.graph.nodes[sid] if sid in kg.graph else None
        props = node["props"] if node else {}
        where = [
            prov.describe()
            for prov in (Provenance.from_json(e) for e in item.get("evidence", []))
            if prov.source == sid
        ]
        out.append(
            {
                "title": str(props.get("title") or (node["name"] if node else sid)),
                "url": str(props.get("url") or ""),
                "publisher": str(props.get("publisher") or ""),
                "date": str(props.get("date") or ""),
                "where": "；".join(where[:_MAX_EVIDENCE])
                + (f" …(+{len(where) - _MAX_EVIDENCE})" if len(where) > _MAX_EVIDENCE else ""),
            }
        )
    return out


def _rows(props: dict[str, Any], declared: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, value in sorted(props.items()):
        if value in (None, ""):
            continue
        zh = declared[key].zh if key in declared else ""
        rows.append([f"{zh} {key}".strip(), str(value)])
    return rows


def node_item(kg: KnowledgeGraph, node_id: str, value: float) -> dict[str, Any]:
    """A vis-network node: name, kind, colour and shape from the schema, size ``value``."""
    data = kg.graph.nodes[node_id]
    lab = SCHEMA.label(data["label"])
    rows = _rows(data["props"], SCHEMA.node_properties(data["label"]))
    if data["aliases"]:
        rows.insert(0, ["别名 aliases", "、".join(data["aliases"])])
    rows += [[f"⚠ {key}", _claims(claims)] for key, claims in data.get("conflicts", {}).items()]
    return {
        "id": node_id,
        "label": data["name"],
        "name": data["name"],
        "aliases": list(data["aliases"]),
        "group": data["label"],
        "value": float(value),
        "color": lab.colour,
        "shape": lab.shape,
        "year": year_of(data["props"]),
        "tip": {
            "heading": data["name"],
            "kind": f"{lab.zh} {lab.en}",
            "rows": rows,
            "sources": sources_of(kg, data),
        },
    }


def _claims(claims: list[dict[str, Any]]) -> str:
    return " / ".join(f"{c['value']} ({len(c['sources'])} 来源 sources)" for c in claims)


def edge_tip(
    kg: KnowledgeGraph, source: str, target: str, arcs: list[dict[str, Any]]
) -> dict[str, Any]:
    """Tooltip of one line standing for one or more relationships between two nodes."""
    names = kg.graph.nodes[source]["name"], kg.graph.nodes[target]["name"]
    rows: list[list[str]] = []
    sources: list[dict[str, str]] = []
    for arc in arcs:
        rel = SCHEMA.rel(arc["type"])
        a, b = names if arc["source"] == source else names[::-1]
        rows.append([f"{rel.zh} {rel.en}", f"{a} → {b}"])
        rows += _rows(arc["props"], SCHEMA.rel_properties(arc["type"]))
        sources += [s for s in sources_of(kg, arc) if s not in sources]
    return {"heading": f"{names[0]} — {names[1]}", "kind": "", "rows": rows, "sources": sources}
