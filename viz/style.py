"""Colours, shapes and legend entries, all derived from the schema."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.schema import SCHEMA

__all__ = ["KIND_COLOURS", "legend", "node_style"]

#: Colours of the link kinds of the connections view, strongest first.
KIND_COLOURS = {
    "stated": "#c62828",
    "project": "#ef6c00",
    "person": "#6a1b9a",
    "alliance": "#2e7d32",
    "event": "#90a4ae",
}


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
