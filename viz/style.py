"""Colours, shapes and legend entries, all derived from the schema."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.schema import SCHEMA

__all__ = [
    "DEPTH_COLOURS",
    "KIND_COLOURS",
    "KIND_NAMES",
    "LINE_COLOUR",
    "legend",
    "node_style",
]

#: Colours of the link kinds of the connections view, strongest first.
KIND_COLOURS = {
    "stated": "#c62828",
    "project": "#ef6c00",
    "person": "#6a1b9a",
    "alliance": "#2e7d32",
    "event": "#90a4ae",
}
#: Names of the link kinds in the legend and filters, Chinese first.
KIND_NAMES = {
    "stated": "明确合作 stated partnership",
    "project": "共同项目 joint project",
    "person": "共同人员 shared person",
    "alliance": "同一联盟 same alliance",
    "event": "同一活动 same event",
}
#: Depth rungs 0 (co-presence only) to 6 (shared ownership): grey, then
#: warmer and darker, so deeper ties stand out.
DEPTH_COLOURS = ("#b0bec5", "#9ccc65", "#26a69a", "#ffa726", "#ef5350", "#8e24aa", "#1a237e")
#: Lines of subgraph views, whose meaning is in the tooltip and the filters.
LINE_COLOUR = "#8d99a6"


def node_style(label: str) -> dict[str, Any]:
    """vis-network colour and shape for a node of ``label``."""
    lab = SCHEMA.label(label)
    return {"color": lab.colour, "shape": lab.shape}


def legend(labels: Iterable[str]) -> list[dict[str, Any]]:
    """Legend rows (label, zh, en, colour, count) for the labels present, schema order."""
    counts = Counter(labels)
    return [
        {"label": name, "zh": lab.zh, "en": lab.en, "colour": lab.colour, "count": counts[name]}
        for name, lab in SCHEMA.labels.items()
        if counts[name]
    ]
